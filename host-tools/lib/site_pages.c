/** @file
 * The site's model, machine and case pages (site_html.h).
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lib/site_html.h"

/* ---- run metadata (model and machine pages) ---- */

static void runs_table(FILE *f, const struct runset *rs, const char *slug, const char *machine)
{
	static const char *const cols[] = { "run", "CPU model", "machine", "collected", "boot",
					    "payload", "suites", "emulated", "microcode", "BIOS",
					    "IA32_FEATURE_CONTROL", "status" };

	site_th_row(f, cols, sizeof(cols) / sizeof(cols[0]));
	for (size_t i = 0; i < rs->n; i++) {
		const struct stored_run *r = &rs->v[i];
		json_t *id, *bios, *fc;
		char label[128], b[256];

		if ((slug && strcmp(r->slug, slug)) || (machine && strcmp(run_machine(r), machine)))
			continue;
		if (run_open(r)) {
			run_close(r);
			continue;
		}
		id = run_record(r, "identity");
		bios = run_record(r, "smbios");
		fc = run_record(r, "feature_control");
		run_label(r, label, sizeof(label));
		snprintf(b, sizeof(b), "%s %s", site_str(bios, "bios_vendor"), site_str(bios, "bios_version"));
		fputs("<tr>", f);
		site_td(f, NULL, r->run_id);
		fputs("<td>", f);
		site_link(f, "model", r->slug, label, 1);
		fputs("</td>", f);
		site_td(f, NULL, run_machine(r));
		site_td(f, NULL, site_str(r->doc, "collected_at"));
		site_td(f, NULL, site_str(r->begin, "boot"));
		site_td(f, NULL, site_str(r->begin, "payload"));
		site_td(f, NULL, site_str(r->begin, "suites"));
		site_td(f, NULL, run_emulator(r) ? run_emulator(r) : "no");
		site_td(f, NULL, site_str(id, "microcode"));
		site_td(f, NULL, b);
		site_td(f, NULL, site_str(fc, "value"));
		site_td(f, NULL, site_str(r->end, "status"));
		fputs("</tr>\n", f);
		run_close(r);
	}
	fputs("</table></div>\n", f);
}

static void meas_table(FILE *f, const struct stored_run *r)
{
	static const char *const cols[] = { "suite", "measurement", "unit", "median", "p5", "p95",
					    "min", "max", "samples" };
	size_t i, shown = 0;
	json_t *rec;

	json_array_foreach(r->records, i, rec) {
		char b[6][32];

		if (strcmp(site_str(rec, "type"), "meas") || !json_is_number(json_object_get(rec, "median")))
			continue;
		if (!shown++)
			site_th_row(f, cols, sizeof(cols) / sizeof(cols[0]));
		snprintf(b[0], 32, "%g", site_num(rec, "median"));
		snprintf(b[1], 32, "%g", site_num(rec, "p5"));
		snprintf(b[2], 32, "%g", site_num(rec, "p95"));
		snprintf(b[3], 32, "%g", site_num(rec, "min"));
		snprintf(b[4], 32, "%g", site_num(rec, "max"));
		snprintf(b[5], 32, "%lld", (long long)json_integer_value(json_object_get(rec, "n")));
		fputs("<tr>", f);
		site_td(f, NULL, site_str(rec, "suite"));
		site_td(f, NULL, site_str(rec, "name"));
		site_td(f, NULL, site_str(rec, "unit"));
		for (int k = 0; k < 6; k++)
			site_td(f, NULL, b[k]);
		fputs("</tr>\n", f);
	}
	if (shown)
		fputs("</table></div>\n", f);
	else
		fputs("<p>No measurements in this run.</p>\n", f);
}

/* ---- pages ---- */




int site_case_pages(const char *dir, const struct casematrix *m, FILE *err)
{
	static const char *const cols[] = { "CPU model", "expected", "observed", "verdict", "reason" };

	for (size_t row = 0; row < m->nrows; row++) {
		const struct cm_row *cr = &m->rows[row];
		char name[128], title[1024];
		FILE *f;

		site_case_file(cr, name, sizeof(name));
		if (!(f = site_open_page(dir, "case", name, err)))
			return -errno;
		snprintf(title, sizeof(title), "%s / %s", cr->suite, cr->id);
		site_page_begin(f, title, 1);
		fputs("<p>SDM section ", f);
		site_text(f, cr->sdm);
		fputs(": ", f);
		site_text(f, cr->desc);
		fputs("</p>\n", f);
		site_th_row(f, cols, 5);
		for (size_t c = 0; c < m->ncols; c++) {
			json_t *rec = casematrix_cell(m, row, c);
			char label[128];

			run_label(m->cols[c].r, label, sizeof(label));
			fputs("<tr><td>", f);
			site_link(f, "model", m->cols[c].r->slug, label, 1);
			fputs("</td>", f);
			site_td(f, NULL, rec ? site_str(rec, "expected") : "(not run)");
			site_td(f, NULL, site_str(rec, "observed"));
			site_td(f, site_verdict_class(rec), site_str(rec, "verdict"));
			site_td(f, NULL, site_str(rec, "reason"));
			fputs("</tr>\n", f);
		}
		fputs("</table></div>\n", f);
		site_page_end(f);
		if (fclose(f))
			return -EIO;
	}
	return 0;
}

