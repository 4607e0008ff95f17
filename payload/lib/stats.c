/** @file
 * Order statistics of measurement samples (definitions in stats.h).
 */
#include <stdbool.h>
#include "lib/stats.h"

/* Restore the max-heap property below @p root in v[0..n-1]. */
static void sift_down(uint64_t *v, size_t root, size_t n)
{
	uint64_t x = v[root];

	for (;;) {
		size_t child = 2 * root + 1;

		if (child >= n)
			break;
		if (child + 1 < n && v[child + 1] > v[child])
			child++;
		if (v[child] <= x)
			break;
		v[root] = v[child];
		root = child;
	}
	v[root] = x;
}

void stats_sort_u64(uint64_t *v, size_t n)
{
	if (n < 2)
		return;
	for (size_t i = n / 2; i-- > 0;)
		sift_down(v, i, n);
	for (size_t end = n - 1; end > 0; end--) {
		uint64_t t = v[0];

		v[0] = v[end];
		v[end] = t;
		sift_down(v, 0, end);
	}
}

uint64_t stats_percentile_sorted(const uint64_t *v, size_t n, unsigned pct)
{
	uint64_t rank;

	if (n == 0)
		return 0;
	if (pct > 100)
		pct = 100;
	rank = ((uint64_t)pct * n + 99) / 100; /* ceil(pct * n / 100) */
	if (rank == 0)
		rank = 1;
	return v[rank - 1];
}

/*
 * Lower median of |v[i] - med| without a second array: the deviations left
 * of the median index grow as i falls, those from it rightwards grow as i
 * rises, so a merge of the two runs yields them in order.
 */
static uint64_t mad_sorted(const uint64_t *v, size_t n, size_t mi)
{
	uint64_t med = v[mi], d = 0;
	size_t left = mi, right = mi; /* next candidates: v[left - 1], v[right] */

	for (size_t k = 0; k <= (n - 1) / 2; k++) {
		bool take_left;

		if (left == 0)
			take_left = false;
		else if (right == n)
			take_left = true;
		else
			take_left = med - v[left - 1] < v[right] - med;
		if (take_left)
			d = med - v[--left];
		else
			d = v[right++] - med;
	}
	return d;
}

/* Exact ranks: P(B <= j - 1) <= 1/40 <=> 40 * sum_{i<j} C(n,i) <= 2^n. */
static uint64_t ci_j_exact(uint64_t n)
{
	const uint64_t limit = (UINT64_C(1) << n) / 40; /* sum <= floor(2^n / 40) */
	uint64_t c = 1, sum = 0, j = 0;                 /* c = C(n, i) */

	/* c is advanced only while sum <= 2^63 / 40, so c * (n - i) < 2^63 / 40 * 63 < 2^64 */
	for (uint64_t i = 0; i <= n / 2; i++) {
		sum += c;
		if (sum > limit)
			break;
		j = i + 1;
		c = c * (n - i) / (i + 1);
	}
	return j;
}

/*
 * Normal approximation without floating point: j = floor(n/2 - 0.98 sqrt(n)),
 * i.e. d = n - 2j is the smallest d >= 0 with d = n (mod 2) and
 * 2500 d^2 >= 9604 n ((d/2)^2 >= 0.9604 n, 0.98 = 1.96 / 2).
 */
static uint64_t ci_j_normal(uint64_t n)
{
	uint64_t d, lo = 0, hi = n < 200000 ? n : 200000;

	/* smallest d with 2500 d^2 >= 9604 n: d < 1.96 sqrt(2^32) + 1 < 200000, so no overflow */
	while (lo < hi) {
		uint64_t mid = lo + (hi - lo) / 2;

		if (2500 * mid * mid >= 9604 * n)
			hi = mid;
		else
			lo = mid + 1;
	}
	d = lo;
	if ((d ^ n) & 1)
		d++;
	return d >= n ? 0 : (n - d) / 2;
}

int stats_median_ci_ranks(uint64_t n, uint64_t *j, uint64_t *k)
{
	uint64_t r;

	*j = *k = 0;
	if (n < 6 || n > UINT32_MAX)
		return -1;
	r = n <= STATS_CI_EXACT_MAX ? ci_j_exact(n) : ci_j_normal(n);
	if (r < 1)
		return -1;
	*j = r;
	*k = n + 1 - r;
	return 0;
}

int stats_compute(uint64_t *v, size_t n, uint64_t discarded, struct stats *s)
{
	*s = (struct stats){ .discarded = discarded };
	if (n == 0)
		return -1;
	stats_sort_u64(v, n);
	s->count = n;
	s->min = v[0];
	s->max = v[n - 1];
	s->p5 = stats_percentile_sorted(v, n, 5);
	s->median = v[(n - 1) / 2];
	s->p95 = stats_percentile_sorted(v, n, 95);
	s->p99 = stats_percentile_sorted(v, n, 99);
	s->mad = mad_sorted(v, n, (n - 1) / 2);
	{
		uint64_t j, k;

		s->has_ci = stats_median_ci_ranks(n, &j, &k) == 0;
		if (s->has_ci) {
			s->ci_lo = v[j - 1];
			s->ci_hi = v[k - 1];
		}
	}
	return 0;
}

/*
 * Flipping the sign bit maps int64 order onto uint64 order, and differences
 * of flipped values equal the signed differences, so the unsigned code
 * serves both.
 */
#define SIGN_BIT (UINT64_C(1) << 63)

static void flip_signs(int64_t *v, size_t n)
{
	uint64_t *u = (uint64_t *)v;

	for (size_t i = 0; i < n; i++)
		u[i] ^= SIGN_BIT;
}

static int64_t unflip(uint64_t x)
{
	x ^= SIGN_BIT;
	return (int64_t)x;
}

int stats_compute_i64(int64_t *v, size_t n, uint64_t discarded, struct stats_i64 *s)
{
	struct stats u;
	int rc;

	flip_signs(v, n);
	rc = stats_compute((uint64_t *)v, n, discarded, &u);
	flip_signs(v, n);
	*s = (struct stats_i64){
		.count = u.count,
		.discarded = u.discarded,
	};
	if (rc)
		return rc;
	s->min = unflip(u.min);
	s->p5 = unflip(u.p5);
	s->median = unflip(u.median);
	s->p95 = unflip(u.p95);
	s->p99 = unflip(u.p99);
	s->max = unflip(u.max);
	s->mad = u.mad;
	s->has_ci = u.has_ci;
	if (u.has_ci) {
		s->ci_lo = unflip(u.ci_lo);
		s->ci_hi = unflip(u.ci_hi);
	}
	return 0;
}
