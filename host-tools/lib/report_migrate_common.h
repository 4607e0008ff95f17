/** @file
 * Private to the report's migrate section (report_migrate.c, report_migrate_cost.c,
 * report_migrate_ws.c): what one run holds for the section, the helpers the
 * three files share, and the parts report_migrate.c calls per model and across
 * models. Not part of the library's interface.
 */
#ifndef VMXB_HOST_REPORT_MIGRATE_COMMON_H
#define VMXB_HOST_REPORT_MIGRATE_COMMON_H

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "lib/report.h"

#define SUITE "migrate"

static inline const char *str(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

static inline bool is_type(json_t *rec, const char *type)
{
	const char *t = str(rec, "type");

	return t && strcmp(t, type) == 0;
}

/* What one run holds for this section; the arrays point into its records. */
struct mig {
	const struct stored_run *r;
	json_t **meas, **cases, **cpus, **handoffs;
	size_t nmeas, ncases, ncpus, nhandoffs;
	json_t *smp, *suite_end;
	double *scratch; /* nmeas + 1 values: medians of several pairs */
	bool emulated;
};

/* @return 0, or -1 when memory ran out (@p m then empty). */
/** Does @p r hold the suite's records (a filter for runset_pick)? */
bool mig_has_records(const struct stored_run *r, const void *arg);
int mig_load(const struct stored_run *r, struct mig *m);
void mig_free(struct mig *m);

bool mig_is_bochs(const struct stored_run *r);
extern const char mig_bochs_note[];
/* A number cell, "-" when absent. */
void mig_num_cell(FILE *f, double v);
/* A member that may be a number or text, as Markdown text ("-" when absent). */
void mig_member_md(FILE *f, json_t *rec, const char *key);
/* " — **emulated**" (and what Bochs numbers are) for a table caption, "" on silicon. */
const char *mig_emu_caption(const struct mig *m);

/* report_migrate_cost.c: per model */
void mig_cost_table(FILE *f, const struct report_ctx *c, const struct mig *m);
void mig_roundtrip_table(FILE *f, const struct report_ctx *c, const struct mig *m);
void mig_first_access(FILE *f, const struct report_ctx *c, const struct mig *m);

/* report_migrate_handoff.c: the two-CPU hand-off per model */
void mig_handoff_table(FILE *f, const struct report_ctx *c, const struct mig *m);

/* report_migrate_ws.c: the working set per model, then across models */
void mig_ws_model(FILE *f, const struct report_ctx *c, const struct mig *m);
void mig_ws_across(FILE *f, const struct report_ctx *c, const struct run_pick *picks,
		   size_t np);
/* migrate_observation records (what the SDM leaves undefined), across models. */
void mig_observations(FILE *f, const struct report_ctx *c);

#endif
