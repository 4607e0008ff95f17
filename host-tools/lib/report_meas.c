/** @file
 * Report section "measurements": every `meas` record, per suite and CPU
 * model (core cycles first where present, then TSC ticks, each median with its
 * 95 % CI: report_meas_table.c), across boots of one machine
 * (report_meas_boots.c); medians
 * compared across models; records with `path` as a per-path table with the
 * exiting/shadowed ratio; records with `k` as cost against K with the
 * break-even (docs/record-format.md, "Measurement records"). Emulated models'
 * tables say what their numbers are.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lib/chart.h"
#include "lib/esc.h"
#include "lib/meas.h"
#include "lib/report.h"
#include "lib/report_meas.h"

#define MEAS_MAX 4096

static void caption(FILE *f, const struct stored_run *r, json_t **recs, size_t n,
		    unsigned others)
{
	char note[160];
	const char *why = meas_emulation_note(r, note, sizeof(note));

	if (!why && meas_emulated(r, recs, n))
		why = "emulated: numbers describe the emulator, not silicon";
	report_model_heading(f, "####", r, why);
	if (others)
		fprintf(f, " (the latest of %u runs; `vmxbench export` has all)", others + 1);
	fprintf(f, ".\n");
}

/* Per-path table: "median (p99)" per path, core cycles first where present, and exiting/shadowed. */
static void paths_table(FILE *f, const struct meas_pivot *p)
{
	int e = meas_pivot_col(p, "exiting"), s = meas_pivot_col(p, "shadowed");
	char m[48], q[48], cy[48];
	bool cyc = false;

	for (size_t i = 0; i < p->nrows * p->ncols && !cyc; i++)
		cyc = !isnan(meas_stat(p->cell[i], "cycles_median"));
	fprintf(f, "\n%s per path:\n\n| Op, width |",
		cyc ? "Core cycles · TSC ticks, median (TSC p99)" : "Median (p99)");
	for (size_t c = 0; c < p->ncols; c++)
		report_cell(f, p->cols[c]);
	if (e >= 0 && s >= 0)
		fprintf(f, " exiting / shadowed |");
	fprintf(f, "\n|---|");
	for (size_t c = 0; c < p->ncols + (e >= 0 && s >= 0); c++)
		fprintf(f, "---:|");
	fputc('\n', f);
	for (size_t r = 0; r < p->nrows; r++) {
		fputc('|', f);
		report_cell(f, p->rows[r][0] ? p->rows[r] : "-");
		for (size_t c = 0; c < p->ncols; c++) {
			json_t *rec = meas_pivot_cell(p, r, c);

			meas_fmt(meas_stat(rec, "median"), m, sizeof(m));
			meas_fmt(meas_stat(rec, "p99"), q, sizeof(q));
			meas_fmt(meas_stat(rec, "cycles_median"), cy, sizeof(cy));
			if (rec && cyc)
				report_cellf(f, "%s · %s (%s)", cy, m, q);
			else if (rec)
				report_cellf(f, "%s (%s)", m, q);
			else
				report_cell(f, "");
		}
		if (e >= 0 && s >= 0) {
			double de = meas_stat(meas_pivot_cell(p, r, e), "median");
			double ds = meas_stat(meas_pivot_cell(p, r, s), "median");

			meas_fmt(ds > 0 ? de / ds : NAN, m, sizeof(m));
			report_cell(f, m);
		}
		fputc('\n', f);
	}
}

