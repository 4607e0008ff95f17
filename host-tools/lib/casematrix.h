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
	char group[64];                      /**< "entry / ctl": suite and id up to the first '.' */
};

struct cm_count {
	unsigned run, pass, dev, skip, other;
	unsigned missing; /**< rows this model did not run */
	unsigned dups;    /**< case records repeating an id already seen in the run (ignored) */
	int summary_cases; /**< <suite>_summary "cases" members summed, -1 when none */
};

struct casematrix {
	struct run_pick *cols;
	size_t ncols;
	struct cm_row *rows; /**< grouped: rows of a group are adjacent, groups in order of appearance */
	size_t nrows;
	json_t **cell;       /**< [row * ncols + col]: the case record, or NULL (not run) */
	struct cm_count *count; /**< per column */
};

/** Build the matrix of @p rs (which must outlive it). @return 0 (or -ENOMEM). */
int casematrix_build(const struct runset *rs, struct casematrix *m);
void casematrix_free(struct casematrix *m);

static inline json_t *casematrix_cell(const struct casematrix *m, size_t row, size_t col)
{
	return m->cell[row * m->ncols + col];
}

/** The verdict of a case record (CM_NONE for NULL, CM_OTHER for an unknown string). */
enum cm_verdict casematrix_verdict(json_t *rec);

#endif
