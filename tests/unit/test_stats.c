/** @file
 * Unit tests of payload/lib/stats.c: known distributions, even and odd
 * counts, one sample, all equal, outliers, values near 2^64, n = 0, signed
 * samples, and random arrays checked against a brute-force reference; the
 * median's confidence-interval ranks against the binomial distribution.
 */
#include "unit.h"
#include <string.h>
#include "lib/stats.h"

/* Reference: qsort, nearest rank by the textbook formula, MAD by a second sort. */
static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static uint64_t ref_rank(const uint64_t *s, size_t n, unsigned p)
{
	size_t r = 1;

	while (r * 100 < (size_t)p * n) /* smallest r with r >= p*n/100 */
		r++;
	return s[r - 1];
}

static void ref_stats(const uint64_t *v, size_t n, struct stats *s)
{
	uint64_t *a = malloc(n * sizeof(*a)), *d = malloc(n * sizeof(*d));

	memcpy(a, v, n * sizeof(*a));
	qsort(a, n, sizeof(*a), cmp_u64);
	s->count = n;
	s->min = a[0];
	s->max = a[n - 1];
	s->p5 = ref_rank(a, n, 5);
	s->median = ref_rank(a, n, 50);
	s->p95 = ref_rank(a, n, 95);
	s->p99 = ref_rank(a, n, 99);
	for (size_t i = 0; i < n; i++)
		d[i] = a[i] > s->median ? a[i] - s->median : s->median - a[i];
	qsort(d, n, sizeof(*d), cmp_u64);
	s->mad = ref_rank(d, n, 50);
	free(a);
	free(d);
}

static void check(const uint64_t *in, size_t n, uint64_t min, uint64_t p5, uint64_t med,
		  uint64_t p95, uint64_t p99, uint64_t max, uint64_t mad)
{
	uint64_t *v = malloc(n * sizeof(*v));
	struct stats s;

	memcpy(v, in, n * sizeof(*v));
	assert_int_equal(stats_compute(v, n, 7, &s), 0);
	assert_int_equal(s.count, n);
	assert_int_equal(s.discarded, 7);
	assert_int_equal(s.min, min);
	assert_int_equal(s.p5, p5);
	assert_int_equal(s.median, med);
	assert_int_equal(s.p95, p95);
	assert_int_equal(s.p99, p99);
	assert_int_equal(s.max, max);
	assert_int_equal(s.mad, mad);
	for (size_t i = 1; i < n; i++)
		assert_true(v[i - 1] <= v[i]);
	free(v);
}

static void test_empty(void **state)
{
	struct stats s;
	struct stats_i64 si;
	uint64_t v[1] = { 42 };
	int64_t w[1] = { -42 };

	(void)state;
	assert_int_equal(stats_compute(v, 0, 3, &s), -1);
	assert_int_equal(s.count, 0);
	assert_int_equal(s.discarded, 3);
	assert_int_equal(s.min | s.p5 | s.median | s.p95 | s.p99 | s.max | s.mad, 0);
	assert_int_equal(stats_compute_i64(w, 0, 5, &si), -1);
	assert_int_equal(si.count, 0);
	assert_int_equal(si.discarded, 5);
	assert_int_equal(si.min, 0);
	assert_int_equal(si.max, 0);
	assert_int_equal(stats_percentile_sorted(v, 0, 50), 0);
	assert_int_equal(w[0], -42);
}

static void test_single(void **state)
{
	uint64_t v[] = { 12345 };

	(void)state;
	check(v, 1, 12345, 12345, 12345, 12345, 12345, 12345, 0);
}

static void test_odd(void **state)
{
	uint64_t v[] = { 5, 1, 4, 2, 3 };

	(void)state;
	/* p5: rank ceil(0.25) = 1; p95: ceil(4.75) = 5; MAD of {2,1,0,1,2} = 1 */
	check(v, 5, 1, 1, 3, 5, 5, 5, 1);
}

static void test_even(void **state)
{
	uint64_t v[] = { 40, 10, 30, 20 };

	(void)state;
	/* lower median 20; deviations {10,0,10,20}: lower median 10 */
	check(v, 4, 10, 10, 20, 40, 40, 40, 10);
}

