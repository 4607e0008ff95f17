/** @file
 * Aggregation of `meas` figures across boots of one machine (docs/host-tools.md,
 * "Across boots"): each boot adds its per-boot medians, one figure per record
 * `name`; a figure's row is the median of those medians (the lower median, as
 * the payload's), their range (min–max) and the number of boots it rests on.
 * Boots are added one at a time, so a caller holds one run open at a time and
 * the memory is per figure and boot (two doubles), never per run.
 */
#ifndef VMXB_HOST_MEAS_AGG_H
#define VMXB_HOST_MEAS_AGG_H

#include <stddef.h>
#include <jansson.h>

struct meas_agg_fig;

struct meas_agg {
	struct meas_agg_fig *f; /**< figures in order of first appearance */
	size_t n, cap;
	json_t *index;          /**< name -> position in f */
	unsigned boots;         /**< boots added */
};

/** One figure across boots; NaN members where no boot had the statistic. */
struct meas_agg_row {
	const char *name;  /**< lives as long as the aggregate */
	double median;     /**< lower median of the per-boot TSC medians */
	double lo, hi;     /**< their range */
	size_t boots;      /**< boots with a TSC median */
	double cyc_median; /**< the same over `cycles_median` */
	double cyc_lo, cyc_hi;
	size_t cyc_boots;
};

void meas_agg_init(struct meas_agg *a);
/**
 * Add one boot: its @p n meas records (one suite). A name repeated within the
 * boot counts once (the first record). @return 0, or -ENOMEM.
 */
int meas_agg_add(struct meas_agg *a, json_t **recs, size_t n);
/** Row @p i (0 .. a->n - 1). @return 0, or -ENOMEM. */
int meas_agg_row(const struct meas_agg *a, size_t i, struct meas_agg_row *out);
void meas_agg_free(struct meas_agg *a);

#endif
