/** @file
 * Report section "migrate": the on-chip VMCS working set of one model (median
 * against W, the knee) and across models (with the chart link), and the
 * migrate_observation records (what SDM §24.11.1 leaves undefined) side by
 * side across models. Called by report_migrate.c; shares report_migrate_common.h.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lib/chart.h"
#include "lib/esc.h"
#include "lib/meas.h"
#include "lib/report.h"
#include "lib/report_migrate_common.h"

static bool has_observation(const struct stored_run *r, const void *arg)
{
	(void)arg;
	return run_has(r, "migrate_observation", NULL);
}

/* ---- working set ---- */

static void knee_text(FILE *f, const struct meas_wseries *ws, size_t knee, bool bochs)
{
	if (knee == MEAS_KNEE_UNDEFINED)
		fputs("undefined (no positive median at W = 1)", f);
	else if (knee == MEAS_KNEE_NONE)
		fprintf(f, "no knee%s", bochs ? " (Bochs: VMCS data in guest memory)" : "");
	else
		fprintf(f, "**W = %ld**", ws->w[knee]);
}

/* The median at W = 1 (the knee's reference), NAN when W = 1 was not measured. */
static double ws_base(const struct meas_wseries *ws)
{
	double base = NAN;

	for (size_t i = 0; i < ws->n; i++)
		if (ws->w[i] == 1)
			base = meas_stat(ws->rec[i], "median");
	return base;
}

void mig_ws_model(FILE *f, const struct report_ctx *c, const struct mig *m)
{
	struct meas_wseries ws;
	size_t knee;
	double base;

	if (meas_wseries_build(m->meas, m->nmeas, &ws)) {
		report_nomem(f, c);
		return;
	}
	if (!ws.n)
		goto out;
	knee = meas_knee(&ws);
	base = ws_base(&ws);
	fprintf(f, "\nVMCS working set (VMPTRLD + VMREAD round-robin over W VMCSs on one CPU), "
		   "W = %ld … %ld%s; knee (first W whose median exceeds %.1f × the W = 1 median): ",
		ws.w[0], ws.w[ws.n - 1], mig_emu_caption(m), MEAS_KNEE_FACTOR);
	knee_text(f, &ws, knee, mig_is_bochs(m->r));
	fprintf(f, ".\n\n<details><summary>Median against W (%zu values)</summary>\n\n"
		   "| W | Median | p99 | × W = 1 |\n|---:|---:|---:|---:|\n", ws.n);
	for (size_t i = 0; i < ws.n; i++) {
		double v = meas_stat(ws.rec[i], "median");

		fprintf(f, "| %ld%s |", ws.w[i], knee == i ? " (knee)" : "");
		mig_num_cell(f, v);
		mig_num_cell(f, meas_stat(ws.rec[i], "p99"));
		mig_num_cell(f, base > 0 ? v / base : NAN);
		fputc('\n', f);
	}
	fprintf(f, "\n</details>\n");
out:
	meas_wseries_free(&ws);
}

/* ---- across models ---- */

static void model_header(FILE *f, const struct stored_run *r)
{
	char label[128];

	run_label(r, label, sizeof(label));
	report_cellf(f, "%s%s", label, run_emulated(r) ? " (emulated)" : "");
}

