/** @file
 * vmx/result.c: RFLAGS → VMsucceed / VMfailInvalid / VMfailValid (SDM Vol. 3C
 * §30.2) and the text forms records use.
 */
#include <string.h>
#include "unit.h"
#include "vmx/result.h"

static void test_rflags(void **state)
{
	(void)state;
	/* bit 1 is always 1 in RFLAGS; IF and others do not matter */
	assert_int_equal(vmx_result_from_rflags(0x2), VMX_OK);
	assert_int_equal(vmx_result_from_rflags(0x202), VMX_OK);
	assert_int_equal(vmx_result_from_rflags(0x203), VMX_FAIL_INVALID);
	assert_int_equal(vmx_result_from_rflags(0x242), VMX_FAIL_VALID);
	/* CF and ZF together, or another arithmetic flag left set: no convention */
	assert_int_equal(vmx_result_from_rflags(0x243), VMX_BAD_FLAGS);
	assert_int_equal(vmx_result_from_rflags(0x2 | VMX_RFLAGS_OF), VMX_BAD_FLAGS);
	assert_int_equal(vmx_result_from_rflags(0x3 | VMX_RFLAGS_SF), VMX_BAD_FLAGS);
	assert_int_equal(vmx_result_from_rflags(0x42 | VMX_RFLAGS_PF), VMX_BAD_FLAGS);
}

static void test_format(void **state)
{
	char buf[32];
	struct vmx_outcome o = { VMX_FAIL_VALID, -1, 15, 0x42 };

	(void)state;
	assert_int_equal(vmx_outcome_format(&o, buf, sizeof(buf)), strlen("vmfail-valid:15"));
	assert_string_equal(buf, "vmfail-valid:15");
	o = (struct vmx_outcome){ VMX_FAULT, 13, 0, 0 };
	vmx_outcome_format(&o, buf, sizeof(buf));
	assert_string_equal(buf, "fault:13");
	o = (struct vmx_outcome){ VMX_FAIL_INVALID, -1, 0, 0x3 };
	vmx_outcome_format(&o, buf, sizeof(buf));
	assert_string_equal(buf, "vmfail-invalid");
	o = (struct vmx_outcome){ VMX_BAD_FLAGS, -1, 0, 0x243 };
	vmx_outcome_format(&o, buf, sizeof(buf));
	assert_string_equal(buf, "bad-flags:0x41");
	o = (struct vmx_outcome){ VMX_OK, -1, 0, 0x2 };
	vmx_outcome_format(&o, buf, sizeof(buf));
	assert_string_equal(buf, "ok");
	/* truncation like snprintf: full length returned, buffer terminated */
	o = (struct vmx_outcome){ VMX_FAIL_VALID, -1, 4000000000u, 0x42 };
	assert_int_equal(vmx_outcome_format(&o, buf, 8), strlen("vmfail-valid:4000000000"));
	assert_string_equal(buf, "vmfail-");
	assert_string_equal(vmx_result_name(VMX_SKIPPED), "skipped");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rflags),
		cmocka_unit_test(test_format),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
