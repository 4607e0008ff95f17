/** @file
 * The expected outcome of VMREAD/VMWRITE in VMX non-root operation
 * (SDM §30.3 pseudocode order: exit, VMfailInvalid, VMfailValid(12),
 * VMfailValid(13), success) and field support, on the real i7-6700K's
 * capability MSRs (tests/data/real-cpus/vmx-msrs.csv) and on the same CPU
 * with IA32_VMX_MISC bit 29 cleared: shadowing without "VMWRITE to any
 * field" exists on real CPUs (e.g. Haswell) though no Bochs model has it.
 */
#include <string.h>
#include "realcpu.h"
#include "vmx/caps.h"
#include "vmx/fields.h"
#include "vmx/shadow.h"

static struct vmx_caps skl, skl_nomisc29;
static uint8_t rbm[SHADOW_BITMAP_BYTES], wbm[SHADOW_BITMAP_BYTES];

static int load(void **state)
{
	struct realcpu rows[32];
	struct vmx_msrs m = { 0 };
	int n = realcpu_load(rows, 32);
	bool found = false;

	(void)state;
	for (int i = 0; i < n; i++)
		if (!strncmp(rows[i].cpu, "Intel Core i7-6700K", 19)) {
			m = rows[i].m;
			found = true;
		}
	if (!found || vmx_caps_decode(&m, &skl))
		return -1;
	m.val[MSR_IA32_VMX_MISC - VMX_MSR_FIRST] &= ~(1ull << 29);
	return vmx_caps_decode(&m, &skl_nomisc29);
}

static struct shadow_env env(const struct vmx_caps *c, bool link_valid)
{
	struct shadow_env e = { c->shadowing, link_valid, c->vmwrite_any, rbm, wbm };

	return e;
}

static void assert_outcome(struct outcome o, enum outcome_kind k, uint32_t code)
{
	assert_int_equal(o.kind, k);
	assert_int_equal(o.code, code);
}

static void test_caps_premise(void **state)
{
	(void)state;
	assert_true(skl.shadowing);
	assert_true(skl.vmwrite_any);
	assert_true(skl_nomisc29.shadowing);
	assert_false(skl_nomisc29.vmwrite_any);
}

/* Field support: table x features x VMCS_ENUM (0x2e: highest index 23). */
static void test_supported(void **state)
{
	(void)state;
	assert_int_equal(skl.vmcs_enum_max, 0x17);
	assert_true(shadow_field_supported(&skl, GUEST_RIP));
	assert_true(shadow_field_supported(&skl, VMCS_HIGH(TSC_OFFSET)));
	assert_true(shadow_field_supported(&skl, VMREAD_BITMAP));   /* shadowing */
	assert_true(shadow_field_supported(&skl, PML_ADDRESS));     /* 6700K has PML */
	assert_false(shadow_field_supported(&skl, TSC_MULTIPLIER)); /* index 25 > 23, no TSC scaling */
	assert_false(shadow_field_supported(&skl, VMCS_HIGH(GUEST_RIP))); /* high of natural width */
	assert_false(shadow_field_supported(&skl, 0x1000 | GUEST_RIP));   /* reserved bit 12 */
	assert_false(shadow_field_supported(&skl, (1ull << 32) | GUEST_RIP));
	assert_false(shadow_field_supported(&skl, HLAT_POINTER));   /* tertiary controls */
	assert_false(shadow_field_supported(&skl, LOW_PASID_DIRECTORY_ADDRESS));
	assert_true(shadow_field_unknown(LOW_PASID_DIRECTORY_ADDRESS));
	assert_false(shadow_field_unknown(GUEST_RIP));
	assert_true(shadow_field_read_only(EXIT_QUALIFICATION));
	assert_true(shadow_field_read_only(VMCS_HIGH(GUEST_PHYSICAL_ADDRESS)));
	assert_false(shadow_field_read_only(GUEST_RIP));
}

/* The four bitmap permutations for a read-write and a read-only field. */
static void check_perms(const struct vmx_caps *c, uint32_t enc, bool ro_fails)
{
	for (unsigned p = 0; p < 4; p++) {
		bool rb = p & 1, wb = p & 2;
		struct shadow_env e = env(c, true);
		struct outcome r, w;

		shadow_bitmap_fill(rbm, !rb);
		shadow_bitmap_fill(wbm, !wb);
		shadow_bitmap_set(rbm, enc, rb);
		shadow_bitmap_set(wbm, enc, wb);
		r = shadow_expect(&e, SHADOW_READ, enc, true);
		w = shadow_expect(&e, SHADOW_WRITE, enc, true);
		if (rb)
			assert_outcome(r, OUTCOME_VMEXIT, EXIT_REASON_VMREAD);
		else
			assert_outcome(r, OUTCOME_OK, 0);
		if (wb)
			assert_outcome(w, OUTCOME_VMEXIT, EXIT_REASON_VMWRITE);
		else if (ro_fails)
			assert_outcome(w, OUTCOME_VMFAIL_VALID, VMXERR_VMWRITE_READ_ONLY);
		else
			assert_outcome(w, OUTCOME_OK, 0);
	}
}

