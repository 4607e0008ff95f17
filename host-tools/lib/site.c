/** @file
 * `vmxbench report --site DIR` (site.h): the pages and what is on them.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lib/casematrix.h"
#include "lib/esc.h"
#include "lib/featmatrix.h"
#include "lib/hist.h"
#include "lib/meas_hist.h"
#include "lib/site.h"

static const char *str(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));

	return s ? s : "";
}

void site_text(FILE *f, const char *s)
{
	if (s)
		esc_html(f, s, strlen(s));
}

void site_name(const char *s, char *out, size_t outsz)
{
	uint32_t h = 2166136261u; /* FNV-1a of the original */
	size_t n = 0, keep = outsz > 48 ? 40 : outsz / 2;
	bool changed = false;

	for (const char *p = s; *p; p++) {
		unsigned char c = (unsigned char)*p;
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			  c == '-' || c == '_' || (c == '.' && p != s);

		h = (h ^ c) * 16777619u;
		if (n < keep)
			out[n++] = ok ? (char)c : '_';
		else
			changed = true;
		changed |= !ok;
	}
	if (!n)
		out[n++] = '_', changed = true;
	out[n] = 0;
	if (changed)
		snprintf(out + n, outsz - n, "-%08x", h);
}

void site_page_begin(FILE *f, const char *title, int depth)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>", f);
	site_text(f, title);
	fputs(" - vmxbench</title>\n<style>\n"
	      "body{font-family:sans-serif;margin:0 auto;max-width:72em;padding:0 1em;line-height:1.4}\n"
	      ".t{overflow-x:auto;max-width:100%}table{border-collapse:collapse;margin:.5em 0}\n"
	      "td,th{border:1px solid #bbb;padding:.15em .45em;text-align:left;vertical-align:top}\n"
	      "th{background:#eee;cursor:pointer}td.d{background:#fdd}td.s{color:#777}\n"
	      "td{overflow-wrap:anywhere}img{max-width:100%;height:auto}\n"
	      "nav{margin:.5em 0}code{font-size:95%}\n</style>\n</head>\n<body>\n<nav><a href=\"", f);
	fputs(depth ? "../index.html" : "index.html", f);
	fputs("\">vmxbench results</a></nav>\n<h1>", f);
	site_text(f, title);
	fputs("</h1>\n", f);
}

void site_page_end(FILE *f)
{
	/* Sortable tables: click a header. The page works without it. */
	fputs("<script>\nfor(const th of document.querySelectorAll('th'))th.addEventListener('click',"
	      "()=>{const t=th.closest('table'),i=[...th.parentNode.children].indexOf(th),"
	      "r=[...t.rows].slice(1),k=x=>x.cells[i]?x.cells[i].textContent:'',"
	      "n=r.every(x=>k(x)===''||!isNaN(parseFloat(k(x))));r.sort((a,b)=>n?parseFloat(k(a))-"
	      "parseFloat(k(b)):k(a).localeCompare(k(b)));if(th.dataset.d)r.reverse();"
	      "th.dataset.d=th.dataset.d?'':'1';for(const x of r)t.appendChild(x);});\n</script>\n"
	      "</body>\n</html>\n", f);
}

static void td(FILE *f, const char *cls, const char *s)
{
	fputs(cls ? "<td class=\"" : "<td>", f);
	if (cls)
		fprintf(f, "%s\">", cls);
	site_text(f, s);
	fputs("</td>", f);
}

static void th_row(FILE *f, const char *const *cols, size_t n)
{
	fputs("<div class=\"t\"><table>\n<tr>", f);
	for (size_t i = 0; i < n; i++) {
		fputs("<th>", f);
		site_text(f, cols[i]);
		fputs("</th>", f);
	}
	fputs("</tr>\n", f);
}

static void link(FILE *f, const char *dir, const char *file, const char *text, int depth)
{
	fprintf(f, "<a href=\"%s%s/", depth ? "../" : "", dir);
	site_text(f, file); /* site_name output: safe characters only, escaped all the same */
	fputs(".html\">", f);
	site_text(f, text);
	fputs("</a>", f);
}

static FILE *open_page(const char *dir, const char *sub, const char *name, FILE *err)
{
	char path[4400];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s%s%s.html", dir, sub, *sub ? "/" : "", name);
	f = fopen(path, "w");
	if (!f && err)
		fprintf(err, "vmxbench report: cannot write %s: %s\n", path, strerror(errno));
	return f;
}

/* ---- run metadata (model and machine pages) ---- */

