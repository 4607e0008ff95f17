/** @file
 * vmxbench compare: how do two sets of runs differ (docs/host-tools.md
 * "compare")? A side is a stored run file, a directory of runs, or the runs of
 * a results directory named by run id, CPU model or machine. The comparison
 * is one JSON document (compare_sides), which the writers turn into Markdown
 * or HTML; JSON is printed as it is.
 */
#ifndef VMXB_HOST_COMPARE_H
#define VMXB_HOST_COMPARE_H

#include <stdio.h>
#include <jansson.h>

#include "lib/runset.h"

struct cmp_side {
	char spec[256];                 /**< what the user named (cut) */
	struct runset own;              /**< runs this side loaded itself (a file or directory) */
	const struct stored_run **v;    /**< the side's runs */
	size_t n;
};

/**
 * Resolve @p spec: an existing file (one stored run), an existing directory
 * (a results directory, or a <cpu> directory of run files), else "run:ID",
 * "model:NAME", "machine:KEY" or a bare word (tried as run id, then model,
 * then machine) among @p results (may be NULL). Models match the report's
 * label, the <cpu> directory or the codename, case-insensitively; machines as
 * run_machine names them (the lab label, else the MAC, else the UUID). @return 0, or -1 with the reason in @p err.
 */
int cmp_side_resolve(struct cmp_side *s, const char *spec, const struct runset *results,
		     char *err, size_t errsz);
void cmp_side_free(struct cmp_side *s);

/**
 * Compare: conformance (cases whose outcome differs), capabilities (every
 * named feature of vmxfeat.h that differs) and measurements (ratio B/A of
 * medians with a bootstrap interval, compare_stats.h). A regression is a case
 * that passes in A and not in B, or a measurement significantly slower in B
 * by more than @p threshold (0.05 = 5 %). NULL when memory ran out.
 */
json_t *compare_sides(const struct cmp_side *a, const struct cmp_side *b, double threshold);

/** Markdown and HTML (self-contained, escaped) renderings of a comparison. */
void compare_write_md(FILE *f, json_t *cmp);
void compare_write_html(FILE *f, json_t *cmp);

#endif
