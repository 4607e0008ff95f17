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
	return 0;
}