static void runs_table(FILE *f, const struct runset *rs, const char *slug, const char *machine)
{
	static const char *const cols[] = { "run", "CPU model", "machine", "collected", "boot",
					    "payload", "suites", "emulated", "microcode", "BIOS",
					    "IA32_FEATURE_CONTROL", "status" };

	th_row(f, cols, sizeof(cols) / sizeof(cols[0]));
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
		snprintf(b, sizeof(b), "%s %s", str(bios, "bios_vendor"), str(bios, "bios_version"));
		fputs("<tr>", f);
		td(f, NULL, r->run_id);
		fputs("<td>", f);
		link(f, "model", r->slug, label, 1);
		fputs("</td>", f);
		td(f, NULL, run_machine(r));
		td(f, NULL, str(r->doc, "collected_at"));
		td(f, NULL, str(r->begin, "boot"));
		td(f, NULL, str(r->begin, "payload"));
		td(f, NULL, str(r->begin, "suites"));
		td(f, NULL, run_emulator(r) ? run_emulator(r) : "no");
		td(f, NULL, str(id, "microcode"));
		td(f, NULL, b);
		td(f, NULL, str(fc, "value"));
		td(f, NULL, str(r->end, "status"));
		fputs("</tr>\n", f);
		run_close(r);
	}
	fputs("</table></div>\n", f);
}

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

static json_t *find_meas(const struct stored_run *r, const char *name)
{
	size_t i;
	json_t *rec;

	json_array_foreach(r->records, i, rec)
		if (!strcmp(str(rec, "type"), "meas") && !strcmp(str(rec, "name"), name))
			return rec;
	return NULL;
}

