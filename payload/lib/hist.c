/** @file
 * Log-bucketed histograms (hist.h).
 */
#include "lib/hist.h"

static unsigned log2_floor(uint64_t v)
{
	unsigned e = 0;

	while (v >>= 1)
		e++;
	return e;
}

unsigned hist_bucket(uint64_t v)
{
	unsigned e;

	if (v < HIST_SUB)
		return (unsigned)v;
	e = log2_floor(v); /* HIST_SUB_BITS..63 */
	return HIST_SUB + (e - HIST_SUB_BITS) * HIST_SUB +
	       (unsigned)((v >> (e - HIST_SUB_BITS)) & (HIST_SUB - 1));
}

uint64_t hist_lo(unsigned b)
{
	unsigned e, sub;

	if (b < HIST_SUB)
		return b;
	e = (b - HIST_SUB) / HIST_SUB + HIST_SUB_BITS;
	sub = (b - HIST_SUB) % HIST_SUB;
	return (uint64_t)(HIST_SUB + sub) << (e - HIST_SUB_BITS);
}

uint64_t hist_hi(unsigned b)
{
	return b + 1 < HIST_BUCKETS ? hist_lo(b + 1) : UINT64_MAX;
}

size_t hist_from_sorted(const int64_t *v, size_t n, struct hist_entry *out, size_t max,
			uint64_t *negative, uint64_t *other)
{
	size_t k = 0;

	*negative = 0;
	*other = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned b;

		if (v[i] < 0) {
			(*negative)++;
			continue;
		}
		b = hist_bucket((uint64_t)v[i]);
		if (k && out[k - 1].bucket == b) {
			out[k - 1].count++;
			continue;
		}
		if (k == max) {
			/* full: drop the emptiest entry (its samples go to "other") to make room */
			size_t least = 0;

			for (size_t j = 1; j < k; j++)
				if (out[j].count < out[least].count)
					least = j;
			*other += out[least].count;
			for (size_t j = least; j + 1 < k; j++)
				out[j] = out[j + 1];
			k--;
		}
		out[k].bucket = (uint16_t)b;
		out[k].count = 1;
		k++;
	}
	return k;
}
