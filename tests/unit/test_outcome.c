/** @file
 * Outcome text forms round-trip, parse errors, verdicts, error names.
 */
#include "unit.h"
#include <string.h>
#include "vmx/outcome.h"
#include "suites/verdict.h"

static void test_roundtrip(void **state)
{
	static const char *const forms[] = {
		"ok", "vmfail-invalid", "vmfail-valid:7", "vmfail-valid:28", "exit:33:4",
		"exit:34:2", "exit:33:0", "vmexit:2", "exception:13", "timeout", "bad-flags:65",
		"vmexit:0:v13", "vmexit:0:v14:q4096", "vmexit:0:v1:q16384", "vmexit:48",
	};
	char buf[40];

	(void)state;
	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		struct outcome o;

		assert_int_equal(outcome_parse(forms[i], &o), 0);
		assert_string_equal(outcome_format(&o, buf, sizeof(buf)), forms[i]);
	}
}

static void test_parse_fields(void **state)
{
	struct outcome o;

	(void)state;
	assert_int_equal(outcome_parse("exit:33:4", &o), 0);
	assert_int_equal(o.kind, OUTCOME_ENTRY_FAIL);
	assert_int_equal(o.code, 33);
	assert_int_equal(o.qual, 4);
	assert_int_equal(outcome_parse("vmfail-valid:12", &o), 0);
	assert_int_equal(o.kind, OUTCOME_VMFAIL_VALID);
	assert_int_equal(o.code, 12);
	assert_int_equal(outcome_parse("vmfail-valid", &o), -1);
	assert_int_equal(outcome_parse("vmfail-valid:", &o), -1);
	assert_int_equal(outcome_parse("exit:33", &o), -1);
	assert_int_equal(outcome_parse("ok:1", &o), -1);
	assert_int_equal(outcome_parse("exception:x", &o), -1);
	assert_int_equal(outcome_parse("", &o), -1);
	assert_int_equal(outcome_parse("exit:99999999999:0", &o), -1);
}

/* VM-exit details (vector, qualification): parsed in order, compared where the expectation has them. */
static void test_vmexit_details(void **state)
{
	struct outcome o, e;

	(void)state;
	assert_int_equal(outcome_parse("vmexit:0:v14:q4096", &o), 0);
	assert_int_equal(o.kind, OUTCOME_VMEXIT);
	assert_int_equal(o.code, 0);
	assert_int_equal(o.vector, 14);
	assert_int_equal(o.qual, 4096);
	assert_int_equal(o.details, OUTCOME_HAS_VECTOR | OUTCOME_HAS_QUAL);
	assert_int_equal(outcome_parse("vmexit:0:v", &o), -1);
	assert_int_equal(outcome_parse("vmexit:0:v256", &o), -1);
	assert_int_equal(outcome_parse("vmexit:0:q5:v3", &o), -1);
	assert_int_equal(outcome_parse("vmexit:0:x1", &o), -1);
	assert_int_equal(outcome_parse("exit:33:0:v1", &o), -1);
	/* an expectation without details matches any observation of the reason */
	assert_int_equal(outcome_parse("vmexit:0", &e), 0);
	assert_int_equal(outcome_parse("vmexit:0:v13", &o), 0);
	assert_true(outcome_equal(&e, &o));
	/* one with a vector needs the same vector, and a vector at all */
	assert_false(outcome_equal(&o, &e));
	assert_int_equal(outcome_parse("vmexit:0:v14", &e), 0);
	assert_false(outcome_equal(&e, &o));
	/* the qualification the same way */
	assert_int_equal(outcome_parse("vmexit:0:v14:q4096", &e), 0);
	assert_int_equal(outcome_parse("vmexit:0:v14:q8192", &o), 0);
	assert_false(outcome_equal(&e, &o));
	assert_int_equal(outcome_parse("vmexit:0:v14", &o), 0);
	assert_false(outcome_equal(&e, &o));
	/* the helper builds what the parser reads */
	o = outcome_exc_exit(14, true, 4096);
	assert_true(outcome_equal(&e, &o));
	assert_true(outcome_equal(&o, &e));
	o = outcome_exc_exit(13, false, 99);
	assert_int_equal(o.qual, 0);
	assert_int_equal(o.details, OUTCOME_HAS_VECTOR);
}

