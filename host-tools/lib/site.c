/** @file
 * `vmxbench report --site DIR` (site.h): the index page and the whole site.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lib/featmatrix.h"
#include "lib/hist.h"
#include "lib/meas_hist.h"
#include "lib/site.h"
#include "lib/site_html.h"

/* ---- measurements: one chart per headline figure, one table per model ---- */

static const char *const headline[] = {
	"vmread.shadowed.natural", "vmread.exiting.natural", "vmwrite.exiting.natural",
	"transition.vmcall", "sync-read.kvm", "sync-write.kvm",
};
#define NHEADLINE (sizeof(headline) / sizeof(headline[0]))

static bool has_meas(const struct stored_run *r, const void *arg)
{
	(void)arg;
	return run_has(r, "meas", "shadow");
}



/* The distribution of one figure on every model whose record carries one (hist), as CDFs. */
static void cdf_chart(FILE *f, const struct run_pick *p, size_t n, const char *name)
{
	double (*x)[HIST_MAX_SENT] = calloc(n, sizeof(*x)), (*y)[HIST_MAX_SENT] = calloc(n, sizeof(*y));
	const double **xs = calloc(n, sizeof(*xs)), **ys = calloc(n, sizeof(*ys));
	const char **labels = calloc(n, sizeof(*labels));
	char (*lab)[160] = calloc(n, sizeof(*lab)), title[256];
	size_t *npts = calloc(n, sizeof(*npts)), m = 0;
	const char *unit = "";

	if (!x || !y || !xs || !ys || !labels || !lab || !npts)
		abort();
	for (size_t k = 0; k < n; k++) {
		json_t *rec = site_find_meas(p[k].r, name);
		double total = 0, run = 0;
		size_t nb = rec ? meas_hist(rec, x[m], y[m], HIST_MAX_SENT) : 0;

		if (!nb)
			continue;
		for (size_t i = 0; i < nb; i++)
			total += y[m][i];
		for (size_t i = 0; i < nb; i++)
			run += y[m][i], y[m][i] = run / total;
		run_label(p[k].r, lab[m], sizeof(lab[m]));
		labels[m] = lab[m];
		xs[m] = x[m];
		ys[m] = y[m];
		npts[m] = nb;
		unit = site_str(rec, "unit");
		m++;
	}
	snprintf(title, sizeof(title), "%s: distribution of the samples (CDF)", name);
	if (m)
		site_cdf_chart(f, title, unit, labels, xs, ys, npts, m);
	free(x), free(y), free(xs), free(ys), free(labels), free(lab), free(npts);
}

static void meas_charts(FILE *f, const struct runset *rs)
{
	struct run_pick *p = calloc(rs->n + 1, sizeof(*p));
	size_t n;

	if (!p)
		abort();
	n = runset_pick_open(rs, has_meas, NULL, p, rs->n);
	if (!n) {
		fputs("<p>No run has shadow-suite measurements.</p>\n", f);
		free(p);
		return;
	}
	fputs("<p>Each model's newest run with the shadow suite: the median per operation, the "
	      "whisker from the 5th to the 95th percentile of the samples, and, where the records "
	      "carry the samples' distribution, its cumulative distribution per model. Emulated "
	      "models count emulator instructions, not silicon time.</p>\n", f);
	for (size_t h = 0; h < NHEADLINE; h++) {
		const char **labels = calloc(n, sizeof(*labels));
		double *v = calloc(n, sizeof(*v)), *lo = calloc(n, sizeof(*lo)), *hi = calloc(n, sizeof(*hi));
		char (*lab)[160] = calloc(n, sizeof(*lab));
		const char *unit = "";
		size_t m = 0;

		if (!labels || !v || !lo || !hi || !lab)
			abort();
		for (size_t k = 0; k < n; k++) {
			json_t *rec = site_find_meas(p[k].r, headline[h]);

			if (!rec || !json_is_number(json_object_get(rec, "median")))
				continue;
			run_label(p[k].r, lab[m], sizeof(lab[m]));
			if (run_emulated(p[k].r))
				strncat(lab[m], " (emulated)", sizeof(lab[m]) - strlen(lab[m]) - 1);
			labels[m] = lab[m];
			v[m] = site_num(rec, "median");
			lo[m] = json_is_number(json_object_get(rec, "p5")) ? site_num(rec, "p5") : -1;
			hi[m] = json_is_number(json_object_get(rec, "p95")) ? site_num(rec, "p95") : -1;
			unit = site_str(rec, "unit");
			m++;
		}
		if (m)
			site_bar_chart(f, headline[h], unit, labels, v, lo, hi, m);
		cdf_chart(f, p, n, headline[h]);
		free(labels), free(v), free(lo), free(hi), free(lab);
	}
	runset_picks_close(p, n);
	free(p);
}

