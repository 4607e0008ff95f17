/** @file
 * Bootstrap interval of a ratio of medians (compare_stats.h).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/compare_stats.h"

static int cmp_double(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;

	return a < b ? -1 : a > b;
}

double cmp_median(double *v, size_t n)
{
	if (!n)
		return 0;
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* xorshift64*: small, fast, and the same sequence on every machine. */
static uint64_t next(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545f4914f6cdd1dull;
}

static double resampled_median(const double *v, size_t n, double *tmp, uint64_t *seed)
{
	for (size_t i = 0; i < n; i++)
		tmp[i] = v[next(seed) % n];
	return cmp_median(tmp, n);
}

/*
 * Evenly spaced values of a sorted array (the same distribution, fewer points): the
 * bootstrap resamples CMP_BOOT_POINTS at most a side, so its cost does not grow with
 * the store. @return the new count.
 */
static size_t thin(double *v, size_t n)
{
	if (n <= CMP_BOOT_POINTS)
		return n;
	for (size_t i = 0; i < CMP_BOOT_POINTS; i++)
		v[i] = v[(size_t)((double)i * (double)(n - 1) / (CMP_BOOT_POINTS - 1))];
	return CMP_BOOT_POINTS;
}

void cmp_ratio_ci(double *a, size_t n_a, double *b, size_t n_b, struct cmp_ratio *out)
{
	double *tmp, *ratios;
	uint64_t seed = 0x9e3779b97f4a7c15ull;
	size_t k = 0;

	memset(out, 0, sizeof(*out));
	out->a_median = cmp_median(a, n_a);
	out->b_median = cmp_median(b, n_b);
	if (!n_a || !n_b || out->a_median == 0)
		return;
	out->ratio = out->b_median / out->a_median;
	if (n_a < CMP_MIN_SAMPLES || n_b < CMP_MIN_SAMPLES)
		return; /* resampling one or two values says nothing: no interval */
	n_a = thin(a, n_a); /* sorted by cmp_median above */
	n_b = thin(b, n_b);
	tmp = malloc((n_a > n_b ? n_a : n_b) * sizeof(*tmp));
	ratios = malloc(CMP_BOOT_RESAMPLES * sizeof(*ratios));
	if (!tmp || !ratios)
		abort();
	for (unsigned i = 0; i < CMP_BOOT_RESAMPLES; i++) {
		double ma = resampled_median(a, n_a, tmp, &seed);
		double mb = resampled_median(b, n_b, tmp, &seed);

		if (ma != 0)
			ratios[k++] = mb / ma;
	}
	if (k >= CMP_BOOT_RESAMPLES / 2) {
		qsort(ratios, k, sizeof(*ratios), cmp_double);
		out->ci_lo = ratios[(size_t)(0.025 * (double)(k - 1))];
		out->ci_hi = ratios[(size_t)(0.975 * (double)(k - 1) + 0.5)];
		out->has_ci = true;
		out->significant = out->ci_lo > 1 || out->ci_hi < 1;
	}
	free(tmp);
	free(ratios);
}
