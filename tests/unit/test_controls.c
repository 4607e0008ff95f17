/** @file
 * Control adjustment from allowed-0/allowed-1 (SDM Appendix A.3) and the
 * control bit names.
 */
#include "unit.h"
#include <string.h>
#include "vmx/controls.h"

static void test_adjust(void **state)
{
	/* Bochs-like pin-based: bits 1,2,4 fixed to 1; 0,3,5,6,7 flexible. */
	struct vmx_ctl_allowed pin = vmx_ctl_from_msr(0x000000ff00000016ull);
	uint64_t v, bad;

	(void)state;
	assert_int_equal(pin.allowed0, 0x16);
	assert_int_equal(pin.allowed1, 0xff);
	assert_int_equal(vmx_ctl_adjust(&pin, PIN_BASED_NMI_EXITING | 0x16, &v, &bad), 0);
	assert_int_equal(v, 0x1e);
	assert_int_equal(bad, 0);
	/* Desired 0 but fixed 1: reported. */
	assert_int_equal(vmx_ctl_adjust(&pin, 0, &v, &bad), -1);
	assert_int_equal(v, 0x16);
	assert_int_equal(bad, 0x16);
	/* Wanted a reserved bit that must be 0: dropped and reported. */
	assert_int_equal(vmx_ctl_adjust(&pin, 0x16 | (1u << 9), &v, &bad), -1);
	assert_int_equal(v, 0x16);
	assert_int_equal(bad, 1u << 9);
	assert_true(vmx_ctl_valid(&pin, 0x16));
	assert_false(vmx_ctl_valid(&pin, 0x06));
	assert_false(vmx_ctl_valid(&pin, 0x116));
	assert_int_equal(vmx_ctl_flexible(&pin), 0xe9);
	assert_int_equal(vmx_ctl_fixed0(&pin, 32), 0xffffff00u);
	assert_int_equal(vmx_ctl_fixed1(&pin), 0x16);
}

static void test_real_cpu_lines(void **state)
{
	/* Sandy Bridge plain procbased from data/real-cpus: 0xfff9fffe0401e172. */
	struct vmx_ctl_allowed proc = vmx_ctl_from_msr(0xfff9fffe0401e172ull);
	uint64_t v, bad;

	(void)state;
	assert_int_equal(vmx_ctl_adjust(&proc, CPU_BASED_ACTIVATE_SECONDARY_CONTROLS |
				       CPU_BASED_HLT_EXITING, &v, &bad), -1);
	assert_int_equal(v, 0x8401e1f2ull);
	assert_int_equal(bad, 0x0401e172ull & ~CPU_BASED_HLT_EXITING);
	/* Bit 17 (tertiary) may not be 1 there. */
	assert_int_equal(vmx_ctl_adjust(&proc, 0x0401e172ull | CPU_BASED_ACTIVATE_TERTIARY_CONTROLS,
				       &v, &bad), -1);
	assert_int_equal(bad, CPU_BASED_ACTIVATE_TERTIARY_CONTROLS);
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(vmx_ctl_bit_name(VMX_KIND_PIN, 6), "PIN_BASED_VMX_PREEMPTION_TIMER");
	assert_string_equal(vmx_ctl_bit_name(VMX_KIND_PROC2, 14), "SECONDARY_EXEC_SHADOW_VMCS");
	assert_string_equal(vmx_ctl_bit_name(VMX_KIND_ENTRY, 9), "VM_ENTRY_IA32E_MODE");
	assert_string_equal(vmx_ctl_bit_name(VMX_KIND_EXIT, 9), "VM_EXIT_HOST_ADDR_SPACE_SIZE");
	assert_null(vmx_ctl_bit_name(VMX_KIND_PIN, 1));
	assert_int_equal(SECONDARY_EXEC_SHADOW_VMCS, 1u << 14);
	assert_int_equal(CPU_BASED_ACTIVATE_SECONDARY_CONTROLS, 1ull << 31);
	/* No two names for one bit of one control. */
	for (size_t i = 0; i < vmx_ctl_bit_count; i++)
		for (size_t j = i + 1; j < vmx_ctl_bit_count; j++) {
			assert_false(vmx_ctl_bits[i].kind == vmx_ctl_bits[j].kind &&
				     vmx_ctl_bits[i].bit == vmx_ctl_bits[j].bit);
			assert_true(strcmp(vmx_ctl_bits[i].name, vmx_ctl_bits[j].name));
		}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_adjust),
		cmocka_unit_test(test_real_cpu_lines),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
