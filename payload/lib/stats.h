/** @file
 * Order statistics of measurement samples: min, p5, median, p95, p99, max
 * and the median absolute deviation, integer only (the payload has no FPU
 * state to spare: it is built -mgeneral-regs-only).
 *
 * Pure: compiled into the payload and the host library, unit-tested in
 * tests/unit/test_stats.c.
 *
 * Definitions (docs/measurement.md repeats them):
 * - The array is sorted ascending in place (heapsort: O(n log n), no
 *   recursion, no extra memory) and stays sorted.
 * - Percentile p of n sorted samples x[0..n-1] is the nearest-rank
 *   percentile: x[r-1] with r = ceil(p * n / 100), r at least 1. It is
 *   always an observed sample, never an interpolation.
 * - The median is p50, i.e. the lower median x[(n-1)/2]: for an even count
 *   the lower of the two middle samples (no averaging, so no rounding).
 * - MAD is the lower median of |x[i] - median| over all n samples.
 * - With n = 0 every statistic is 0 and stats_*() returns -EINVAL-like -1.
 * - The 95 % confidence interval of the median is distribution-free, by order
 *   statistics (Conover, "Practical Nonparametric Statistics", 3rd ed. 1999,
 *   §3.2; Hahn & Meeker, "Statistical Intervals", 1991, §5.2): [x_(j), x_(k)]
 *   (1-based ranks, k = n + 1 - j) with P(x_(j) <= median <= x_(k)) >= 95 %
 *   for any continuous distribution; stats_median_ci_ranks gives j and k.
 */
#ifndef VMXB_LIB_STATS_H
#define VMXB_LIB_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** Statistics of unsigned samples. */
struct stats {
	uint64_t min, p5, median, p95, p99, max;
	uint64_t mad;
	uint64_t ci_lo, ci_hi; /**< 95 % CI of the median; valid only when has_ci */
	bool has_ci;        /**< false: n < 6, too few samples for 95 % */
	uint64_t count;     /**< samples the statistics are over */
	uint64_t discarded; /**< samples the caller dropped before (copied through) */
};

/** Statistics of signed samples (differences such as t(2N) - t(N)). */
struct stats_i64 {
	int64_t min, p5, median, p95, p99, max;
	uint64_t mad;       /**< a distance: never negative, may exceed INT64_MAX */
	int64_t ci_lo, ci_hi; /**< 95 % CI of the median; valid only when has_ci */
	bool has_ci;
	uint64_t count;
	uint64_t discarded;
};

/** Largest n whose ranks come from the exact binomial (2^n must fit in 64 bits). */
#define STATS_CI_EXACT_MAX 63

/**
 * Ranks (1-based) of the 95 % confidence interval of the median of @p n
 * samples: *j = the largest j with P(B <= j - 1) <= 2.5 % for B ~ Bin(n, 1/2)
 * (exact, integer arithmetic) when n <= STATS_CI_EXACT_MAX; above, the normal
 * approximation j = floor(n/2 - 1.96 sqrt(n)/2) (Conover §3.2, integers only:
 * no libm), which is never narrower than the exact interval up to n = 3000
 * (checked by tests/unit/test_stats.c's reference). *k = n + 1 - j.
 * @return 0, or -1 when n < 6: even [x_(1), x_(n)] then covers less than 95 %.
 */
int stats_median_ci_ranks(uint64_t n, uint64_t *j, uint64_t *k);

/** Sort @p n values ascending in place (heapsort). */
void stats_sort_u64(uint64_t *v, size_t n);

/** Nearest-rank percentile @p pct (0..100) of @p n sorted values; 0 if n = 0. */
uint64_t stats_percentile_sorted(const uint64_t *v, size_t n, unsigned pct);

/**
 * Sort @p v (n values) and fill @p s; @p discarded is copied to s->discarded.
 * @return 0, or -1 when n = 0 (s is then all zero but for discarded).
 */
int stats_compute(uint64_t *v, size_t n, uint64_t discarded, struct stats *s);

/**
 * The same for signed samples. @p v is sorted ascending in place (as signed
 * values) and holds its original values again on return.
 */
int stats_compute_i64(int64_t *v, size_t n, uint64_t discarded, struct stats_i64 *s);

#endif