static void test_two(void **state)
{
	uint64_t v[] = { 9, 3 };

	(void)state;
	check(v, 2, 3, 3, 3, 9, 9, 9, 0);
}

static void test_uniform_1_to_100(void **state)
{
	uint64_t v[100];

	(void)state;
	for (int i = 0; i < 100; i++)
		v[i] = (uint64_t)((i * 37) % 100) + 1; /* a permutation of 1..100 */
	/* deviations from 50: 0, then 1..49 twice, 50 once; the 50th is 25 */
	check(v, 100, 1, 5, 50, 95, 99, 100, 25);
}

static void test_uniform_1_to_1000(void **state)
{
	uint64_t v[1000];

	(void)state;
	for (int i = 0; i < 1000; i++)
		v[i] = 1000 - (uint64_t)i;
	check(v, 1000, 1, 50, 500, 950, 990, 1000, 250);
}

static void test_all_equal(void **state)
{
	uint64_t v[64];

	(void)state;
	for (int i = 0; i < 64; i++)
		v[i] = 777;
	check(v, 64, 777, 777, 777, 777, 777, 777, 0);
}

static void test_outliers(void **state)
{
	uint64_t v[100];

	(void)state;
	for (int i = 0; i < 100; i++)
		v[i] = 100 + (uint64_t)(i % 3); /* 100,101,102 */
	v[17] = 1000000000000ull;           /* one huge outlier */
	v[50] = 1;                          /* one tiny outlier */
	/* i % 3 gives 34 x 100, 33 x 101, 33 x 102; v[17] and v[50] were 102.
	 * Sorted: 1, 34 x 100, 33 x 101, 31 x 102, 1e12: the median (index 49)
	 * and the MAD ignore both outliers. */
	check(v, 100, 1, 100, 101, 102, 102, 1000000000000ull, 1);
}

static void test_near_2_64(void **state)
{
	uint64_t v[] = { UINT64_MAX, 0, UINT64_MAX - 1 };
	uint64_t w[] = { UINT64_MAX, UINT64_MAX - 2, UINT64_MAX - 1, UINT64_MAX };

	(void)state;
	/* median MAX-1; deviations {1, MAX-1, 0}: lower median 1 */
	check(v, 3, 0, 0, UINT64_MAX - 1, UINT64_MAX, UINT64_MAX, UINT64_MAX, 1);
	/* sorted MAX-2, MAX-1, MAX, MAX: lower median MAX-1, deviations 1,0,1,1 */
	check(w, 4, UINT64_MAX - 2, UINT64_MAX - 2, UINT64_MAX - 1, UINT64_MAX, UINT64_MAX,
	      UINT64_MAX, 1);
}

static void test_percentile_edges(void **state)
{
	uint64_t v[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };

	(void)state;
	assert_int_equal(stats_percentile_sorted(v, 10, 0), 1);
	assert_int_equal(stats_percentile_sorted(v, 10, 1), 1);
	assert_int_equal(stats_percentile_sorted(v, 10, 10), 1);
	assert_int_equal(stats_percentile_sorted(v, 10, 11), 2);
	assert_int_equal(stats_percentile_sorted(v, 10, 50), 5);
	assert_int_equal(stats_percentile_sorted(v, 10, 51), 6);
	assert_int_equal(stats_percentile_sorted(v, 10, 100), 10);
	assert_int_equal(stats_percentile_sorted(v, 10, 200), 10);
}

static void test_signed(void **state)
{
	int64_t v[] = { 3, -5, 0, 2, -1 };
	int64_t sorted[] = { -5, -1, 0, 2, 3 };
	struct stats_i64 s;

	(void)state;
	assert_int_equal(stats_compute_i64(v, 5, 2, &s), 0);
	assert_memory_equal(v, sorted, sizeof(v));
	assert_int_equal(s.min, -5);
	assert_int_equal(s.p5, -5);
	assert_int_equal(s.median, 0);
	assert_int_equal(s.p95, 3);
	assert_int_equal(s.p99, 3);
	assert_int_equal(s.max, 3);
	assert_int_equal(s.mad, 2); /* deviations 5,1,0,2,3 */
	assert_int_equal(s.count, 5);
	assert_int_equal(s.discarded, 2);
}