static void test_permutations_misc29(void **state)
{
	(void)state;
	check_perms(&skl, GUEST_RIP, false);
	check_perms(&skl, EXIT_QUALIFICATION, false); /* MISC bit 29: RO fields writable */
	check_perms(&skl, VMCS_HIGH(GUEST_PHYSICAL_ADDRESS), false);
}

static void test_permutations_no_misc29(void **state)
{
	(void)state;
	check_perms(&skl_nomisc29, GUEST_RIP, false);
	check_perms(&skl_nomisc29, EXIT_QUALIFICATION, true); /* VMfailValid(13) */
	check_perms(&skl_nomisc29, VM_INSTRUCTION_ERROR, true);
	check_perms(&skl_nomisc29, VMCS_HIGH(GUEST_PHYSICAL_ADDRESS), true);
	check_perms(&skl_nomisc29, VMCS_HIGH(TSC_OFFSET), false);
}

/* Pseudocode order: the exit test precedes the link-pointer and field tests. */
static void test_order(void **state)
{
	struct shadow_env e = env(&skl, false);

	(void)state;
	shadow_bitmap_fill(rbm, false);
	shadow_bitmap_fill(wbm, false);
	assert_outcome(shadow_expect(&e, SHADOW_READ, GUEST_RIP, true), OUTCOME_VMFAIL_INVALID, 0);
	/* link pointer ~0 wins over an unsupported encoding and a read-only field */
	assert_outcome(shadow_expect(&e, SHADOW_READ, 0x6bfe, false), OUTCOME_VMFAIL_INVALID, 0);
	e = env(&skl_nomisc29, false);
	assert_outcome(shadow_expect(&e, SHADOW_WRITE, EXIT_REASON, true), OUTCOME_VMFAIL_INVALID, 0);
	/* bits 63:15 exit before anything else */
	assert_outcome(shadow_expect(&e, SHADOW_WRITE, 0x8000 | GUEST_RIP, false), OUTCOME_VMEXIT,
		       EXIT_REASON_VMWRITE);
	e = env(&skl, true);
	assert_outcome(shadow_expect(&e, SHADOW_READ, 0x6bfe, false), OUTCOME_VMFAIL_VALID,
		       VMXERR_UNSUPPORTED_COMPONENT);
	e = env(&skl_nomisc29, true);
	/* unsupported (12) is checked before read-only (13) */
	assert_outcome(shadow_expect(&e, SHADOW_WRITE, 0x47fe, false), OUTCOME_VMFAIL_VALID,
		       VMXERR_UNSUPPORTED_COMPONENT);
	/* shadowing off: everything exits */
	e.shadowing = false;
	assert_outcome(shadow_expect(&e, SHADOW_READ, GUEST_RIP, true), OUTCOME_VMEXIT,
		       EXIT_REASON_VMREAD);
}

static void test_values(void **state)
{
	(void)state;
	assert_int_equal(shadow_read_value(GUEST_ES_SELECTOR, 0xffffffffffffffffull), 0xffff);
	assert_int_equal(shadow_read_value(GUEST_ES_LIMIT, 0x1122334455667788ull), 0x55667788);
	assert_int_equal(shadow_read_value(TSC_OFFSET, 0x1122334455667788ull), 0x1122334455667788ull);
	assert_int_equal(shadow_read_value(VMCS_HIGH(TSC_OFFSET), 0x1122334455667788ull), 0x11223344);
	assert_int_equal(shadow_write_value(VMCS_HIGH(TSC_OFFSET), 0x1122334455667788ull, 0xaabbccdd),
			 0xaabbccdd55667788ull);
	assert_int_equal(shadow_write_value(GUEST_ES_SELECTOR, 0, 0x123456789ull), 0x6789);
	assert_int_equal(shadow_write_value(GUEST_RIP, 0, 0x8000000000000001ull),
			 0x8000000000000001ull);
}

static void test_insn_info(void **state)
{
	struct shadow_insn_info d;

	(void)state;
	/* vmread %r9, %r10: register form, Reg1 = 10, Reg2 = 9 */
	shadow_insn_info_decode((9u << 28) | (1u << 10) | (10u << 3), &d);
	assert_true(d.reg_form);
	assert_int_equal(d.reg1, 10);
	assert_int_equal(d.reg2, 9);
	/* vmread %r9, 0x48(%rsi): DS, 64-bit address, base RSI, no index */
	shadow_insn_info_decode((9u << 28) | (6u << 23) | (1u << 22) | (3u << 15) | (2u << 7), &d);
	assert_false(d.reg_form);
	assert_int_equal(d.base, 6);
	assert_false(d.base_invalid);
	assert_true(d.index_invalid);
	assert_int_equal(d.seg, 3);
	assert_int_equal(d.addr_size, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_caps_premise),
		cmocka_unit_test(test_supported),
		cmocka_unit_test(test_permutations_misc29),
		cmocka_unit_test(test_permutations_no_misc29),
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_insn_info),
	};

	return cmocka_run_group_tests(tests, load, NULL);
}
