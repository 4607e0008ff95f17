/** @file
 * Report section "conformance": the case × CPU model matrix of every `case`
 * record (entry suite, shadow semantics, ...), deviations counted per model
 * and listed with what the SDM expects and what the model did.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/casematrix.h"
#include "lib/esc.h"
#include "lib/outcome_text.h"
#include "lib/report.h"

static const char *str(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

static void header_cell(FILE *f, const struct stored_run *r)
{
	char label[128];

	run_label(r, label, sizeof(label));
	report_cellf(f, "%s%s", label, run_emulated(r) ? " (emulated)" : "");
}

/* The runs a column's cells come from: "id" or "id (entry), id2 (shadow)", older ones counted. */
static void run_sources(FILE *f, const struct casematrix *m, size_t c)
{
	char buf[1024] = "";
	size_t len = 0, distinct = 0;

	for (size_t s = 0; s < m->nsuites; s++) {
		const struct stored_run *src = casematrix_src(m, c, s);
		bool seen = false;

		for (size_t t = 0; t < s; t++)
			seen |= casematrix_src(m, c, t) == src;
		distinct += src && !seen;
	}
	for (size_t s = 0; s < m->nsuites; s++) {
		const struct stored_run *src = casematrix_src(m, c, s);
		bool seen = false;

		for (size_t t = 0; t < s; t++)
			seen |= casematrix_src(m, c, t) == src;
		if (!src || seen || len >= sizeof(buf))
			continue;
		len += snprintf(buf + len, sizeof(buf) - len, "%s%s", len ? ", " : "", src->run_id);
		/* name the suites when the column mixes runs */
		for (size_t t = s; distinct > 1 && t < m->nsuites && len < sizeof(buf); t++)
			if (casematrix_src(m, c, t) == src)
				len += snprintf(buf + len, sizeof(buf) - len, "%s%s",
						t == s ? " (" : ", ", m->suites[t]);
		if (distinct > 1 && len < sizeof(buf))
			len += snprintf(buf + len, sizeof(buf) - len, ")");
	}
	if (m->count[c].unused && len < sizeof(buf))
		snprintf(buf + len, sizeof(buf) - len, "; %u older run%s not shown", m->count[c].unused,
			 m->count[c].unused == 1 ? "" : "s");
	report_cell(f, buf);
}

static void summary(FILE *f, const struct casematrix *m)
{
	fprintf(f, "| Model | Emulated | Run | Cases run | PASS | DEVIATION | SKIP | Not run |\n");
	fprintf(f, "|---|---|---|---:|---:|---:|---:|---:|\n");
	for (size_t c = 0; c < m->ncols; c++) {
		const struct stored_run *r = m->cols[c].r;
		const struct cm_count *k = &m->count[c];
		char label[128];

		run_label(r, label, sizeof(label));
		fputc('|', f);
		report_cell(f, label);
		report_emulation_cell(f, r);
		run_sources(f, m, c);
		report_cellf(f, "%u", k->run);
		report_cellf(f, "%u", k->pass);
		fprintf(f, k->dev ? " **%u** |" : " %u |", k->dev);
		report_cellf(f, "%u", k->skip);
		report_cellf(f, "%u", k->missing);
		fputc('\n', f);
	}
	for (size_t c = 0; c < m->ncols; c++) {
		const struct cm_count *k = &m->count[c];
		char label[128];

		run_label(m->cols[c].r, label, sizeof(label));
		if (k->other) {
			fputc('\n', f);
			esc_md(f, label, false);
			fprintf(f, ": %u case%s with a verdict other than PASS/DEVIATION/SKIP.\n",
				k->other, k->other == 1 ? "" : "s");
		}
		if (k->dups) {
			fputc('\n', f);
			esc_md(f, label, false);
			fprintf(f, ": %u repeated case id%s (only the first record counts).\n",
				k->dups, k->dups == 1 ? "" : "s");
		}
		if (k->summary_cases >= 0 && (unsigned)k->summary_cases != k->run + k->dups) {
			fputc('\n', f);
			esc_md(f, label, false);
			fprintf(f, ": the suite's summary record counts %d cases but the run "
				   "holds %u case records.\n", k->summary_cases, k->run + k->dups);
		}
	}
}

