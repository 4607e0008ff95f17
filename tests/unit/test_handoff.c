/* TSC offset between two CPUs from hand-off round trips (platform/handoff_est.c). */
#include "unit.h"
#include "platform/handoff.h"

static void test_offset(void **state)
{
	/* server 1000 ahead; round trips of 40, 10 (the best) and 30 ticks */
	struct handoff_ping p[] = {
		{ .t0 = 100, .t1 = 140, .tb = 1130 },
		{ .t0 = 200, .t1 = 210, .tb = 1205 },
		{ .t0 = 300, .t1 = 330, .tb = 1310 },
	};
	int64_t off;
	uint64_t unc;

	(void)state;
	assert_true(handoff_tsc_offset(p, 3, &off, &unc));
	assert_int_equal(off, 1000);
	assert_int_equal(unc, 5);
	/* a server behind the initiator gives a negative offset */
	p[1].tb = 5;
	assert_true(handoff_tsc_offset(p, 3, &off, &unc));
	assert_int_equal(off, -200);
}

static void test_unusable(void **state)
{
	struct handoff_ping back = { .t0 = 500, .t1 = 400, .tb = 0 };
	int64_t off = 7;
	uint64_t unc = 7;

	(void)state;
	assert_false(handoff_tsc_offset(NULL, 0, &off, &unc));
	/* a TSC that went backwards is no round trip */
	assert_false(handoff_tsc_offset(&back, 1, &off, &unc));
	assert_int_equal(off, 7);
	/* near the top of the range: the midpoint must not overflow */
	struct handoff_ping top = { .t0 = UINT64_MAX - 10, .t1 = UINT64_MAX, .tb = UINT64_MAX - 5 };
	assert_true(handoff_tsc_offset(&top, 1, &off, &unc));
	assert_int_equal(off, 0);
	assert_int_equal(unc, 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_offset),
		cmocka_unit_test(test_unusable),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
