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
 */
#ifndef VMXB_LIB_STATS_H
#define VMXB_LIB_STATS_H

#include <stddef.h>
#include <stdint.h>

/** Statistics of unsigned samples. */
struct stats {
	uint64_t min, p5, median, p95, p99, max;
	uint64_t mad;
	uint64_t count;     /**< samples the statistics are over */
	uint64_t discarded; /**< samples the caller dropped before (copied through) */
};

/** Statistics of signed samples (differences such as t(2N) - t(N)). */
struct stats_i64 {
	int64_t min, p5, median, p95, p99, max;
	uint64_t mad;       /**< a distance: never negative, may exceed INT64_MAX */
	uint64_t count;
	uint64_t discarded;
};

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