static void test_verdict(void **state)
{
	struct outcome a = OUTCOME_VALID_V(7), b = OUTCOME_VALID_V(7), c = OUTCOME_VALID_V(8);
	struct outcome e1 = OUTCOME_ENTRY_FAIL_V(33, 4), e2 = OUTCOME_ENTRY_FAIL_V(33, 0);
	struct outcome ok = OUTCOME_OK_V;
	char buf[8];

	(void)state;
	assert_int_equal(verdict_of(outcome_equal(&a, &b)), VERDICT_PASS);
	assert_int_equal(verdict_of(outcome_equal(&a, &c)), VERDICT_DEVIATION);
	assert_int_equal(verdict_of(outcome_equal(&e1, &e2)), VERDICT_DEVIATION);
	assert_int_equal(verdict_of(outcome_equal(&a, &ok)), VERDICT_DEVIATION);
	/* The record words and summary members (docs/record-format.md), and back. */
	assert_string_equal(verdict_name(VERDICT_PASS), "PASS");
	assert_string_equal(verdict_name(VERDICT_DEVIATION), "DEVIATION");
	assert_string_equal(verdict_name(VERDICT_SKIP), "SKIP");
	assert_null(verdict_name(VERDICT_COUNT));
	assert_string_equal(verdict_key(VERDICT_DEVIATION), "deviation");
	for (int v = 0; v < VERDICT_COUNT; v++)
		assert_int_equal(verdict_parse(verdict_name((enum verdict)v)), v);
	assert_int_equal(verdict_parse("pass"), -1);
	assert_int_equal(verdict_parse(NULL), -1);
	/* Truncation keeps a terminated string. */
	outcome_format(&e1, buf, sizeof(buf));
	assert_int_equal(strlen(buf), 7);
}

static void test_error_names(void **state)
{
	(void)state;
	assert_string_equal(vmx_insn_error_text(7), "VM entry with invalid control field(s)");
	assert_string_equal(vmx_insn_error_text(28), "Invalid operand to INVEPT/INVVPID");
	assert_null(vmx_insn_error_text(14));
	assert_null(vmx_insn_error_text(21));
	assert_null(vmx_insn_error_text(27));
	assert_null(vmx_insn_error_text(0));
	assert_int_equal(VMXERR_VMPTRLD_BAD_REVISION, 11);
	/* SDM §30.4 Table 30-1: 1-28 are assigned except the reserved 14, 21, 27. */
	for (uint32_t n = 1; n <= 28; n++)
		if (n == 14 || n == 21 || n == 27)
			assert_null(vmx_insn_error_text(n));
		else
			assert_non_null(vmx_insn_error_text(n));
	assert_null(vmx_insn_error_text(29));
	assert_int_equal(VMXERR_VMCALL_IN_ROOT, 1);
	assert_int_equal(VMXERR_VMRESUME_AFTER_VMXOFF, 6);
	assert_int_equal(VMXERR_ENTRY_INVALID_HOST, 8);
	assert_int_equal(VMXERR_VMXON_IN_ROOT, 15);
	assert_int_equal(VMXERR_VMCALL_NONCLEAR, 19);
	assert_int_equal(VMXERR_VMCALL_BAD_MSEG_REVISION, 22);
	assert_int_equal(VMXERR_ENTRY_INVALID_EXEC_CTLS_EXEC, 25);
	assert_int_equal(VMXERR_ENTRY_MOV_SS_BLOCKING, 26);
	assert_string_equal(vmx_insn_error_text(26), "VM entry with events blocked by MOV SS");
}

static void test_from_insn(void **state)
{
	struct vmx_outcome v = { .result = VMX_FAIL_VALID, .error = 12 };
	struct outcome o;
	char buf[32];

	(void)state;
	o = outcome_from_insn(&v);
	assert_string_equal(outcome_format(&o, buf, sizeof(buf)), "vmfail-valid:12");
	v = (struct vmx_outcome){ .result = VMX_FAULT, .vector = 6 };
	o = outcome_from_insn(&v);
	assert_string_equal(outcome_format(&o, buf, sizeof(buf)), "exception:6");
	v = (struct vmx_outcome){ .result = VMX_FAIL_INVALID };
	o = outcome_from_insn(&v);
	assert_string_equal(outcome_format(&o, buf, sizeof(buf)), "vmfail-invalid");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_parse_fields),
		cmocka_unit_test(test_vmexit_details),
		cmocka_unit_test(test_verdict),
		cmocka_unit_test(test_error_names),
		cmocka_unit_test(test_from_insn),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
