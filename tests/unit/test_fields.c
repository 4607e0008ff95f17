/** @file
 * VMCS field table: encodings decode by the SDM rules, no duplicates, every
 * 64-bit field has a reachable high half, known encodings spot-checked.
 */
#include "unit.h"
#include <stdio.h>
#include <string.h>
#include "vmx/fields.h"

/* Width and type implied by each Appendix B section's base encoding. */
static void test_decode_rules(void **state)
{
	(void)state;
	assert_int_equal(vmcs_enc_width(0x681E), VMCS_WNAT);
	assert_int_equal(vmcs_enc_type(0x681E), VMCS_T_GUEST);
	assert_int_equal(vmcs_enc_index(0x681E), 0xF);
	assert_int_equal(vmcs_enc_width(0x2800), VMCS_W64);
	assert_int_equal(vmcs_enc_width(0x4400), VMCS_W32);
	assert_int_equal(vmcs_enc_type(0x4400), VMCS_T_RO);
	assert_int_equal(vmcs_enc_width(0x0C00), VMCS_W16);
	assert_int_equal(vmcs_enc_type(0x0C00), VMCS_T_HOST);
	assert_int_equal(vmcs_enc_bits(0x2801), 32);
	assert_int_equal(vmcs_enc_bits(0x2800), 64);
	assert_int_equal(vmcs_enc_bits(0x4000), 32);
	assert_int_equal(vmcs_enc_bits(0x0000), 16);
	assert_true(vmcs_enc_reserved_ok(0x6C16));
	assert_false(vmcs_enc_reserved_ok(0x1000));
	assert_false(vmcs_enc_reserved_ok(0x8000));
}

static void test_table_consistent(void **state)
{
	(void)state;
	assert_true(vmcs_field_count >= 160);
	for (size_t i = 0; i < vmcs_field_count; i++) {
		const struct vmcs_field_info *f = &vmcs_fields[i];
		size_t n = strlen(f->name);

		/* FULL encodings only; reserved bits clear. */
		assert_int_equal(vmcs_enc_high(f->enc), 0);
		assert_true(vmcs_enc_reserved_ok(f->enc));
		assert_true(f->feature < VMX_FEAT_COUNT);
		/* Names follow the type: guest/host fields say so. */
		if (vmcs_enc_type(f->enc) == VMCS_T_HOST)
			assert_memory_equal(f->name, "HOST_", 5);
		if (vmcs_enc_type(f->enc) == VMCS_T_GUEST &&
		    strcmp(f->name, "VMCS_LINK_POINTER") != 0 &&
		    strcmp(f->name, "VMX_PREEMPTION_TIMER_VALUE") != 0)
			assert_memory_equal(f->name, "GUEST_", 6);
		assert_true(n > 0 && (n < 5 || strcmp(f->name + n - 5, "_HIGH") != 0));
		for (size_t j = i + 1; j < vmcs_field_count; j++) {
			if (vmcs_fields[j].enc == f->enc || !strcmp(vmcs_fields[j].name, f->name)) {
				fprintf(stderr, "duplicate %s / %s\n", f->name, vmcs_fields[j].name);
				fail();
			}
		}
		assert_ptr_equal(vmcs_field_find(f->enc), f);
		assert_ptr_equal(vmcs_field_by_name(f->name, NULL), f);
	}
}

static void test_high_halves(void **state)
{
	char buf[64], name[64];
	unsigned n64 = 0;

	(void)state;
	for (size_t i = 0; i < vmcs_field_count; i++) {
		const struct vmcs_field_info *f = &vmcs_fields[i];
		uint32_t enc = 0;

		if (vmcs_enc_width(f->enc) != VMCS_W64) {
			/* No high half for other widths. */
			assert_null(vmcs_field_find(VMCS_HIGH(f->enc)));
			continue;
		}
		n64++;
		assert_ptr_equal(vmcs_field_find(VMCS_HIGH(f->enc)), f);
		snprintf(name, sizeof(name), "%s_HIGH", f->name);
		assert_ptr_equal(vmcs_field_by_name(name, &enc), f);
		assert_int_equal(enc, VMCS_HIGH(f->enc));
		vmcs_field_format(enc, buf, sizeof(buf));
		assert_string_equal(buf, name);
	}
	assert_true(n64 >= 50);
}