/* The cases of one model column that are not PASS, linked to their pages. */
static void model_cases(FILE *f, const struct casematrix *m, size_t c, enum cm_verdict want,
			const char *what)
{
	static const char *const cols[] = { "case", "SDM", "expected", "observed", "reason" };
	size_t shown = 0;

	for (size_t row = 0; row < m->nrows; row++) {
		json_t *rec = casematrix_cell(m, row, c);

		if (casematrix_verdict(rec) != want)
			continue;
		if (!shown++) {
			fputs("<h2>", f);
			site_text(f, what); /* names a model and a machine: record text */
			fputs("</h2>\n", f);
			site_th_row(f, cols, 5);
		}
		site_case_cell(f, m, row, 1);
		site_td(f, NULL, site_str(rec, "expected"));
		site_td(f, NULL, site_str(rec, "observed"));
		site_td(f, NULL, site_str(rec, "reason"));
		fputs("</tr>\n", f);
	}
	if (shown)
		fputs("</table></div>\n", f);
}

int site_model_pages(const char *dir, const struct runset *rs, const struct casematrix *m,
		       FILE *err)
{
	for (size_t i = 0; i < rs->n; i++) {
		const struct stored_run *r = &rs->v[i], *newest = r;
		char label[128], title[256];
		FILE *f;

		if (i && !strcmp(rs->v[i - 1].slug, r->slug))
			continue; /* runs are sorted by slug: one page per slug */
		for (size_t k = i; k < rs->n && !strcmp(rs->v[k].slug, r->slug); k++)
			if (run_has(&rs->v[k], "meas", NULL) &&
			    (!run_has(newest, "meas", NULL) || run_newer(&rs->v[k], newest)))
				newest = &rs->v[k];
		if (!(f = site_open_page(dir, "model", r->slug, err)))
			return -errno;
		run_label(r, label, sizeof(label));
		snprintf(title, sizeof(title), "CPU model %s", label);
		site_page_begin(f, title, 1);
		if (run_emulated(r))
			fputs("<p><strong>Emulated</strong>: these runs describe the emulator, not "
			      "silicon.</p>\n", f);
		fputs("<h2>Runs</h2>\n", f);
		runs_table(f, rs, r->slug, NULL);
		/* one column per machine with this CPU: each machine's cases apart */
		for (size_t c = 0; c < m->ncols; c++) {
			char head[320];

			if (strcmp(m->cols[c].r->slug, r->slug))
				continue;
			run_label(m->cols[c].r, label, sizeof(label));
			snprintf(head, sizeof(head), "Deviations on %s (machine %s)", label,
				 run_machine(m->cols[c].r));
			model_cases(f, m, c, CM_DEVIATION, head);
			snprintf(head, sizeof(head), "Skipped cases on %s (machine %s)", label,
				 run_machine(m->cols[c].r));
			model_cases(f, m, c, CM_SKIP, head);
		}
		fputs("<h2>Measurements (newest run with measurements)</h2>\n", f);
		if (!run_open(newest))
			meas_table(f, newest);
		run_close(newest);
		site_page_end(f);
		if (fclose(f))
			return -EIO;
	}
	return 0;
}

int site_machine_pages(const char *dir, const struct runset *rs, json_t *machines, FILE *err)
{
	const char *k;
	json_t *v;

	json_object_foreach(machines, k, v) {
		char name[128], title[512];
		FILE *f;

		site_name(k, name, sizeof(name));
		if (!(f = site_open_page(dir, "machine", name, err)))
			return -errno;
		snprintf(title, sizeof(title), "Machine %s", k);
		site_page_begin(f, title, 1);
		runs_table(f, rs, NULL, k);
		site_page_end(f);
		if (fclose(f))
			return -EIO;
	}
	return 0;
}