static void test_signed_extremes(void **state)
{
	int64_t v[] = { INT64_MAX, INT64_MIN, INT64_MIN };
	struct stats_i64 s;

	(void)state;
	assert_int_equal(stats_compute_i64(v, 3, 0, &s), 0);
	assert_true(s.min == INT64_MIN);
	assert_true(s.median == INT64_MIN);
	assert_true(s.max == INT64_MAX);
	assert_int_equal(s.mad, 0); /* deviations 0, 0, 2^64-1 */
	int64_t w[] = { INT64_MAX, INT64_MIN };
	assert_int_equal(stats_compute_i64(w, 2, 0, &s), 0);
	assert_true(s.median == INT64_MIN);
	assert_true(s.mad == 0); /* deviations 0, 2^64-1: lower median 0 */
	int64_t x[] = { INT64_MAX, INT64_MIN, 0, 0 };
	assert_int_equal(stats_compute_i64(x, 4, 0, &s), 0);
	assert_true(s.median == 0);
	/* deviations 2^63, 2^63-1, 0, 0: lower median 0 */
	assert_true(s.mad == 0);
	int64_t y[] = { INT64_MIN, 0, INT64_MAX };
	assert_int_equal(stats_compute_i64(y, 3, 0, &s), 0);
	assert_true(s.mad == (uint64_t)INT64_MAX); /* 2^63, 0, 2^63-1 */
}

/* xorshift64*: deterministic pseudo-random input. */
static uint64_t rng_state = 88172645463325252ull;

static uint64_t rng(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 2685821657736338717ull;
}

static void test_random_vs_reference(void **state)
{
	static const size_t sizes[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 19, 20, 21, 99, 100, 101,
					 255, 256, 1000, 1001, 4096, 100000 };

	(void)state;
	for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		size_t n = sizes[k];

		for (int mode = 0; mode < 4; mode++) {
			uint64_t *v = malloc(n * sizeof(*v));
			struct stats want;

			for (size_t i = 0; i < n; i++) {
				uint64_t r = rng();

				switch (mode) {
				case 0: v[i] = r; break;                 /* full range */
				case 1: v[i] = 1000 + r % 50; break;      /* many ties */
				case 2: v[i] = r % 7 ? 200 + r % 5 : r; /* heavy tail */
					break;
				default: v[i] = n - i; break;             /* descending */
				}
			}
			ref_stats(v, n, &want);
			check(v, n, want.min, want.p5, want.median, want.p95, want.p99, want.max,
			      want.mad);
			free(v);
		}
	}
}

/* ---- 95 % confidence interval of the median ------------------------------ */

static void ranks(uint64_t n, uint64_t j, uint64_t k)
{
	uint64_t gj, gk;

	assert_int_equal(stats_median_ci_ranks(n, &gj, &gk), 0);
	assert_int_equal(gj, j);
	assert_int_equal(gk, k);
}

/* Known ranks: the binomial table (n = 20: 6 and 15, coverage 95.86 %) and the normal rule. */
static void test_ci_ranks_known(void **state)
{
	uint64_t j, k;

	(void)state;
	assert_int_equal(stats_median_ci_ranks(0, &j, &k), -1);
	assert_int_equal(stats_median_ci_ranks(5, &j, &k), -1); /* [x1, x5] covers 93.75 % */
	assert_int_equal(j, 0);
	ranks(6, 1, 6); /* 1 - 2/64 = 96.9 % */
	ranks(10, 2, 9);
	ranks(20, 6, 15);
	ranks(30, 10, 21);
	ranks(63, 24, 40);   /* last exact */
	ranks(64, 24, 41);   /* first normal: floor(32 - 0.98 * 8) = 24 */
	ranks(100, 40, 61);
	ranks(1000, 469, 532);
	ranks(100000, 49690, 50311);
}