static void test_known_encodings(void **state)
{
	static const struct { const char *name; uint32_t enc; } known[] = {
		{ "GUEST_RIP", 0x681E },
		{ "VMCS_LINK_POINTER", 0x2800 },
		{ "VM_INSTRUCTION_ERROR", 0x4400 },
		{ "EXIT_REASON", 0x4402 },
		{ "PIN_BASED_VM_EXEC_CONTROL", 0x4000 },
		{ "CPU_BASED_VM_EXEC_CONTROL", 0x4002 },
		{ "SECONDARY_VM_EXEC_CONTROL", 0x401E },
		{ "TERTIARY_VM_EXEC_CONTROL", 0x2034 },
		{ "VMREAD_BITMAP", 0x2026 },
		{ "VMWRITE_BITMAP", 0x2028 },
		{ "GUEST_PDPTE0", 0x280A },
		{ "GUEST_PDPTE3", 0x2810 },
		{ "EPT_POINTER", 0x201A },
		{ "VIRTUAL_PROCESSOR_ID", 0x0000 },
		{ "GUEST_ES_SELECTOR", 0x0800 },
		{ "HOST_RIP", 0x6C16 },
		{ "HOST_RSP", 0x6C14 },
		{ "EXIT_QUALIFICATION", 0x6400 },
		{ "GUEST_ACTIVITY_STATE", 0x4826 },
		{ "VMX_PREEMPTION_TIMER_VALUE", 0x482E },
		{ "HOST_IA32_SYSENTER_CS", 0x4C00 },
		{ "GUEST_TR_ACCESS_RIGHTS", 0x4822 },
		{ "CR3_TARGET_VALUE3", 0x600E },
		{ "GUEST_INTERRUPTIBILITY_STATE", 0x4824 },
		{ "VM_ENTRY_INTR_INFO_FIELD", 0x4016 },
		{ "POSTED_INTR_DESC_ADDR", 0x2016 },
		/* The newest encodings, cross-checked against Linux's enum
		 * vmcs_field (NOTIFY_WINDOW, SHARED_EPT_POINTER, PID_POINTER_TABLE,
		 * SECONDARY_VM_EXIT_CONTROLS), Intel's TDX-module vmcs_defs.h
		 * (PASID_LOW/HIGH, GUEST_UINV, LBR_CTL, PKRS) and the SDM-derived
		 * ia32-doc tables (HLAT prefix size, SPEC_CTRL mask/shadow). */
		{ "HLAT_PREFIX_SIZE", 0x0006 },
		{ "LAST_PID_POINTER_INDEX", 0x0008 },
		{ "GUEST_UINV", 0x0814 },
		{ "LOW_PASID_DIRECTORY_ADDRESS", 0x2038 },
		{ "HIGH_PASID_DIRECTORY_ADDRESS", 0x203A },
		{ "SHARED_EPT_POINTER", 0x203C },
		{ "PCONFIG_EXITING_BITMAP", 0x203E },
		{ "HLAT_POINTER", 0x2040 },
		{ "PID_POINTER_TABLE_ADDRESS", 0x2042 },
		{ "SECONDARY_VM_EXIT_CONTROLS", 0x2044 },
		{ "IA32_SPEC_CTRL_MASK", 0x204A },
		{ "IA32_SPEC_CTRL_SHADOW", 0x204C },
		{ "GUEST_IA32_LBR_CTL", 0x2816 },
		{ "GUEST_IA32_PKRS", 0x2818 },
		{ "HOST_IA32_PKRS", 0x2C06 },
		{ "INSTRUCTION_TIMEOUT_CONTROL", 0x4024 },
	};
	char buf[64];

	(void)state;
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		const struct vmcs_field_info *f = vmcs_field_find(known[i].enc);

		assert_non_null(f);
		assert_string_equal(f->name, known[i].name);
	}
	assert_int_equal(GUEST_RIP, 0x681E);
	assert_int_equal(VMCS_HIGH(EPT_POINTER), 0x201B);
	assert_null(vmcs_field_find(0x681F));  /* natural width has no high half */
	assert_null(vmcs_field_find(0x4830));  /* unassigned */
	vmcs_field_format(0x4830, buf, sizeof(buf));
	assert_string_equal(buf, "0x4830");
	assert_int_equal(vmx_features[vmcs_field_find(EPT_POINTER)->feature].kind, VMX_KIND_PROC2);
	assert_int_equal(vmx_features[vmcs_field_find(EPT_POINTER)->feature].bit, 1);
	assert_int_equal(vmx_features[vmcs_field_find(GUEST_RIP)->feature].kind, VMX_KIND_NONE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode_rules),
		cmocka_unit_test(test_table_consistent),
		cmocka_unit_test(test_high_halves),
		cmocka_unit_test(test_known_encodings),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