/* Cost against K, with the break-even when the per-path table gives a gain. */
static void k_table(FILE *f, const struct report_ctx *c, const struct meas_ksets *ks,
		    double gain)
{
	long *all = NULL, last;
	size_t nall = 0;
	char b[48];

	/* the union of the series' K values, ascending */
	for (size_t s = 0; s < ks->n; s++)
		for (size_t i = 0; i < ks->s[s].n; i++) {
			size_t j;

			for (j = 0; j < nall && all[j] != ks->s[s].k[i]; j++)
				;
			long *na;

			if (j < nall)
				continue;
			if (!(na = realloc(all, (nall + 1) * sizeof(*all)))) {
				free(all);
				report_nomem(f, c);
				return;
			}
			all = na;
			for (j = nall; j > 0 && all[j - 1] > ks->s[s].k[i]; j--)
				all[j] = all[j - 1];
			all[j] = ks->s[s].k[i];
			nall++;
		}
	if (!nall)
		return;
	/* the headline break-even: at the largest K of the K sweep (the default series) */
	last = all[nall - 1];
	for (size_t s = 0, first = 1; s < ks->n; s++)
		if (ks->s[s].dflt && ks->s[s].n &&
		    (first || ks->s[s].k[ks->s[s].n - 1] > last)) {
			last = ks->s[s].k[ks->s[s].n - 1];
			first = 0;
		}
	meas_fmt(meas_breakeven(ks, last, gain), b, sizeof(b));
	if (!isnan(gain)) {
		char g[48];

		meas_fmt(gain, g, sizeof(g));
		fprintf(f, "\nGain per guest access (mean exiting − shadowed median): %s. "
			   "**Break-even at K = %ld: %s** guest VMREAD/VMWRITEs per nested exit "
			   "(sum of the sync medians at K / gain).\n", g, last, b);
	}
	fprintf(f, "\n<details><summary>Median cost against K (%zu values of K)</summary>\n\n| K |",
		nall);
	for (size_t s = 0; s < ks->n; s++)
		report_cell(f, ks->s[s].name);
	if (!isnan(gain))
		fprintf(f, " break-even |");
	fprintf(f, "\n|---:|");
	for (size_t s = 0; s < ks->n + !isnan(gain); s++)
		fprintf(f, "---:|");
	fputc('\n', f);
	for (size_t j = 0; j < nall; j++) {
		fprintf(f, "| %ld |", all[j]);
		for (size_t s = 0; s < ks->n; s++) {
			size_t i;

			for (i = 0; i < ks->s[s].n && ks->s[s].k[i] != all[j]; i++)
				;
			meas_fmt(i < ks->s[s].n ? meas_stat(ks->s[s].rec[i], "median") : NAN, b,
				 sizeof(b));
			report_cell(f, b);
		}
		if (!isnan(gain)) {
			meas_fmt(meas_breakeven(ks, all[j], gain), b, sizeof(b));
			report_cell(f, b);
		}
		fputc('\n', f);
	}
	fprintf(f, "\n</details>\n");
	free(all);
}

/* Plain records' medians side by side: one row per name, one column per model. */
static void compare(FILE *f, const struct report_ctx *c, const struct run_pick *picks,
		    size_t np, const char *suite, json_t **buf)
{
	/* the names point into the records: no copy, no length limit */
	const char **names = calloc(MEAS_MAX, sizeof(*names));
	char b[48];
	size_t nn = 0;

	if (!names) {
		report_nomem(f, c);
		return;
	}
	for (size_t p = 0; p < np; p++) {
		size_t n = meas_of(picks[p].r, suite, buf, MEAS_MAX);

		for (size_t i = 0; i < n; i++) {
			const char *nm = json_string_value(json_object_get(buf[i], "name")) ?: "";
			size_t k;

			if (!meas_plain(buf[i]))
				continue;
			for (k = 0; k < nn && strcmp(names[k], nm); k++)
				;
			if (k == nn && nn < MEAS_MAX)
				names[nn++] = nm;
		}
	}
	if (nn) {
		fprintf(f, "\nMedians across models:\n\n| Name |");
		for (size_t p = 0; p < np; p++) {
			char label[128];

			run_label(picks[p].r, label, sizeof(label));
			report_cellf(f, "%s%s", label, run_emulated(picks[p].r) ? " (emulated)" : "");
		}
		fprintf(f, "\n|---|");
		for (size_t p = 0; p < np; p++)
			fprintf(f, "---:|");
		fputc('\n', f);
		for (size_t k = 0; k < nn; k++) {
			fputc('|', f);
			report_cell(f, names[k]);
			for (size_t p = 0; p < np; p++) {
				size_t n = meas_of(picks[p].r, suite, buf, MEAS_MAX), i;

				for (i = 0; i < n; i++)
					if (meas_plain(buf[i]) &&
					    !strcmp(json_string_value(json_object_get(buf[i], "name")) ?: "",
						    names[k]))
						break;
				meas_fmt(i < n ? meas_stat(buf[i], "median") : NAN, b, sizeof(b));
				report_cell(f, b);
			}
			fputc('\n', f);
		}
	}
	free(names);
}