/* Same case, same expected and observed outcome: one line naming all models. */
static bool same_deviation(json_t *a, json_t *b)
{
	const char *ea = str(a, "expected") ?: "", *eb = str(b, "expected") ?: "";
	const char *oa = str(a, "observed") ?: "", *ob = str(b, "observed") ?: "";

	return !strcmp(ea, eb) && !strcmp(oa, ob);
}

static void deviations(FILE *f, const struct report_ctx *rc, const struct casematrix *m)
{
	unsigned total = 0;
	bool *done = calloc(m->ncols + 1, sizeof(*done));

	if (!done) {
		report_nomem(f, rc);
		return;
	}
	for (size_t c = 0; c < m->ncols; c++)
		total += m->count[c].dev;
	if (!total) {
		fprintf(f, "No deviations.\n");
		free(done);
		return;
	}
	fprintf(f, "%u deviation%s. Cases with the same expected and observed outcome on several "
		   "models share a line.\n\n", total, total == 1 ? "" : "s");
	fprintf(f, "| Case | SDM | Description | Expected | Observed | Models | Note |\n");
	fprintf(f, "|---|---|---|---|---|---|---|\n");
	for (size_t row = 0; row < m->nrows; row++) {
		memset(done, 0, m->ncols * sizeof(*done));
		for (size_t c = 0; c < m->ncols; c++) {
			json_t *rec = casematrix_cell(m, row, c);
			char models[1024] = "", label[128];
			size_t len = 0, same = 0, ran = 0, emu = 0;

			if (done[c] || casematrix_verdict(rec) != CM_DEVIATION)
				continue;
			/* the same deviation on every model that ran the case: say so, not 11 names */
			for (size_t d = 0; d < m->ncols; d++) {
				json_t *o = casematrix_cell(m, row, d);
				enum cm_verdict v = casematrix_verdict(o);

				ran += v != CM_NONE && v != CM_SKIP;
				if (v == CM_DEVIATION && same_deviation(rec, o)) {
					same++;
					emu += run_emulated(m->cols[d].r);
				}
			}
			if (same >= 3 && same == ran)
				len = snprintf(models, sizeof(models), "all %zu models that ran it%s", same,
					       emu == same ? " (all emulated)" : "");
			for (size_t d = c; d < m->ncols; d++) {
				json_t *o = casematrix_cell(m, row, d);

				if (done[d] || casematrix_verdict(o) != CM_DEVIATION ||
				    !same_deviation(rec, o))
					continue;
				done[d] = true;
				if (same >= 3 && same == ran)
					continue;
				run_label(m->cols[d].r, label, sizeof(label));
				len += snprintf(models + len, len < sizeof(models) ? sizeof(models) - len : 0,
						"%s%s%s", len ? ", " : "", label,
						run_emulated(m->cols[d].r) ? " (emulated)" : "");
			}
			fputc('|', f);
			report_cellf(f, "%s", m->rows[row].id);
			report_cell(f, str(rec, "sdm") ?: m->rows[row].sdm);
			report_cell(f, str(rec, "desc") ?: m->rows[row].desc);
			report_cell_code(f, str(rec, "expected") ?: "");
			report_cell_code(f, str(rec, "observed") ?: "");
			report_cell(f, models);
			report_cell(f, str(rec, "reason") ?: "");
			fputc('\n', f);
		}
	}
	free(done);
}

