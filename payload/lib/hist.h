/** @file
 * A compact distribution of measurement samples: a log-bucketed histogram
 * with 5 significant bits (HDR-histogram style), so each bucket is at most
 * 1/32 (3.1 %) of its value wide, and small values (below 32) are exact. A
 * measurement's samples (ticks for N operations) fit in a handful of
 * buckets, sent sparse in the `meas` record (`hist`, docs/record-format.md)
 * so the host can compare distributions, not only their summaries.
 *
 * Pure: compiled into the payload (integer only) and the host library.
 */
#ifndef VMXB_LIB_HIST_H
#define VMXB_LIB_HIST_H

#include <stddef.h>
#include <stdint.h>

/** Significant bits kept: 2^HIST_SUB_BITS buckets per power of two. */
#define HIST_SUB_BITS 5u
#define HIST_SUB (1u << HIST_SUB_BITS)
/** Buckets: HIST_SUB exact (0..31), then HIST_SUB per power of two up to 2^63. */
#define HIST_BUCKETS (HIST_SUB + (64u - HIST_SUB_BITS) * HIST_SUB)
/** Most buckets one record carries (the fullest ones; the rest counted in "other"). */
#define HIST_MAX_SENT 32u

/** The bucket of @p v (v >= 0). */
unsigned hist_bucket(uint64_t v);
/** The smallest value in bucket @p b, and the first value above it. */
uint64_t hist_lo(unsigned b);
uint64_t hist_hi(unsigned b);

struct hist_entry {
	uint16_t bucket;
	uint32_t count;
};

/**
 * Bucket @p n samples sorted ascending (negative ones are counted in
 * *@p negative, not bucketed) into at most @p max entries, ascending by bucket.
 * When more buckets fill, the emptiest entry so far makes room and its samples
 * are counted in *@p other, so the counts always add up to @p n.
 * @return the number of entries.
 */
size_t hist_from_sorted(const int64_t *v, size_t n, struct hist_entry *out, size_t max,
			uint64_t *negative, uint64_t *other);

#endif
