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
	struct vmx_ctl pin = controls_from_msr(0x000000ff00000016ull);
	uint32_t v, bad;

	(void)state;
	assert_int_equal(pin.allowed0, 0x16);
	assert_int_equal(pin.allowed1, 0xff);
	assert_int_equal(controls_adjust(&pin, PIN_BASED_NMI_EXITING | 0x16, &v, &bad), 0);
	assert_int_equal(v, 0x1e);
	assert_int_equal(bad, 0);
	/* Desired 0 but fixed 1: reported. */
	assert_int_equal(controls_adjust(&pin, 0, &v, &bad), -1);
	assert_int_equal(v, 0x16);
	assert_int_equal(bad, 0x16);
	/* Wanted a reserved bit that must be 0: dropped and reported. */
	assert_int_equal(controls_adjust(&pin, 0x16 | (1u << 9), &v, &bad), -1);
	assert_int_equal(v, 0x16);
	assert_int_equal(bad, 1u << 9);
	assert_true(controls_valid(&pin, 0x16));
	assert_false(controls_valid(&pin, 0x06));
	assert_false(controls_valid(&pin, 0x116));
	assert_int_equal(controls_flexible(&pin), 0xe9);
	assert_int_equal(controls_fixed0(&pin), 0xffffff00u);
	assert_int_equal(controls_fixed1(&pin), 0x16);
}

static void test_real_cpu_lines(void **state)
{
	/* Sandy Bridge plain procbased from data/real-cpus: 0xfff9fffe0401e172. */
	struct vmx_ctl proc = controls_from_msr(0xfff9fffe0401e172ull);
	uint32_t v, bad;

	(void)state;
	assert_int_equal(controls_adjust(&proc, CPU_BASED_ACTIVATE_SECONDARY_CONTROLS |
				       CPU_BASED_HLT_EXITING, &v, &bad), -1);
	assert_int_equal(v, 0x8401e1f2ull);
	assert_int_equal(bad, 0x0401e172ull & ~CPU_BASED_HLT_EXITING);
	/* Bit 17 (tertiary) may not be 1 there. */
	assert_int_equal(controls_adjust(&proc, 0x0401e172ull | CPU_BASED_ACTIVATE_TERTIARY_CONTROLS,
				       &v, &bad), -1);
	assert_int_equal(bad, CPU_BASED_ACTIVATE_TERTIARY_CONTROLS);
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(controls_bit_name(VMX_KIND_PIN, 6), "PIN_BASED_VMX_PREEMPTION_TIMER");
	assert_string_equal(controls_bit_name(VMX_KIND_PROC2, 14), "SECONDARY_EXEC_SHADOW_VMCS");
	assert_string_equal(controls_bit_name(VMX_KIND_ENTRY, 9), "VM_ENTRY_IA32E_MODE");
	assert_string_equal(controls_bit_name(VMX_KIND_EXIT, 9), "VM_EXIT_HOST_ADDR_SPACE_SIZE");
	assert_null(controls_bit_name(VMX_KIND_PIN, 1));
	assert_int_equal(SECONDARY_EXEC_SHADOW_VMCS, 1u << 14);
	assert_int_equal(CPU_BASED_ACTIVATE_SECONDARY_CONTROLS, 1ull << 31);
	/* No two names for one bit of one control. */
	for (size_t i = 0; i < controls_bit_count; i++)
		for (size_t j = i + 1; j < controls_bit_count; j++) {
			assert_false(controls_bits[i].kind == controls_bits[j].kind &&
				     controls_bits[i].bit == controls_bits[j].bit);
			assert_true(strcmp(controls_bits[i].name, controls_bits[j].name));
		}
}

static void test_unavailable_and_features(void **state)
{
	struct vmx_ctl none = { 0 };
	struct vmx_ctl64 p3 = { true, 0x10 };
	struct vmx_caps caps = { 0 };
	uint32_t v, bad;
	uint64_t v64, bad64;

	(void)state;
	assert_int_equal(controls_adjust(&none, 0x4, &v, &bad), -1);
	assert_int_equal(v, 0);
	assert_int_equal(bad, 0x4);
	assert_int_equal(controls_adjust64(&p3, 0x11, &v64, &bad64), -1);
	assert_int_equal(v64, 0x10);
	assert_int_equal(bad64, 1);
	/* Secondary features need "activate secondary controls" too. */
	caps.procbased = controls_from_msr(0x7fffffff00000000ull);
	caps.procbased2 = controls_from_msr(0xffffffff00000000ull);
	assert_false(controls_feature(&caps, VMX_FEAT_EPT));
	assert_true(controls_feature(&caps, VMX_FEAT_ALWAYS));
	caps.procbased.allowed1 |= 1u << 31;
	assert_true(controls_feature(&caps, VMX_FEAT_EPT));
	assert_false(controls_feature(&caps, VMX_FEAT_PASID));
	/* Either alternative: PAT exists with "save PAT" alone. */
	caps.exit = controls_from_msr(1ull << (32 + 18));
	assert_true(controls_feature(&caps, VMX_FEAT_PAT));
	assert_false(controls_feature(&caps, VMX_FEAT_PAT_HOST));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_adjust),
		cmocka_unit_test(test_real_cpu_lines),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_unavailable_and_features),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