/* Why cases were skipped: one line per reason, how many (case, model) pairs, which models. */
static void skips(FILE *f, const struct report_ctx *rc, const struct casematrix *m)
{
	struct skip_reason {
		const char *reason;
		unsigned n;
		bool *models; /* [ncols] */
	} *v = NULL;
	size_t nv = 0;

	for (size_t row = 0; row < m->nrows; row++)
		for (size_t c = 0; c < m->ncols; c++) {
			json_t *rec = casematrix_cell(m, row, c);
			const char *why;
			size_t i;

			if (casematrix_verdict(rec) != CM_SKIP)
				continue;
			why = str(rec, "reason") ?: "(no reason given)";
			for (i = 0; i < nv && strcmp(v[i].reason, why); i++)
				;
			if (i == nv) {
				struct skip_reason *nvv = realloc(v, (nv + 1) * sizeof(*v));

				if (!nvv)
					goto nomem;
				v = nvv;
				v[nv].reason = why;
				v[nv].n = 0;
				v[nv].models = calloc(m->ncols + 1, sizeof(bool));
				if (!v[nv].models)
					goto nomem;
				nv++;
			}
			v[i].n++;
			v[i].models[c] = true;
		}
	if (nv)
		fprintf(f, "\n### Why cases were skipped\n\n| Reason | Cases × models | Models |\n"
			   "|---|---:|---|\n");
	for (size_t i = 0; i < nv; i++) {
		char models[2048] = "", label[128];
		size_t len = 0;

		for (size_t c = 0; c < m->ncols; c++) {
			if (!v[i].models[c] || len >= sizeof(models))
				continue;
			run_label(m->cols[c].r, label, sizeof(label));
			len += snprintf(models + len, sizeof(models) - len, "%s%s", len ? ", " : "",
					label);
		}
		fputc('|', f);
		report_cell(f, v[i].reason);
		report_cellf(f, "%u", v[i].n);
		report_cell(f, models);
		fputc('\n', f);
		free(v[i].models);
	}
	free(v);
	return;
nomem:
	report_nomem(f, rc);
	for (size_t i = 0; i < nv; i++)
		free(v[i].models);
	free(v);
}

static void verdict_cell(FILE *f, json_t *rec)
{
	switch (casematrix_verdict(rec)) {
	case CM_NONE: fputs(" |", f); break;
	case CM_PASS: fputs(" PASS |", f); break;
	case CM_DEVIATION: fputs(" **DEVIATION** |", f); break;
	case CM_SKIP: fputs(" SKIP |", f); break;
	default: report_cell(f, str(rec, "verdict") ?: "?"); break;
	}
}

/* A case table's head: @p first, then one centred column per CPU model. */
static void model_header(FILE *f, const struct casematrix *m, const char *first)
{
	fputs(first, f);
	for (size_t c = 0; c < m->ncols; c++)
		header_cell(f, m->cols[c].r);
	fprintf(f, "\n|---|---|");
	for (size_t c = 0; c < m->ncols; c++)
		fputs(":---:|", f);
	fputc('\n', f);
}

static void matrix(FILE *f, const struct casematrix *m)
{
	fprintf(f, "\n### Matrix (every case)\n\nOne column per CPU model (for each suite, its latest run with that suite's cases), one row per "
		   "case, grouped by suite and the first part of the case id. **DEVIATION**: the "
		   "model did not do what the SDM section says; SKIP: the check could not run "
		   "(reasons above); blank: the model's run does not have the case.\n");
	for (size_t row = 0; row < m->nrows;) {
		size_t end = row, dev = 0;

		while (end < m->nrows && !strcmp(m->rows[end].group, m->rows[row].group))
			end++;
		for (size_t i = row; i < end; i++)
			for (size_t c = 0; c < m->ncols; c++)
				dev += casematrix_verdict(casematrix_cell(m, i, c)) == CM_DEVIATION;
		fputs("\n#### ", f);
		esc_md(f, m->rows[row].group, false);
		fprintf(f, ": %zu case%s, %zu deviation%s\n", end - row, end - row == 1 ? "" : "s", dev,
			dev == 1 ? "" : "s");
		model_header(f, m, "\n| Case | SDM |");
		for (; row < end; row++) {
			fputc('|', f);
			report_cell(f, m->rows[row].id);
			report_cell(f, m->rows[row].sdm);
			for (size_t c = 0; c < m->ncols; c++)
				verdict_cell(f, casematrix_cell(m, row, c));
			fputc('\n', f);
		}
	}
}