static double numv(json_t *o, const char *k)
{
	return json_number_value(json_object_get(o, k));
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
		json_t *rec = find_meas(p[k].r, name);
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
		unit = str(rec, "unit");
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
			json_t *rec = find_meas(p[k].r, headline[h]);

			if (!rec || !json_is_number(json_object_get(rec, "median")))
				continue;
			run_label(p[k].r, lab[m], sizeof(lab[m]));
			if (run_emulated(p[k].r))
				strncat(lab[m], " (emulated)", sizeof(lab[m]) - strlen(lab[m]) - 1);
			labels[m] = lab[m];
			v[m] = numv(rec, "median");
			lo[m] = json_is_number(json_object_get(rec, "p5")) ? numv(rec, "p5") : -1;
			hi[m] = json_is_number(json_object_get(rec, "p95")) ? numv(rec, "p95") : -1;
			unit = str(rec, "unit");
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

static void meas_table(FILE *f, const struct stored_run *r)
{
	static const char *const cols[] = { "suite", "measurement", "unit", "median", "p5", "p95",
					    "min", "max", "samples" };
	size_t i, shown = 0;
	json_t *rec;

	json_array_foreach(r->records, i, rec) {
		char b[6][32];

		if (strcmp(str(rec, "type"), "meas") || !json_is_number(json_object_get(rec, "median")))
			continue;
		if (!shown++)
			th_row(f, cols, sizeof(cols) / sizeof(cols[0]));
		snprintf(b[0], 32, "%g", numv(rec, "median"));
		snprintf(b[1], 32, "%g", numv(rec, "p5"));
		snprintf(b[2], 32, "%g", numv(rec, "p95"));
		snprintf(b[3], 32, "%g", numv(rec, "min"));
		snprintf(b[4], 32, "%g", numv(rec, "max"));
		snprintf(b[5], 32, "%lld", (long long)json_integer_value(json_object_get(rec, "n")));
		fputs("<tr>", f);
		td(f, NULL, str(rec, "suite"));
		td(f, NULL, str(rec, "name"));
		td(f, NULL, str(rec, "unit"));
		for (int k = 0; k < 6; k++)
			td(f, NULL, b[k]);
		fputs("</tr>\n", f);
	}
	if (shown)
		fputs("</table></div>\n", f);
	else
		fputs("<p>No measurements in this run.</p>\n", f);
}

/* ---- pages ---- */

static const char *verdict_class(json_t *rec)
{
	enum cm_verdict v = casematrix_verdict(rec);

	return v == CM_DEVIATION ? "d" : v == CM_SKIP ? "s" : NULL;
}

static void case_file(const struct cm_row *row, char *out, size_t outsz)
{
	char key[1024];

	snprintf(key, sizeof(key), "%s.%s", row->suite, row->id);
	site_name(key, out, outsz);
}

/* A cell linking row @p row's case page, from a page @p depth below the site. */
static void case_cell(FILE *f, const struct casematrix *m, size_t row, int depth)
{
	char name[128], id[1024];

	case_file(&m->rows[row], name, sizeof(name));
	snprintf(id, sizeof(id), "%s / %s", m->rows[row].suite, m->rows[row].id);
	fputs("<tr><td>", f);
	link(f, "case", name, id, depth);
	fputs("</td>", f);
	td(f, NULL, m->rows[row].sdm);
}

static int case_pages(const char *dir, const struct casematrix *m, FILE *err)
{
	static const char *const cols[] = { "CPU model", "expected", "observed", "verdict", "reason" };

	for (size_t row = 0; row < m->nrows; row++) {
		const struct cm_row *cr = &m->rows[row];
		char name[128], title[1024];
		FILE *f;

		case_file(cr, name, sizeof(name));
		if (!(f = open_page(dir, "case", name, err)))
			return -errno;
		snprintf(title, sizeof(title), "%s / %s", cr->suite, cr->id);
		site_page_begin(f, title, 1);
		fputs("<p>SDM section ", f);
		site_text(f, cr->sdm);
		fputs(": ", f);
		site_text(f, cr->desc);
		fputs("</p>\n", f);
		th_row(f, cols, 5);
		for (size_t c = 0; c < m->ncols; c++) {
			json_t *rec = casematrix_cell(m, row, c);
			char label[128];

			run_label(m->cols[c].r, label, sizeof(label));
			fputs("<tr><td>", f);
			link(f, "model", m->cols[c].r->slug, label, 1);
			fputs("</td>", f);
			td(f, NULL, rec ? str(rec, "expected") : "(not run)");
			td(f, NULL, str(rec, "observed"));
			td(f, verdict_class(rec), str(rec, "verdict"));
			td(f, NULL, str(rec, "reason"));
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
			fprintf(f, "<h2>%s</h2>\n", what);
			th_row(f, cols, 5);
		}
		case_cell(f, m, row, 1);
		td(f, NULL, str(rec, "expected"));
		td(f, NULL, str(rec, "observed"));
		td(f, NULL, str(rec, "reason"));
		fputs("</tr>\n", f);
	}
	if (shown)
		fputs("</table></div>\n", f);
}

static int model_pages(const char *dir, const struct runset *rs, const struct casematrix *m,
		       FILE *err)
{
	for (size_t i = 0; i < rs->n; i++) {
		const struct stored_run *r = &rs->v[i], *newest = r;
		char label[128], title[256];
		size_t col = (size_t)-1;
		FILE *f;

		if (i && !strcmp(rs->v[i - 1].slug, r->slug))
			continue; /* runs are sorted by slug: one page per slug */
		for (size_t k = i; k < rs->n && !strcmp(rs->v[k].slug, r->slug); k++)
			if (run_has(&rs->v[k], "meas", NULL) &&
			    (!run_has(newest, "meas", NULL) || run_newer(&rs->v[k], newest)))
				newest = &rs->v[k];
		for (size_t c = 0; c < m->ncols; c++)
			if (!strcmp(m->cols[c].r->slug, r->slug))
				col = c;
		if (!(f = open_page(dir, "model", r->slug, err)))
			return -errno;
		run_label(r, label, sizeof(label));
		snprintf(title, sizeof(title), "CPU model %s", label);
		site_page_begin(f, title, 1);
		if (run_emulated(r))
			fputs("<p><strong>Emulated</strong>: these runs describe the emulator, not "
			      "silicon.</p>\n", f);
		fputs("<h2>Runs</h2>\n", f);
		runs_table(f, rs, r->slug, NULL);
		if (col != (size_t)-1) {
			model_cases(f, m, col, CM_DEVIATION, "Deviations");
			model_cases(f, m, col, CM_SKIP, "Skipped cases");
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

static int machine_pages(const char *dir, const struct runset *rs, json_t *machines, FILE *err)
{
	const char *k;
	json_t *v;

	json_object_foreach(machines, k, v) {
		char name[128], title[512];
		FILE *f;

		site_name(k, name, sizeof(name));
		if (!(f = open_page(dir, "machine", name, err)))
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

static void summary(FILE *f, const struct casematrix *m)
{
	static const char *const cols[] = { "CPU model", "emulated", "cases", "PASS", "DEVIATION",
					    "SKIP", "PASS %", "DEVIATION %", "SKIP %" };

	th_row(f, cols, sizeof(cols) / sizeof(cols[0]));
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
		link(f, "model", m->cols[c].r->slug, label, 0);
		fputs("</td>", f);
		td(f, NULL, run_emulated(m->cols[c].r) ? "yes" : "no");
		for (int k = 0; k < 4; k++)
			td(f, NULL, b[k]);
		td(f, NULL, b[4]);
		td(f, NULL, b[5]);
		snprintf(b[0], 32, "%.1f", 100 * n->skip / t);
		td(f, NULL, b[0]);
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
		site_text(f, str(x, "label"));
		fputs("</th>", f);
	}
	fputs("</tr>\n", f);
	json_array_foreach(json_object_get(fm, "rows"), i, r) {
		fputs("<tr><td><code>", f);
		site_text(f, str(r, "feature"));
		fputs("</code></td>", f);
		json_array_foreach(json_object_get(r, "values"), k, x) {
			bool u = json_is_true(json_array_get(json_object_get(r, "unusual"), k));

			td(f, u ? "d" : NULL, u ? "no (!)" : json_string_value(x));
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
		case_cell(f, m, row, 0);
		for (size_t c = 0; c < m->ncols; c++) {
			json_t *rec = casematrix_cell(m, row, c);

			td(f, verdict_class(rec), str(rec, "verdict"));
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
	if (!(f = open_page(dir, "", "index", err))) {
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
			link(f, "machine", name, k, 0);
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
		rc = model_pages(dir, rs, &m, err);
	if (!rc)
		rc = machine_pages(dir, rs, machines, err);
	if (!rc)
		rc = case_pages(dir, &m, err);
out:
	casematrix_free(&m);
	json_decref(machines);
	return rc;
}
