/** @file
 * Unit tests of the log-bucketed histogram (payload/lib/hist.c): every value
 * lies in its bucket, buckets are at most 1/32 of their value wide and exact below 32,
 * counts always add up, the bucket list stays within its bound.
 */
#include "unit.h"
#include "lib/hist.h"

static void test_buckets(void **state)
{
	(void)state;
	for (uint64_t v = 0; v < 200000; v++) {
		unsigned b = hist_bucket(v);

		assert_true(b < HIST_BUCKETS);
		assert_true(hist_lo(b) <= v && v < hist_hi(b));
		if (v < 32)
			assert_int_equal(hist_hi(b) - hist_lo(b), 1);
		else
			assert_true((hist_hi(b) - hist_lo(b)) * 32 <= hist_lo(b));
	}
	for (unsigned e = 5; e < 64; e++) {
		uint64_t v = (uint64_t)1 << e;

		assert_true(hist_lo(hist_bucket(v)) == v);
		assert_true(hist_lo(hist_bucket(v - 1)) <= v - 1 && hist_hi(hist_bucket(v - 1)) == v);
	}
	assert_int_equal(hist_bucket(UINT64_MAX), HIST_BUCKETS - 1);
	/* buckets are ordered as their values */
	for (unsigned b = 1; b < HIST_BUCKETS; b++)
		assert_true(hist_lo(b) == hist_hi(b - 1));
}

static void test_from_sorted(void **state)
{
	int64_t v[1000];
	struct hist_entry e[8];
	uint64_t neg, other, sum = 0;
	size_t k;

	(void)state;
	for (int i = 0; i < 1000; i++)
		v[i] = i < 3 ? -5 + i : 100 * i; /* 3 negative, then 300..99900 */
	k = hist_from_sorted(v, 1000, e, 8, &neg, &other);
	assert_int_equal(neg, 3);
	assert_true(k <= 8);
	for (size_t i = 0; i < k; i++) {
		sum += e[i].count;
		if (i)
			assert_true(e[i].bucket > e[i - 1].bucket);
	}
	assert_int_equal(sum + other + neg, 1000);
	assert_true(other > 0); /* more than 8 buckets were filled */
	/* a zero-spread emulator: one bucket */
	for (int i = 0; i < 1000; i++)
		v[i] = 120;
	k = hist_from_sorted(v, 1000, e, 8, &neg, &other);
	assert_int_equal(k, 1);
	assert_int_equal(e[0].count, 1000);
	assert_int_equal(other, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buckets),
		cmocka_unit_test(test_from_sorted),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
