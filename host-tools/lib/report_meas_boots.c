/** @file
 * Figures across boots of one machine (report_meas.h, meas_agg.h): the median
 * of the per-boot medians, their range and the number of boots, per figure.
 * A machine is a <cpu> slug (how runset_pick groups runs) and run_machine
 * (the lab's label, else MAC, else UUID), as the report's summary groups runs,
 * so two boards of one model stay apart.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/esc.h"
#include "lib/meas.h"
#include "lib/meas_agg.h"
#include "lib/report_meas.h"

#define BOOT_RECS_MAX 4096

/* Three cells of an aggregate: median of medians, range, boots. */
static void agg_cells(FILE *f, double median, double lo, double hi, size_t boots)
{
	char m[48], l[48], h[48];

	meas_fmt(median, m, sizeof(m));
	meas_fmt(lo, l, sizeof(l));
	meas_fmt(hi, h, sizeof(h));
	report_cell(f, m);
	report_cellf(f, "%s–%s", l, h);
	report_cellf(f, "%zu", boots);
}

static void agg_table(FILE *f, const struct report_ctx *c, const char *who,
		      const struct meas_agg *a, bool emulated)
{
	bool cyc = false;
	struct meas_agg_row row;

	for (size_t i = 0; i < a->n && !cyc; i++) {
		if (meas_agg_row(a, i, &row)) {
			report_nomem(f, c);
			return;
		}
		cyc = row.cyc_boots > 0;
	}
	fprintf(f, "\nAcross %u boots of this machine (machine ", a->boots);
	esc_md(f, who, false);
	fprintf(f, ")%s: per figure the median of the per-boot medians, their range and the "
		   "boots it rests on.\n\n| Name |%s Median of medians | Range | Boots |\n|---|%s"
		   "---:|---:|---:|\n",
		emulated ? ", emulated" : "",
		cyc ? " Core cycles: median of medians | Cycles range | Cycle boots |" : "",
		cyc ? "---:|---:|---:|" : "");
	for (size_t i = 0; i < a->n; i++) {
		if (meas_agg_row(a, i, &row)) {
			report_nomem(f, c);
			return;
		}
		fputc('|', f);
		report_cell(f, row.name);
		if (cyc)
			agg_cells(f, row.cyc_median, row.cyc_lo, row.cyc_hi, row.cyc_boots);
		agg_cells(f, row.median, row.lo, row.hi, row.boots);
		fputc('\n', f);
	}
}

void meas_boots_tables(FILE *f, const struct report_ctx *c, const struct run_pick *pick,
		       const char *suite)
{
	const struct runset *rs = c->rs;
	size_t a = (size_t)(pick->r - rs->v), b = a + 1, nm = 0;
	json_t *machines;
	json_t **recs;
	struct meas_agg *aggs;

	if (!pick->others)
		return; /* one run of this model: nothing to aggregate */
	/* the runs of this slug are adjacent (runset sorted by slug) */
	while (a > 0 && !strcmp(rs->v[a - 1].slug, pick->r->slug))
		a--;
	while (b < rs->n && !strcmp(rs->v[b].slug, pick->r->slug))
		b++;
	machines = json_object();
	recs = calloc(BOOT_RECS_MAX, sizeof(*recs));
	aggs = calloc(b - a, sizeof(*aggs));
	if (!machines || !recs || !aggs)
		goto nomem;
	/* machine -> its aggregate; one pass, each run opened once, alone */
	for (size_t i = a; i < b; i++) {
		const struct stored_run *r = &rs->v[i];
		const char *key;
		json_t *at;
		size_t k, n;
		int rc;

		if (!meas_run_has(r, suite) || !run_same_column(r, pick->r))
			continue; /* another machine's runs have a column (a pick) of their own */
		key = run_machine(r);
		if (!(at = json_object_get(machines, key))) {
			if (json_object_set_new(machines, key, json_integer((json_int_t)nm)))
				goto nomem;
			meas_agg_init(&aggs[nm++]);
			at = json_object_get(machines, key);
		}
		k = (size_t)json_integer_value(at);
		if (run_open(r)) {
			run_close(r);
			continue;
		}
		n = meas_of(r, suite, recs, BOOT_RECS_MAX);
		rc = meas_agg_add(&aggs[k], recs, n);
		run_close(r);
		if (rc)
			goto nomem;
	}
	{
		const char *key;
		json_t *at;

		json_object_foreach(machines, key, at) {
			const struct meas_agg *g = &aggs[json_integer_value(at)];

			if (g->boots >= 2)
				agg_table(f, c, key, g, run_emulated(pick->r));
		}
	}
	goto out;
nomem:
	report_nomem(f, c);
out:
	for (size_t i = 0; aggs && i < nm; i++)
		meas_agg_free(&aggs[i]);
	free(aggs);
	free(recs);
	json_decref(machines);
}