static void summary(FILE *f, const struct casematrix *m)
{
	static const char *const cols[] = { "CPU model", "emulated", "cases", "PASS", "DEVIATION",
					    "SKIP", "PASS %", "DEVIATION %", "SKIP %" };

	site_th_row(f, cols, sizeof(cols) / sizeof(cols[0]));
	for (size_t c = 0; c < m->ncols; c++) {
		const struct cm_count *n = &m->count[c];
		char label[128], b[6][32];
		double t = n->run ? n->run : 1;

		run_label(m->cols[c].r, label, sizeof(label));
		snprintf(b[0], 32, "%u", n->run);
		snprintf(b[1], 32, "%u", n->pass);
		snprintf(b[2], 32, "%u", n->dev);
		snprintf(b[3], 32, "%u", n->skip);
		snprintf(b[4], 32, "%.1f", 100 * n->pass / t);
		snprintf(b[5], 32, "%.1f", 100 * n->dev / t);
		fputs("<tr><td>", f);
		site_link(f, "model", m->cols[c].r->slug, label, 0);
		fputs("</td>", f);
		site_td(f, NULL, run_emulated(m->cols[c].r) ? "yes" : "no");
		for (int k = 0; k < 4; k++)
			site_td(f, NULL, b[k]);
		site_td(f, NULL, b[4]);
		site_td(f, NULL, b[5]);
		snprintf(b[0], 32, "%.1f", 100 * n->skip / t);
		site_td(f, NULL, b[0]);
		fputs("</tr>\n", f);
	}
	fputs("</table></div>\n", f);
}

static void features(FILE *f, const struct runset *rs)
{
	json_t *fm = featmatrix_build(rs), *cols, *x, *r;
	size_t i, k;

	if (!fm || !json_array_size(json_object_get(fm, "columns"))) {
		fputs("<p>No model with VMX has a vmx_caps record (caps suite).</p>\n", f);
		json_decref(fm);
		return;
	}
	cols = json_object_get(fm, "columns");
	fputs("<p>Only the features where the models differ or a value is unusual for the "
	      "generation: <strong>no (!)</strong> marks a feature the real CPU of that generation "
	      "has and this one lacks (references: VMX MSRs read off real CPUs). yes: the control "
	      "may be 1; always: fixed to 1; no: fixed to 0 (SDM Vol. 3 Appendix A).</p>\n"
	      "<div class=\"t\"><table>\n<tr><th>feature</th>", f);
	json_array_foreach(cols, k, x) {
		fputs("<th>", f);
		site_text(f, site_str(x, "label"));
		fputs("</th>", f);
	}
	fputs("</tr>\n", f);
	json_array_foreach(json_object_get(fm, "rows"), i, r) {
		fputs("<tr><td><code>", f);
		site_text(f, site_str(r, "feature"));
		fputs("</code></td>", f);
		json_array_foreach(json_object_get(r, "values"), k, x) {
			bool u = json_is_true(json_array_get(json_object_get(r, "unusual"), k));

			site_td(f, u ? "d" : NULL, u ? "no (!)" : json_string_value(x));
		}
		fputs("</tr>\n", f);
	}
	fprintf(f, "</table></div>\n<p>%lld features are the same on every model.</p>\n",
		(long long)json_integer_value(json_object_get(fm, "same")));
	json_decref(fm);
}