/* The rows whose verdicts are not the same on every model that ran them. */
static void differences(FILE *f, const struct casematrix *m)
{
	size_t shown = 0;

	fprintf(f, "\n### Where models differ\n\nThe cases whose verdict is not the same on every "
		   "model that has them (blank cells, and models that skipped every case, such as CPUs "
		   "without VMX, are not counted); the full matrix follows.\n");
	for (size_t row = 0; row < m->nrows; row++) {
		if (!casematrix_row_differs(m, row))
			continue;
		if (!shown++)
			model_header(f, m, "\n| Case | SDM |");
		fputc('|', f);
		report_cellf(f, "%s / %s", m->rows[row].suite, m->rows[row].id);
		report_cell(f, m->rows[row].sdm);
		for (size_t c = 0; c < m->ncols; c++)
			verdict_cell(f, casematrix_cell(m, row, c));
		fputc('\n', f);
	}
	if (!shown)
		fprintf(f, "\nEvery case has the same verdict on every model that ran it.\n");
}

static void collect_code(const char *code, void *arg)
{
	json_object_set_new((json_t *)arg, code, json_true());
}

static int by_string(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Every outcome code the matrix shows, explained (host-tools/lib/outcome_text.c). */
static void legend(FILE *f, const struct casematrix *m)
{
	json_t *codes = json_object();
	const char **v, *k;
	json_t *x;
	size_t n = 0, i = 0;
	char expl[256];

	for (size_t row = 0; row < m->nrows; row++)
		for (size_t c = 0; c < m->ncols; c++) {
			json_t *rec = casematrix_cell(m, row, c);

			outcome_codes(str(rec, "expected"), collect_code, codes);
			outcome_codes(str(rec, "observed"), collect_code, codes);
		}
	n = json_object_size(codes);
	v = calloc(n + 1, sizeof(*v));
	if (!v)
		abort();
	json_object_foreach(codes, k, x)
		v[i++] = k;
	qsort(v, n, sizeof(*v), by_string);
	fprintf(f, "\n### Outcome codes\n\nThe codes in the expected and observed outcomes above "
		   "(docs/entry-suite.md and docs/exits-suite.md give the whole form; exits-suite "
		   "outcomes add `qual=`, `len=`, `info=`, ... details after the code).\n\n"
		   "| Code | Meaning |\n|---|---|\n");
	for (i = 0; i < n; i++) {
		outcome_explain(v[i], expl, sizeof(expl));
		fputc('|', f);
		report_cell_code(f, v[i]);
		report_cell(f, expl);
		fputc('\n', f);
	}
	free(v);
	json_decref(codes);
}

static void conformance_write(FILE *f, const struct report_ctx *c)
{
	struct casematrix m;

	if (casematrix_build(c->rs, &m)) {
		report_nomem(f, c);
		return;
	}
	if (!m.ncols) {
		fprintf(f, "No run has conformance cases (`case` records; suites=entry).\n");
		casematrix_free(&m);
		return;
	}
	fprintf(f, "%zu case%s on %zu CPU model%s. Verdicts come from the payload: the expected "
		   "outcome is the SDM's (section per case), the observed one is what the model did. "
		   "Emulated models show the emulator's behaviour, not silicon's.\n\n",
		m.nrows, m.nrows == 1 ? "" : "s", m.ncols, m.ncols == 1 ? "" : "s");
	summary(f, &m);
	fprintf(f, "\n### Deviations\n\n");
	deviations(f, c, &m);
	skips(f, c, &m);
	differences(f, &m);
	legend(f, &m);
	matrix(f, &m);
	casematrix_free(&m);
}

const struct report_section report_conformance = { "conformance", "Conformance (case records)",
						    conformance_write };
