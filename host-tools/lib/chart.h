/** @file
 * Charts of the measurements (vmxbench chart): for each chart a gnuplot data
 * file NAME.dat and script NAME.gp, rendered by gnuplot into NAME.svg and
 * NAME.png. Kinds:
 * - medians: per suite, the median of each plain meas record (no `path`,
 *   `k` or `w`), bars grouped by name, one bar per CPU model;
 * - paths: per suite and model, the median of each record with `path`,
 *   clusters by (`op`, `width`), one bar per path;
 * - sync: per suite, the median of records with `k` against K, one line per
 *   model and series (`op`);
 * - ws: per suite, the median of records with `w` (working-set size) against
 *   W, one line per model, its knee (meas_knee) marked with a point.
 * Suites with a report section of their own (meas_own_section) get only the
 * ws chart: their `k` and `relation` are not the generic ones.
 * Emulated models are marked "(emulated)" in titles and keys.
 */
#ifndef VMXB_HOST_CHART_H
#define VMXB_HOST_CHART_H

#include <stdbool.h>
#include <stdio.h>

#include "lib/runset.h"

enum chart_kind { CHART_MEDIANS, CHART_PATHS, CHART_SYNC, CHART_WS };

struct chart {
	enum chart_kind kind;
	char name[256];   /**< file base name, e.g. "noise-medians" */
	char title[256];
	const char *suite; /**< points into the runset's records */
	const struct stored_run *run; /**< CHART_PATHS: the model's run */
	bool bochs; /**< every model in it ran under Bochs: values are instruction counts */
};

/** File base name of a chart (paths charts name the model by its <cpu> slug). */
void chart_name(enum chart_kind kind, const char *suite, const struct stored_run *r, char *out,
		size_t outsz);

/** chart_plan's answer when memory ran out. */
#define CHART_NOMEM ((size_t)-1)

/**
 * The charts @p rs calls for. @return their number (up to @p max stored in @p out),
 * CHART_NOMEM when memory ran out.
 */
size_t chart_plan(const struct runset *rs, struct chart *out, size_t max);

/**
 * Write chart @p c's data file (gnuplot columns, header line with titles). Record text
 * goes through esc_gp (esc.h). @return 0, or -ENOMEM.
 */
int chart_write_data(const struct runset *rs, const struct chart *c, FILE *f);
/**
 * Write chart @p c's gnuplot script: reads NAME.dat, writes NAME.svg and NAME.png. The
 * only record text in it is the title, in a single-quoted string. @return 0, or -ENOMEM.
 */
int chart_write_script(const struct runset *rs, const struct chart *c, FILE *f);

/**
 * Write every chart's data and script into @p dir (created), and when @p render run
 * gnuplot on each in @p dir. Progress on @p out, problems on @p err.
 * @return 0, or a negative errno / -ENOEXEC when gnuplot failed or is missing.
 */
int chart_all(const struct runset *rs, const char *dir, bool render, FILE *out, FILE *err);

#endif