/* The payload's own break-even at all fields (shadow suite: shadow_breakeven, "all": true). */
static json_t *payload_breakeven(const struct stored_run *r, const char *suite)
{
	size_t i;
	json_t *rec, *found = NULL;
	char type[96];

	snprintf(type, sizeof(type), "%s_breakeven", suite);
	json_array_foreach(r->records, i, rec) {
		const char *t = json_string_value(json_object_get(rec, "type"));

		const char *cache = json_string_value(json_object_get(rec, "cache"));

		/* the hot case (a record without `cache` is one) is the one to compare with */
		if (t && !strcmp(t, type) && json_is_true(json_object_get(rec, "all")) &&
		    (!cache || !strcmp(cache, "hot")))
			found = rec;
	}
	return found;
}

/*
 * Per model, where a suite has both paths "exiting" and "shadowed": the ratio of the
 * mean medians, the gain per access and the break-even at the largest K (what
 * shadowing buys, per model), beside the payload's own figure when it wrote one.
 */
static void shadow_summary(FILE *f, const struct report_ctx *c, const struct run_pick *picks,
			   size_t np, const char *suite, json_t **recs)
{
	bool head = false;

	for (size_t i = 0; i < np; i++) {
		size_t n = meas_of(picks[i].r, suite, recs, MEAS_MAX);
		struct meas_pivot p;
		struct meas_ksets ks;
		json_t *pb;
		double gain;
		long kmax = -1;
		char label[128], g[48], r[48], b[48], pbs[48];

		if (meas_pivot_build(recs, n, &p)) {
			report_nomem(f, c);
			return;
		}
		if (meas_ksets_build(recs, n, &ks)) {
			meas_pivot_free(&p);
			report_nomem(f, c);
			return;
		}
		gain = meas_shadow_gain(&p);
		/* the K sweep's largest K: variant series (KVM's set, cold) are not the sweep */
		for (size_t k = 0; k < ks.n; k++)
			if (ks.s[k].dflt && ks.s[k].n && ks.s[k].k[ks.s[k].n - 1] > kmax)
				kmax = ks.s[k].k[ks.s[k].n - 1];
		if (!isnan(gain)) {
			if (!head)
				fprintf(f, "\nShadowing across models (exiting vs shadowed path; ratio of "
					   "the mean medians over op and width):\n\n"
					   "| Model | exiting / shadowed | Gain per access | K (all fields) | "
					   "Break-even at K | Payload's break-even |\n"
					   "|---|---:|---:|---:|---:|---:|\n");
			head = true;
			run_label(picks[i].r, label, sizeof(label));
			meas_fmt(meas_shadow_ratio(&p), r, sizeof(r));
			meas_fmt(gain, g, sizeof(g));
			meas_fmt(kmax >= 0 ? meas_breakeven(&ks, kmax, gain) : NAN, b, sizeof(b));
			pb = payload_breakeven(picks[i].r, suite);
			meas_fmt(meas_stat(pb, "breakeven"), pbs, sizeof(pbs));
			fputc('|', f);
			report_cellf(f, "%s%s", label, run_emulated(picks[i].r) ? " (emulated)" : "");
			report_cell(f, r);
			report_cell(f, g);
			if (kmax >= 0)
				report_cellf(f, "%ld", kmax);
			else
				report_cell(f, "-");
			report_cell(f, b);
			report_cell(f, pbs);
			fputc('\n', f);
		}
		meas_pivot_free(&p);
		meas_ksets_free(&ks);
	}
}

/*
 * The payload's break-even per field set and cache (`<suite>_breakeven` records with
 * `field_set`): KVM's shadow set next to every shadowable field, hot next to cold.
 */
static void breakeven_sets(FILE *f, const struct stored_run *r, const char *suite)
{
	char type[96], b[48];
	bool head = false;
	size_t i;
	json_t *rec;

	snprintf(type, sizeof(type), "%s_breakeven", suite);
	json_array_foreach(r->records, i, rec) {
		const char *t = json_string_value(json_object_get(rec, "type"));
		static const char *const nums[] = { "k", "sync_read", "sync_write", "exiting",
						    "shadowed", "breakeven" };

		if (!t || strcmp(t, type) || !json_object_get(rec, "field_set"))
			continue;
		if (!head)
			fprintf(f, "\nThe payload's break-even per field set (`%s`; "
				   "K = fields synced):\n\n| Field set | Cache | K | Sync read | Sync write | "
				   "Exiting | Shadowed | Break-even |\n|---|---|---:|---:|---:|---:|---:|---:|\n",
				type);
		head = true;
		fputc('|', f);
		report_cell(f, json_string_value(json_object_get(rec, "field_set")));
		report_cell(f, json_string_value(json_object_get(rec, "cache")) ?: "hot");
		for (size_t k = 0; k < sizeof(nums) / sizeof(nums[0]); k++) {
			meas_fmt(meas_stat(rec, nums[k]), b, sizeof(b));
			if (k == 5 && !strcmp(b, "-") && json_object_get(rec, "reason"))
				report_cell(f, json_string_value(json_object_get(rec, "reason")));
			else
				report_cell(f, b);
		}
		fputc('\n', f);
	}
}

