/** @file
 * `meas` records (docs/record-format.md, docs/measurement.md) as the report
 * and the charts see them: grouped by suite, per model, and reshaped by the
 * optional members `op`, `path`, `width` and `k` (per-path tables, cost
 * against K, break-even) that suites such as shadow add.
 */
#ifndef VMXB_HOST_MEAS_H
#define VMXB_HOST_MEAS_H

#include <stddef.h>
#include <jansson.h>

#include "lib/runset.h"

/** Suites that have meas records, in order of first appearance. @return how many. */
size_t meas_suites(const struct runset *rs, const char **out, size_t max);
/** Run filter for runset_pick: has meas records of suite @p arg (a const char *). */
bool meas_run_has(const struct stored_run *r, const void *arg);
/** The meas records of @p suite in @p r, in order. @return how many (up to @p max). */
size_t meas_of(const struct stored_run *r, const char *suite, json_t **out, size_t max);

/** A member as text: strings as they are, integers in decimal; NULL when absent. */
const char *meas_member(json_t *rec, const char *key, char *buf, size_t bufsz);
/** A numeric member (statistics), NaN when absent or not a number. */
double meas_stat(json_t *rec, const char *key);
/** @p v with up to 3 decimals, trailing zeros dropped; "-" for NaN. */
void meas_fmt(double v, char *buf, size_t bufsz);
/** None of `path`, `k`, `w`: a plain named measurement. */
bool meas_plain(json_t *rec);
/**
 * Does @p suite have a report section of its own (report_migrate.c for
 * "migrate")? The generic views (per-suite tables, medians, paths and sync
 * charts) then leave it out: its `k` and `relation` mean something else.
 */
bool meas_own_section(const char *suite);
/** Records of the run labelled emulated (run or any meas record says so)? */
bool meas_emulated(const struct stored_run *r, json_t **recs, size_t n);
/**
 * What an emulated run's numbers mean, for table captions and chart titles:
 * "emulated: Bochs TSC counts instructions" (Bochs), "emulated (LABEL): TSC of
 * the emulator, not silicon" otherwise; NULL for silicon.
 */
const char *meas_emulation_note(const struct stored_run *r, char *buf, size_t bufsz);

/**
 * Is @p rec the default variant of its figure: `kind` absent or "throughput", `vpid` not
 * "off", `field_set` absent, "first-k" or "all" (the K sweep and its upper bound), `cache`
 * absent or "hot" (what records meant before these members existed; docs/record-format.md)?
 */
bool meas_default_variant(json_t *rec);

/**
 * Per-path table of records carrying `path`: rows are (`op`, `width`) in
 * order of appearance ("vmread 16"; either part may be absent; " latency" and
 * " novpid" appended for those variants), columns the
 * `path` values in order of appearance. Records with `k` are left out. Keys are
 * compared whole, whatever their length (they come from records).
 */
struct meas_pivot {
	char **rows; /**< allocated */
	bool *row_default; /**< throughput and not the VPID-off variant: the rows gain and ratio use */
	size_t nrows;
	char **cols; /**< allocated */
	size_t ncols;
	json_t **cell; /**< [row * ncols + col], NULL when not measured */
};
/** @return 0, or -ENOMEM (@p p then empty). */
int meas_pivot_build(json_t **recs, size_t n, struct meas_pivot *p);
void meas_pivot_free(struct meas_pivot *p);
static inline json_t *meas_pivot_cell(const struct meas_pivot *p, size_t r, size_t c)
{
	return p->cell[r * p->ncols + c];
}
/** Column index of path @p name, or -1. */
int meas_pivot_col(const struct meas_pivot *p, const char *name);

/**
 * Series of records carrying `k` (cost against K): one series per `op`
 * (or per name with its K part removed when there is no op), points sorted by K.
 */
struct meas_kseries {
	char *name; /**< allocated; " [FIELD_SET]" (not first-k/all) and " cold" appended */
	bool dflt;  /**< the K sweep, hot (meas_default_variant): the series break-even sums */
	size_t n;
	long *k;
	json_t **rec;
};
struct meas_ksets {
	struct meas_kseries *s;
	size_t n;
};
/** @return 0, or -ENOMEM (@p ks then empty). */
int meas_ksets_build(json_t **recs, size_t n, struct meas_ksets *ks);
void meas_ksets_free(struct meas_ksets *ks);

/**
 * Mean gain per guest access of path "shadowed" over path "exiting": the mean
 * over the default (op, width) rows having both of (exiting median − shadowed median).
 * NaN when no row has both.
 */
double meas_shadow_gain(const struct meas_pivot *p);
/**
 * Ratio of the means over the same rows: mean exiting median / mean shadowed
 * median (as the shadow suite's shadow_breakeven "ratio"). NaN when undefined.
 */
double meas_shadow_ratio(const struct meas_pivot *p);
/**
 * Break-even at K: the guest VMREAD/VMWRITEs per nested exit above which
 * shadowing pays, (sum over the default series of the median sync cost at K) / @p gain.
 * NaN when some default series lacks K, there is none, or gain <= 0.
 */
double meas_breakeven(const struct meas_ksets *ks, long k, double gain);

/**
 * A working-set series: the records carrying an integer `w` (VMCSs cycled
 * through), points sorted by W; a repeated W keeps the first record.
 */
struct meas_wseries {
	size_t n;
	long *w;
	json_t **rec;
};
/** @return 0, or -ENOMEM (@p ws then empty). */
int meas_wseries_build(json_t **recs, size_t n, struct meas_wseries *ws);
void meas_wseries_free(struct meas_wseries *ws);

/** Why a series has no knee (meas_knee's answers other than an index). */
#define MEAS_KNEE_NONE ((size_t)-1)      /**< no W whose median exceeds the threshold */
#define MEAS_KNEE_UNDEFINED ((size_t)-2) /**< no W = 1 point with a positive median */
/** The knee factor: the first W whose median exceeds this times the W = 1 median. */
#define MEAS_KNEE_FACTOR 1.5
/**
 * The knee of a working-set series: the index of the first point whose median
 * exceeds MEAS_KNEE_FACTOR x the median at W = 1 (the processor no longer holds
 * that many VMCSs on chip). @return an index, MEAS_KNEE_NONE or MEAS_KNEE_UNDEFINED.
 */
size_t meas_knee(const struct meas_wseries *ws);

#endif
