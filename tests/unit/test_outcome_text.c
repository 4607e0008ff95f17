/** @file
 * Unit tests of the outcome-code legend (host-tools/lib/outcome_text.c):
 * each form explained with the payload's own names, codes found inside the
 * suites' outcome strings, anything else refused.
 */
#include <string.h>

#include "unit.h"
#include "lib/outcome_text.h"

static void test_explain(void **state)
{
	char out[256];

	(void)state;
	assert_true(outcome_explain("vmfail-valid:7", out, sizeof(out)));
	assert_non_null(strstr(out, "invalid control field"));
	assert_true(outcome_explain("exit:33:0", out, sizeof(out)));
	assert_non_null(strstr(out, "invalid guest state"));
	assert_true(outcome_explain("vmexit:0:v14:qQ", out, sizeof(out)));
	assert_non_null(strstr(out, "#PF"));
	assert_non_null(strstr(out, "qualification"));
	assert_true(outcome_explain("exception:13", out, sizeof(out)));
	assert_non_null(strstr(out, "#GP"));
	assert_true(outcome_explain("vmfail-valid:99", out, sizeof(out)));
	assert_non_null(strstr(out, "not defined"));
	assert_false(outcome_explain("vmfail-valid:", out, sizeof(out)));
	assert_false(outcome_explain("exit:33", out, sizeof(out)));
	assert_false(outcome_explain("vmexit:x", out, sizeof(out)));
	assert_false(outcome_explain("qual=0x1", out, sizeof(out)));
	assert_false(outcome_explain("<script>", out, sizeof(out)));
}

static void add(const char *code, void *arg)
{
	char *acc = arg;

	strcat(acc, code);
	strcat(acc, "|");
}

static void test_codes(void **state)
{
	char acc[512] = "";

	(void)state;
	outcome_codes("R0W0 ok/ok; R0W1 ok/vmexit:25; R1W0 vmexit:23/ok", add, acc);
	assert_string_equal(acc, "ok|ok|ok|vmexit:25|vmexit:23|ok|");
	acc[0] = 0;
	outcome_codes("vmexit:48 qual=0x181 len=3 rip=+12", add, acc);
	assert_string_equal(acc, "vmexit:48|");
	acc[0] = 0;
	outcome_codes("vmexit:0:v14:q4096", add, acc); /* the qualification value is not part of the code */
	assert_string_equal(acc, "vmexit:0:v14:qQ|");
	acc[0] = 0;
	outcome_codes(NULL, add, acc);
	outcome_codes("0 of 132 mismatched", add, acc);
	assert_string_equal(acc, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_explain),
		cmocka_unit_test(test_codes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