static void model(FILE *f, const struct report_ctx *c, const char *suite,
		  const struct run_pick *pick, json_t **recs)
{
	const struct stored_run *r = pick->r;
	size_t n = meas_of(r, suite, recs, MEAS_MAX), plain = 0;
	struct meas_pivot p;
	struct meas_ksets ks;
	char name[256], label[128], title[300];
	bool emulated = meas_emulated(r, recs, n);

	for (size_t i = 0; i < n; i++)
		plain += meas_plain(recs[i]);
	caption(f, r, recs, n, pick->others);
	if (meas_pivot_build(recs, n, &p) || meas_ksets_build(recs, n, &ks)) {
		report_nomem(f, c);
		meas_pivot_free(&p);
		return;
	}
	if (p.nrows) {
		paths_table(f, &p);
		chart_name(CHART_PATHS, suite, r, name, sizeof(name));
		run_label(r, label, sizeof(label));
		snprintf(title, sizeof(title), "%s per path, %s%s", suite, label,
			 emulated ? " (emulated)" : "");
		report_chart_link(f, c, name, title);
	}
	if (ks.n)
		k_table(f, c, &ks, meas_shadow_gain(&p));
	breakeven_sets(f, r, suite);
	/* Everything in full; folded when the per-path and K tables above summarise it. */
	if (plain < n)
		fprintf(f, "\n<details><summary>All %zu measurements</summary>\n", n);
	meas_full_table(f, recs, n, !emulated,
			json_string_value(json_object_get(run_record(r, "timing"), "cycles_reason")));
	if (plain < n)
		fprintf(f, "\n</details>\n");
	meas_boots_tables(f, c, pick, suite);
	meas_pivot_free(&p);
	meas_ksets_free(&ks);
}

static void meas_write(FILE *f, const struct report_ctx *c)
{
	const struct runset *rs = c->rs;
	const char *suites[64];
	size_t ns = meas_suites(rs, suites, 64);
	struct run_pick *picks = calloc(rs->n + 1, sizeof(*picks));
	json_t **recs = calloc(MEAS_MAX, sizeof(*recs));
	char name[256];

	if (!picks || !recs) {
		report_nomem(f, c);
		goto out;
	}
	if (!ns) {
		fprintf(f, "No run has measurements (`meas` records; suites=noise, shadow).\n");
		goto out;
	}
	fprintf(f, "Statistics of per-operation costs as the payload measured them "
		   "(docs/measurement.md): TSC ticks per operation unless the unit says otherwise; "
		   "nanoseconds only for silicon with a known TSC frequency. Under Bochs the TSC "
		   "counts instructions: emulated numbers are instruction counts per operation, not "
		   "latencies, and their spread is zero.\n");
	for (size_t s = 0; s < ns; s++) {
		size_t np;

		fputs("\n### Suite ", f);
		if (*suites[s])
			esc_md(f, suites[s], false);
		else
			fputs("(none)", f);
		fputc('\n', f);
		if (meas_own_section(suites[s])) {
			/* its k and relation are not the generic ones: its own section reads them */
			fprintf(f, "\nIn the section \"Migration (migrate suite)\" below "
				   "(every record: `vmxbench export --type meas`).\n");
			continue;
		}
		/* the model's latest run of the suite, open for this suite only */
		np = runset_pick_open(rs, meas_run_has, suites[s], picks, rs->n);
		if (np > 1)
			compare(f, c, picks, np, suites[s], recs);
		shadow_summary(f, c, picks, np, suites[s], recs);
		chart_name(CHART_MEDIANS, suites[s], NULL, name, sizeof(name));
		report_chart_link(f, c, name, "Medians per model");
		chart_name(CHART_SYNC, suites[s], NULL, name, sizeof(name));
		report_chart_link(f, c, name, "Sync cost against K");
		for (size_t p = 0; p < np; p++)
			model(f, c, suites[s], &picks[p], recs);
		runset_picks_close(picks, np);
	}
out:
	free(picks);
	free(recs);
}

const struct report_section report_meas = { "meas", "Measurements (meas records)", meas_write };
