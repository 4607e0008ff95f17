/** @file
 * Unit tests of payload/lib/tsc_us.h: exact values, rounding down, no
 * overflow at large tick counts, rate unknown.
 */
#include "unit.h"
#include "lib/tsc_us.h"

static void test_tsc_us(void **state)
{
	(void)state;
	assert_int_equal(tsc_to_us(0, 5000088), 0);
	assert_int_equal(tsc_to_us(5000088, 5000088), 1000000);     /* one second */
	assert_int_equal(tsc_to_us(2400, 2400000000ull), 1);         /* 1 us at 2.4 GHz */
	assert_int_equal(tsc_to_us(2399, 2400000000ull), 0);         /* rounds down */
	assert_int_equal(tsc_to_us(123, 0), 0);                      /* rate unknown */
	/* a day at 4 GHz: ticks * 10^6 alone would overflow 64 bits */
	assert_int_equal(tsc_to_us(86400ull * 4000000000ull, 4000000000ull), 86400000000ull);
	assert_int_equal(tsc_to_us(UINT64_MAX, 1000000), UINT64_MAX);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tsc_us),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