void mig_ws_across(FILE *f, const struct report_ctx *c, const struct run_pick *picks,
		   size_t np)
{
	bool head = false;

	for (size_t p = 0; p < np; p++) {
		struct mig m;
		struct meas_wseries ws;
		size_t knee;

		if (mig_load(picks[p].r, &m)) {
			report_nomem(f, c);
			return;
		}
		if (meas_wseries_build(m.meas, m.nmeas, &ws)) {
			mig_free(&m);
			report_nomem(f, c);
			return;
		}
		if (ws.n) {
			if (!head) {
				char name[256];

				fprintf(f, "\n### VMCS working set across models\n\nMedian TSC ticks of "
					   "VMPTRLD + VMREAD, cycling through W VMCSs on one CPU; the knee "
					   "is the first W whose median exceeds %.1f × the W = 1 median "
					   "(where the processor stops holding the VMCSs on chip).\n",
					MEAS_KNEE_FACTOR);
				chart_name(CHART_WS, SUITE, NULL, name, sizeof(name));
				report_chart_link(f, c, name, "VMCS working set: median against W");
				fprintf(f, "\n| Model | W | Median at W = 1 | Median at the largest W | "
					   "Knee |\n|---|---|---:|---:|---|\n");
				head = true;
			}
			knee = meas_knee(&ws);
			fputc('|', f);
			model_header(f, m.r);
			fprintf(f, " %ld … %ld (%zu values) |", ws.w[0], ws.w[ws.n - 1], ws.n);
			mig_num_cell(f, ws_base(&ws));
			mig_num_cell(f, meas_stat(ws.rec[ws.n - 1], "median"));
			fputc(' ', f);
			knee_text(f, &ws, knee, mig_is_bochs(m.r));
			fputs(" |\n", f);
		}
		meas_wseries_free(&ws);
		mig_free(&m);
	}
}

static void observed_cell(FILE *f, const struct report_ctx *c, json_t *v)
{
	char *s;

	if (!v) {
		report_cell(f, "");
		return;
	}
	if (json_is_string(v)) {
		report_cell(f, json_string_value(v));
		return;
	}
	/* a number, flag or object: as its JSON text */
	s = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
	if (!s) {
		report_cell(f, "");
		if (c->nomem)
			*c->nomem = true;
		return;
	}
	report_cell(f, s);
	free(s);
}

/* migrate_observation records (what the SDM leaves undefined): one row per `what`, a column per model. */
void mig_observations(FILE *f, const struct report_ctx *c)
{
	const struct runset *rs = c->rs;
	struct run_pick *picks = calloc(rs->n + 1, sizeof(*picks));
	const char **whats = NULL;
	size_t np, nw = 0, total = 0;

	if (!picks) {
		report_nomem(f, c);
		return;
	}
	np = runset_pick_open(rs, has_observation, NULL, picks, rs->n);
	for (size_t p = 0; p < np; p++)
		total += json_array_size(picks[p].r->records);
	if (!np)
		goto out;
	/* the keys point into the records: no copy, no length limit */
	if (!(whats = calloc(total + 1, sizeof(*whats)))) {
		report_nomem(f, c);
		goto out;
	}
	for (size_t p = 0; p < np; p++) {
		size_t i, j;
		json_t *rec;

		json_array_foreach(picks[p].r->records, i, rec) {
			const char *w = str(rec, "what") ?: "(no what)";

			if (!is_type(rec, "migrate_observation"))
				continue;
			for (j = 0; j < nw && strcmp(whats[j], w); j++)
				;
			if (j == nw)
				whats[nw++] = w;
		}
	}
	fprintf(f, "\n### Observations across models\n\nWhat SDM §24.11.1 leaves to the "
		   "implementation, as each model behaved (`migrate_observation` records: recorded, "
		   "never verdicts). A blank cell: the model's run did not probe it.\n\n| What |");
	for (size_t p = 0; p < np; p++)
		model_header(f, picks[p].r);
	fprintf(f, "\n|---|");
	for (size_t p = 0; p < np; p++)
		fprintf(f, "---|");
	fputc('\n', f);
	for (size_t j = 0; j < nw; j++) {
		fputc('|', f);
		report_cell(f, whats[j]);
		for (size_t p = 0; p < np; p++) {
			size_t i;
			json_t *rec, *found = NULL;

			json_array_foreach(picks[p].r->records, i, rec)
				if (is_type(rec, "migrate_observation") &&
				    !strcmp(str(rec, "what") ?: "(no what)", whats[j])) {
					found = rec;
					break;
				}
			observed_cell(f, c, found ? json_object_get(found, "observed") : NULL);
		}
		fputc('\n', f);
	}
	for (size_t p = 0; p < np; p++)
		if (mig_is_bochs(picks[p].r)) {
			fprintf(f, "\n%s\n", mig_bochs_note);
			break;
		}
out:
	runset_picks_close(picks, np);
	free(whats);
	free(picks);
}