/* P(B <= m) for B ~ Bin(n, 1/2) in long double (2^-3000 is within its range; no libm). */
static long double binom_cdf_half(uint64_t n, int64_t m)
{
	long double pmf = 1, p = 0;

	for (uint64_t i = 0; i < n; i++)
		pmf /= 2;
	for (int64_t i = 0; i <= m; i++) {
		p += pmf;
		pmf = pmf * (long double)(n - (uint64_t)i) / (long double)(i + 1);
	}
	return p;
}

/*
 * Every n from 6 to 3000: the interval covers at least 95 % (1 - 2 P(B <= j-1)),
 * up to STATS_CI_EXACT_MAX it is the narrowest symmetric one that does, and
 * above it never narrower than that one.
 */
static void test_ci_ranks_coverage(void **state)
{
	(void)state;
	for (uint64_t n = 6; n <= 3000; n++) {
		uint64_t j, k;
		long double tail;

		assert_int_equal(stats_median_ci_ranks(n, &j, &k), 0);
		assert_int_equal(j + k, n + 1);
		tail = binom_cdf_half(n, (int64_t)j - 1);
		if (1 - 2 * tail < 0.95)
			fail_msg("n=%llu j=%llu covers %.5Lf", (unsigned long long)n,
				 (unsigned long long)j, 1 - 2 * tail);
		/* one rank further in would no longer cover 95 % (exact) */
		if (n <= STATS_CI_EXACT_MAX)
			assert_true(binom_cdf_half(n, (int64_t)j) > 0.025);
	}
}

static void test_ci_values(void **state)
{
	uint64_t v[1000];
	int64_t w[20];
	struct stats s;
	struct stats_i64 si;

	(void)state;
	for (size_t i = 0; i < 20; i++)
		v[i] = (i * 7) % 20 + 1; /* 1..20, shuffled */
	assert_int_equal(stats_compute(v, 20, 0, &s), 0);
	assert_true(s.has_ci);
	assert_int_equal(s.ci_lo, 6);
	assert_int_equal(s.ci_hi, 15);
	assert_int_equal(s.median, 10);
	for (size_t i = 0; i < 1000; i++)
		v[i] = 1000 - i;
	assert_int_equal(stats_compute(v, 1000, 0, &s), 0);
	assert_int_equal(s.ci_lo, 469);
	assert_int_equal(s.ci_hi, 532);
	for (size_t i = 0; i < 5; i++)
		v[i] = i;
	assert_int_equal(stats_compute(v, 5, 0, &s), 0);
	assert_false(s.has_ci);
	for (size_t i = 0; i < 20; i++)
		w[i] = (int64_t)((i * 7) % 20) - 10; /* -10..9 */
	assert_int_equal(stats_compute_i64(w, 20, 0, &si), 0);
	assert_true(si.has_ci);
	assert_int_equal(si.ci_lo, -5);
	assert_int_equal(si.ci_hi, 4);
	assert_int_equal(si.median, -1);
	/* ties: all equal gives a zero-width interval */
	for (size_t i = 0; i < 20; i++)
		w[i] = 3;
	assert_int_equal(stats_compute_i64(w, 20, 0, &si), 0);
	assert_int_equal(si.ci_lo, 3);
	assert_int_equal(si.ci_hi, 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_ci_ranks_known),
		cmocka_unit_test(test_ci_ranks_coverage),
		cmocka_unit_test(test_ci_values),
		cmocka_unit_test(test_single),
		cmocka_unit_test(test_odd),
		cmocka_unit_test(test_even),
		cmocka_unit_test(test_two),
		cmocka_unit_test(test_uniform_1_to_100),
		cmocka_unit_test(test_uniform_1_to_1000),
		cmocka_unit_test(test_all_equal),
		cmocka_unit_test(test_outliers),
		cmocka_unit_test(test_near_2_64),
		cmocka_unit_test(test_percentile_edges),
		cmocka_unit_test(test_signed),
		cmocka_unit_test(test_signed_extremes),
		cmocka_unit_test(test_random_vs_reference),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