static void differing_cases(FILE *f, const struct casematrix *m)
{
	size_t shown = 0;

	for (size_t row = 0; row < m->nrows; row++) {
		if (!casematrix_row_differs(m, row))
			continue;
		if (!shown++) {
			fputs("<div class=\"t\"><table>\n<tr><th>case</th><th>SDM</th>", f);
			for (size_t c = 0; c < m->ncols; c++) {
				char label[128];

				run_label(m->cols[c].r, label, sizeof(label));
				fputs("<th>", f);
				site_text(f, label);
				fputs("</th>", f);
			}
			fputs("</tr>\n", f);
		}
		site_case_cell(f, m, row, 0);
		for (size_t c = 0; c < m->ncols; c++) {
			json_t *rec = casematrix_cell(m, row, c);

			site_td(f, site_verdict_class(rec), site_str(rec, "verdict"));
		}
		fputs("</tr>\n", f);
	}
	if (shown)
		fputs("</table></div>\n", f);
	else
		fputs("<p>Every case has the same verdict on every model that ran it.</p>\n", f);
}

int site_write(const char *dir, const struct runset *rs, FILE *err)
{
	static const char *const subs[] = { "", "/model", "/machine", "/case" };
	struct casematrix m;
	json_t *machines = json_object();
	char path[4200];
	FILE *f;
	int rc = 0;

	for (size_t i = 0; i < sizeof(subs) / sizeof(subs[0]); i++) {
		snprintf(path, sizeof(path), "%s%s", dir, subs[i]);
		if (mkdir(path, 0755) && errno != EEXIST) {
			if (err)
				fprintf(err, "vmxbench report: cannot create %s: %s\n", path, strerror(errno));
			json_decref(machines);
			return -errno;
		}
	}
	if (casematrix_build(rs, &m)) {
		json_decref(machines);
		return -ENOMEM;
	}
	for (size_t i = 0; i < rs->n; i++)
		json_object_set_new(machines, run_machine(&rs->v[i]), json_true());
	if (!(f = site_open_page(dir, "", "index", err))) {
		rc = -errno;
		goto out;
	}
	site_page_begin(f, "VMX conformance and performance", 0);
	fprintf(f, "<p>%zu stored runs, %zu CPU models with conformance cases. Runs marked emulated "
		   "ran in Bochs or QEMU: they describe the emulator, not silicon. Click a column "
		   "header to sort.</p>\n<h2>Summary</h2>\n", rs->n, m.ncols);
	summary(f, &m);
	fputs("<h2>Machines</h2>\n<ul>\n", f);
	{
		const char *k;
		json_t *v;

		json_object_foreach(machines, k, v) {
			char name[128];

			site_name(k, name, sizeof(name));
			fputs("<li>", f);
			site_link(f, "machine", name, k, 0);
			fputs("</li>\n", f);
		}
	}
	fputs("</ul>\n<h2>VMX features that differ</h2>\n", f);
	features(f, rs);
	fputs("<h2>Cases that differ between models</h2>\n", f);
	differing_cases(f, &m);
	fputs("<h2>Measurements</h2>\n", f);
	meas_charts(f, rs);
	site_page_end(f);
	if (fclose(f))
		rc = -EIO;
	if (!rc)
		rc = site_model_pages(dir, rs, &m, err);
	if (!rc)
		rc = site_machine_pages(dir, rs, machines, err);
	if (!rc)
		rc = site_case_pages(dir, &m, err);
out:
	casematrix_free(&m);
	json_decref(machines);
	return rc;
}
