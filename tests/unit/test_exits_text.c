/** @file
 * The exits suite's outcome text (payload/suites/exits_text.c): only the
 * checked members appear, in the documented order; the information is
 * masked; a different value anywhere gives a different string (the
 * verdict is a string comparison); truncation keeps a terminated string.
 */
#include "unit.h"
#include <string.h>
#include "suites/exits_text.h"

static const struct exits_seen seen = {
	.reason = 28, .qual = 0xf00, .gla = 0x1000, .len = 4, .rip = 0,
	.info = 0xffffffffu, .intr = 0x80000b0e, .ec = 2,
};

static void test_members(void **state)
{
	struct exits_expect e = { .chk = XCHK_QUAL | XCHK_LEN | XCHK_RIP };
	char buf[160];

	(void)state;
	exits_text_exit(buf, sizeof(buf), &e, &seen, NULL);
	assert_string_equal(buf, "vmexit:28 qual=0xf00 len=4 rip=+0");
	e.chk = 0;
	exits_text_exit(buf, sizeof(buf), &e, &seen, "");
	assert_string_equal(buf, "vmexit:28");
	e.chk = XCHK_QUAL | XCHK_LEN | XCHK_INFO | XCHK_INTR | XCHK_EC | XCHK_GLA | XCHK_RIP;
	e.info_mask = 0x38380;
	exits_text_exit(buf, sizeof(buf), &e, &seen, "stored=tsc");
	assert_string_equal(buf, "vmexit:28 qual=0xf00 len=4 info=0x38380 intr=0x80000b0e ec=0x2 "
			    "gla=0x1000 rip=+0 stored=tsc");
}

static void test_differs(void **state)
{
	struct exits_expect e = { .chk = XCHK_QUAL | XCHK_LEN | XCHK_RIP };
	struct exits_seen other = seen;
	char a[96], b[96];

	(void)state;
	exits_text_exit(a, sizeof(a), &e, &seen, NULL);
	other.len = 3;
	exits_text_exit(b, sizeof(b), &e, &other, NULL);
	assert_string_not_equal(a, b);
	other = seen;
	other.qual = 0xf01;
	exits_text_exit(b, sizeof(b), &e, &other, NULL);
	assert_string_not_equal(a, b);
	/* an unchecked member does not show: a different value there still matches */
	other = seen;
	other.ec = 7;
	exits_text_exit(b, sizeof(b), &e, &other, NULL);
	assert_string_equal(a, b);
	/* information bits outside the mask do not count */
	e.chk |= XCHK_INFO;
	e.info_mask = 0x380;
	other = seen;
	other.info = 0x100;
	exits_text_exit(a, sizeof(a), &e, &seen, NULL);
	exits_text_exit(b, sizeof(b), &e, &other, NULL);
	assert_string_not_equal(a, b);
	other.info = 0xfffffcffu | 0x300;
	exits_text_exit(b, sizeof(b), &e, &other, NULL);
	assert_string_equal(a, b);
}

static void test_ok_and_truncation(void **state)
{
	struct exits_expect e = { .chk = XCHK_QUAL | XCHK_RIP };
	char buf[12];

	(void)state;
	exits_text_ok(buf, sizeof(buf), NULL);
	assert_string_equal(buf, "ok");
	exits_text_ok(buf, sizeof(buf), "tsc=raw");
	assert_string_equal(buf, "ok tsc=raw");
	exits_text_exit(buf, sizeof(buf), &e, &seen, "timer=0");
	assert_int_equal(strlen(buf), sizeof(buf) - 1);
	assert_memory_equal(buf, "vmexit:28 q", 11);
	exits_text_exit(buf, 0, &e, &seen, NULL); /* nothing written, no crash */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_members),
		cmocka_unit_test(test_differs),
		cmocka_unit_test(test_ok_and_truncation),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
