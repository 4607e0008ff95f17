/** @file
 * The conformance matrix: every `case` record (docs/record-format.md) of the
 * stored runs as rows (suite, id) × columns (one run per CPU model), built
 * once and shared by the report, tests and later analyses.
 */
#ifndef VMXB_HOST_CASEMATRIX_H
#define VMXB_HOST_CASEMATRIX_H

#include <jansson.h>

#include "lib/runset.h"

enum cm_verdict { CM_NONE, CM_PASS, CM_DEVIATION, CM_SKIP, CM_OTHER };

struct cm_row {
	const char *suite, *id, *sdm, *desc; /**< from the first run that has the case */
	char *group; /**< "entry / ctl": suite and id up to the first '.' (allocated, whole) */
};

struct cm_count {
	unsigned run, pass, dev, skip, other;
	unsigned missing; /**< rows this model did not run */
	unsigned dups;    /**< case records repeating an id already seen in the run (ignored) */
	unsigned unused;  /**< the model's runs with cases that fill no cell (older runs) */
	int summary_cases; /**< <suite>_summary "cases" members summed, -1 when none */
};

struct casematrix {
	struct run_pick *cols; /**< one per CPU model: r = its latest run with cases */
	size_t ncols;
	const char **suites;   /**< suites with case records, in order of first appearance */
	size_t nsuites;
	/**
	 * [col * nsuites + suite]: the run whose cases of that suite fill the column (the
	 * model's latest run with cases of that suite), NULL when the model has none: the
	 * suites of one model may come from different runs (suites=entry, then suites=shadow).
	 */
	const struct stored_run **src;
	struct cm_row *rows; /**< grouped: rows of a group are adjacent, groups in order of appearance */
	size_t nrows;
	json_t **cell;       /**< [row * ncols + col]: the case record, or NULL (not run) */
	struct cm_count *count; /**< per column */
	bool opened;            /**< the sources are open (run_open) until casematrix_free */
};

/** Build the matrix of @p rs (which must outlive it). @return 0 (or -ENOMEM). */
int casematrix_build(const struct runset *rs, struct casematrix *m);
void casematrix_free(struct casematrix *m);

/**
 * Is row @p row judged differently by the models that ran it? Blank cells and
 * models that skipped every case (a CPU without VMX) are not counted.
 */
bool casematrix_row_differs(const struct casematrix *m, size_t row);

static inline json_t *casematrix_cell(const struct casematrix *m, size_t row, size_t col)
{
	return m->cell[row * m->ncols + col];
}

/** The run that gave column @p col its cases of suite number @p s (NULL: none). */
static inline const struct stored_run *casematrix_src(const struct casematrix *m, size_t col,
						      size_t s)
{
	return m->src[col * m->nsuites + s];
}

/** The verdict of a case record (CM_NONE for NULL, CM_OTHER for an unknown string). */
enum cm_verdict casematrix_verdict(json_t *rec);

#endif
