/** @file
 * Is a difference in a measurement real? The ratio of two medians (B / A)
 * with a 95 % percentile-bootstrap confidence interval (Efron & Tibshirani,
 * "An Introduction to the Bootstrap", 1993, ch. 13): each side resampled
 * with replacement, 2000 times, with a fixed seed so a report is
 * reproducible. The difference is called significant when the interval
 * excludes 1. A side of more than CMP_BOOT_POINTS samples is thinned to
 * that many evenly spaced order statistics first. Samples are what a side has: each run's per-sample
 * distribution when the records carry one, else one median per run (boots).
 */
#ifndef VMXB_HOST_COMPARE_STATS_H
#define VMXB_HOST_COMPARE_STATS_H

#include <stdbool.h>
#include <stddef.h>

#define CMP_BOOT_RESAMPLES 2000u
/** Most points a side the bootstrap resamples (a sorted side is thinned evenly). */
#define CMP_BOOT_POINTS 1000u
/** Fewer samples than this on either side: a ratio, but no interval. */
#define CMP_MIN_SAMPLES 3u

struct cmp_ratio {
	double a_median, b_median;
	double ratio;         /**< b_median / a_median (0 when a_median is 0) */
	bool has_ci;          /**< both sides had CMP_MIN_SAMPLES and a nonzero A median */
	double ci_lo, ci_hi;  /**< 95 % bootstrap interval of the ratio */
	bool significant;     /**< the interval excludes 1 */
};

/** The median of @p n values (sorted in place). */
double cmp_median(double *v, size_t n);

/** Ratio and interval for samples @p a (n_a) and @p b (n_b); the arrays are reordered. */
void cmp_ratio_ci(double *a, size_t n_a, double *b, size_t n_b, struct cmp_ratio *out);

#endif
