/** @file
 * Hostile-input regression tests: CRC-valid forged runs, stored by
 * the real collect, whose strings try to run commands through gnuplot, to
 * overflow the measurement pivot, to script or restyle REPORT.html and to
 * plant spreadsheet formulas in the CSV export. Each test failed on the code
 * before the escaping work (see the commit that added this file).
 */
#define _GNU_SOURCE /* strcasestr */
#include <dirent.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "runfix.h"
#include "lib/chart.h"
#include "lib/export.h"
#include "lib/mdhtml.h"
#include "lib/report.h"

static char pwned[96]; /* the file a backquoted `touch` would create */

/* A meas record with the given strings (statistics fixed). */
static void meas(struct loggen *g, const char *suite, const char *name, const char *op,
		 const char *path, int k, int64_t median)
{
	loggen_meas(g, suite, name, op, path, op ? "16" : NULL, k, median);
}

/* Names of the entries of @p dir, sorted into one string (for before/after compares). */
static char *listing(const char *dir)
{
	struct dirent **v;
	int n = scandir(dir, &v, NULL, alphasort);
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	for (int i = 0; i < n; i++) {
		fprintf(f, "%s\n", v[i]->d_name);
		free(v[i]);
	}
	if (n >= 0)
		free(v);
	fclose(f);
	return out;
}

static bool have_gnuplot(void)
{
	return system("command -v gnuplot >/dev/null 2>&1") == 0;
}

/* Backquotes, @macros, quotes and newlines in suite, names, paths and the emulator label. */
static void test_gnuplot_no_command(void **state)
{
	struct runfix *f = *state;
	struct loggen g;
	char bq[160], emu[200], charts[160], *before, *after;
	int rc;

	if (!have_gnuplot()) {
		print_message("SKIP: gnuplot not installed (Debian gnuplot-nox): rendering not checked\n");
		skip();
	}
	snprintf(pwned, sizeof(pwned), "/tmp/vmxb-PWNED-%d", (int)getpid());
	unlink(pwned);
	snprintf(bq, sizeof(bq), "x`touch %s`'\"\\\n@bq", pwned);
	loggen_init(&g);
	snprintf(emu, sizeof(emu), "bochs:%s", bq);
	loggen_begin(&g, emu);
	loggen_haswell_cpuid(&g);
	meas(&g, bq, bq, NULL, NULL, -1, 10);
	meas(&g, bq, "n2", bq, bq, -1, 11);
	meas(&g, bq, "s.1", bq, NULL, 1, 12);
	meas(&g, bq, "s.2", bq, NULL, 2, 13);
	loggen_end(&g);
	runfix_store(f, &g, "a-1", "1795631000");
	runfix_load(f);
	before = listing(f->dir);
	snprintf(charts, sizeof(charts), "%s/charts", f->dir);
	rc = chart_all(&f->rs, charts, true, NULL, stderr);
	after = listing(f->dir);
	/* no command ran, and nothing appeared beside the chart directory */
	{
		bool ran = access(pwned, F_OK) == 0;

		unlink(pwned);
		assert_false(ran);
	}
	assert_non_null(strstr(after, "charts\n"));
	memmove(strstr(after, "charts\n"), strstr(after, "charts\n") + 7,
		strlen(strstr(after, "charts\n") + 7) + 1);
	assert_string_equal(before, after);
	/* and gnuplot did draw: the script is valid whatever the strings were */
	assert_int_equal(rc, 0);
	{
		DIR *d = opendir(charts);
		struct dirent *e;
		unsigned pngs = 0;

		assert_non_null(d);
		while ((e = readdir(d)))
			pngs += strlen(e->d_name) > 4 &&
				!strcmp(e->d_name + strlen(e->d_name) - 4, ".png");
		closedir(d);
		assert_int_equal(pngs, 3); /* medians, paths, sync */
	}
	free(before);
	free(after);
}

/* A path of 200 characters, and two paths that agree on their first 100. */
static void test_long_path(void **state)
{
	struct runfix *f = *state;
	struct loggen g;
	char p1[201], p2[201], want[600], *md = NULL, *d = NULL;
	struct chart c[8];
	size_t n;

	memset(p1, 'p', 200);
	p1[200] = 0;
	memcpy(p2, p1, sizeof(p2));
	p2[199] = 'q';
	loggen_init(&g);
	loggen_begin(&g, NULL);
	loggen_haswell_cpuid(&g);
	meas(&g, "sh", "a", "vmread", p1, -1, 10);
	meas(&g, "sh", "b", "vmread", p2, -1, 20);
	meas(&g, "sh", "c", "vmwrite", p1, -1, 30);
	loggen_end(&g);
	runfix_store(f, &g, "a-1", "1795631000");
	runfix_load(f);
	RUNFIX_CAPTURE(md, report_write(f_, &f->rs));
	/* both paths whole, each value in its own column */
	snprintf(want, sizeof(want), "| Op, width | %s | %s |\n", p1, p2);
	assert_non_null(strstr(md, want));
	assert_non_null(strstr(md, "| vmread 16 | 10 (12.25) | 20 (22.25) |\n"));
	assert_non_null(strstr(md, "| vmwrite 16 | 30 (32.25) |  |\n"));
	free(md);
	n = chart_plan(&f->rs, c, 8);
	assert_int_equal(n, 1);
	RUNFIX_CAPTURE(d, chart_write_data(&f->rs, &c[0], f_));
	snprintf(want, sizeof(want), "\"op width\" \"%s\" \"%s\"\n\"vmread 16\" 10 20\n"
				     "\"vmwrite 16\" 30 -\n", p1, p2);
	assert_non_null(strstr(d, want));
	free(d);
}

/* Cells per row of every table in @p h: all rows as many as the header. */
static void assert_tables_square(const char *h)
{
	for (const char *t = strstr(h, "<table>"); t; t = strstr(t + 1, "<table>")) {
		const char *end = strstr(t, "</table>"), *tr;
		int head = 0;

		for (const char *p = strstr(t, "<th>"); p && p < strstr(t, "</thead>"); p = strstr(p + 1, "<th>"))
			head++;
		for (tr = strstr(t, "<tr><td"); tr && tr < end; tr = strstr(tr + 1, "<tr><td")) {
			const char *etr = strstr(tr, "</tr>");
			int cells = 0;

			for (const char *p = strstr(tr, "<td"); p && p < etr; p = strstr(p + 1, "<td"))
				cells++;
			if (cells != head)
				fail_msg("row with %d cells under %d headings: %.200s", cells, head, tr);
		}
	}
}

/* No element or attribute that runs script or loads from the net. */
static void assert_inert(const char *h)
{
	/* the page's own head (its <style>) aside */
	for (const char *p = strstr(h, "<body>"); p; p = strchr(p + 1, '<')) {
		size_t n = strcspn(p, ">");
		char tag[4096];

		snprintf(tag, sizeof(tag), "%.*s", (int)(n < sizeof(tag) - 1 ? n : sizeof(tag) - 1), p);
		if (strcasestr(tag, "<script") || strcasestr(tag, "onerror=") ||
		    strcasestr(tag, "javascript:") || strcasestr(tag, "src=\"http") ||
		    strcasestr(tag, "src=\"//") || !strncasecmp(tag, "<img", 4) ||
		    !strncasecmp(tag, "<iframe", 7) || !strncasecmp(tag, "<style", 6))
			fail_msg("live markup from record text: %s>", tag);
	}
	assert_null(strcasestr(h, "<script"));
}

/* Is @p p inside a `code span` of its line (an odd number of unescaped backquotes before it)? */
static bool in_code(const char *md, const char *p)
{
	const char *l = p;
	bool in = false;

	while (l > md && l[-1] != '\n')
		l--;
	for (; l < p; l++) {
		if (*l == '\\')
			l++;
		else if (*l == '`')
			in = !in;
	}
	return in;
}

/* Every @p tag in the Markdown is text: backslash-escaped or inside a code span. */
static void assert_md_inert(const char *md, const char *tag)
{
	for (const char *p = strstr(md, tag); p; p = strstr(p + 1, tag))
		if (!(p > md && p[-1] == '\\') && !in_code(md, p))
			fail_msg("raw HTML in the Markdown: %.120s", p);
}

#define XSS1 "x\n<script>alert(1)</script>"
#define XSS2 "y\n<img src=x onerror=alert(2)>"
#define XSS3 "[x](javascript:alert(3)) ![](https://evil.example/x.png) a | b \\| c"

static void test_markup(void **state)
{
	struct runfix *f = *state;
	struct loggen g;
	struct rec *r;
	char *md = NULL, *h = NULL;

	loggen_init(&g);
	loggen_begin(&g, "bochs:m" XSS1);
	loggen_haswell_cpuid(&g);
	r = rec_open(&g.w, "warn");
	rec_str(r, "msg", XSS2 " " XSS3);
	rec_close(r);
	/* a \| in the id would shift the cells so that another column reads PASS */
	loggen_case(&g, "entry" XSS1, "ctl.a \\| PASS | PASS" XSS2, "26.2" XSS3, XSS3, XSS1, XSS2,
		    "DEVIATION", XSS3);
	loggen_case(&g, "entry", "ctl.b", "26.2", "d", "e", "o", "SKIP", XSS2 XSS3);
	meas(&g, "noise" XSS2, "n" XSS3, NULL, NULL, -1, 10);
	meas(&g, "sh", "v", "vmread" XSS1, "exiting" XSS3, -1, 10);
	meas(&g, "sh", "s.1", "sync" XSS2, NULL, 1, 10);
	loggen_end(&g);
	runfix_store(f, &g, "a-1", "1795631000");
	runfix_load(f);
	RUNFIX_CAPTURE(md, report_write(f_, &f->rs));
	/* REPORT.md itself keeps no raw HTML and no live link */
	assert_md_inert(md, "<script");
	assert_md_inert(md, "<img");
	assert_md_inert(md, "](javascript:");
	assert_md_inert(md, "](https://evil");
	/* the warn record is listed, escaped */
	assert_non_null(strstr(md, "Warnings the payload recorded"));
	assert_non_null(strstr(md, "- a-1: y \\<img src=x onerror=alert(2)\\> \\[x\\](javascript"));
	RUNFIX_CAPTURE(h, mdhtml_write(f_, md, "r"));
	assert_inert(h);
	assert_tables_square(h);
	/* the deviation stays a deviation: its row's verdict cell reads DEVIATION */
	assert_non_null(strstr(h, "PASS | PASS"));
	assert_non_null(strstr(h, "&lt;script&gt;alert(1)&lt;/script&gt;"));
	free(md);
	free(h);
}

/* The converter itself: raw HTML lines, bad links and outside images from any Markdown. */
static void test_converter(void **state)
{
	char *h = NULL;

	(void)state;
	RUNFIX_CAPTURE(h, mdhtml_write(f_, "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n"
					   "[a](javascript:alert(1)) [b](JaVaScRiPt:x) [c](data:text/html,x) "
					   "[d](java\tscript:x) [e](vbscript:x) [f](https://ok.example/) "
					   "[g](charts/x.svg) ![i](https://evil.example/x.png) "
					   "![j](//evil.example/x.png) ![k](charts/x.png)\n\n"
					   "<details><summary>ok</summary>\n\n</details>\n"
					   "<details><summary><b>no</b></summary>\n", "t"));
	assert_null(strstr(h, "<script"));
	assert_non_null(strstr(h, "&lt;script&gt;"));
	assert_null(strstr(h, "href=\"javascript"));
	assert_null(strstr(h, "href=\"JaVaScRiPt"));
	assert_null(strstr(h, "href=\"data:"));
	assert_null(strstr(h, "href=\"vbscript:"));
	assert_null(strstr(h, "href=\"java"));
	assert_non_null(strstr(h, "<a href=\"https://ok.example/\">f</a>"));
	assert_non_null(strstr(h, "<a href=\"charts/x.svg\">g</a>"));
	assert_null(strstr(h, "src=\"https://"));
	assert_null(strstr(h, "src=\"//"));
	assert_non_null(strstr(h, "<img alt=\"k\" src=\"charts/x.png\">"));
	assert_non_null(strstr(h, "<details><summary>ok</summary>\n"));
	assert_null(strstr(h, "<b>"));
	free(h);
}

/* Formula cells neutralised; genuine numbers kept. */
static void test_csv_formula(void **state)
{
	struct runfix *f = *state;
	struct loggen g;
	char *out = NULL;
	size_t n;

	loggen_init(&g);
	loggen_begin(&g, NULL);
	loggen_haswell_cpuid(&g);
	loggen_case(&g, "entry", "ctl.a", "=1+1", "=cmd|' /C calc'!A0", "+x", "-x", "@SUM(A1)", "-5");
	loggen_end(&g);
	runfix_store(f, &g, "a-1", "1795631000");
	loggen_init(&g);
	loggen_begin(&g, NULL);
	loggen_haswell_cpuid(&g);
	meas(&g, "noise", "n", NULL, NULL, -1, -5);
	loggen_end(&g);
	runfix_store(f, &g, "b-1", "1795631001");
	runfix_load(f);
	RUNFIX_CAPTURE(out, n = export_write(f_, &f->rs, "case", EXPORT_CSV));
	assert_int_equal(n, 1);
	assert_non_null(strstr(out, ",\"'=cmd|' /C calc'!A0\","));
	assert_non_null(strstr(out, ",\"'=1+1\","));
	assert_non_null(strstr(out, ",\"'+x\",\"'-x\","));
	assert_non_null(strstr(out, "\"'@SUM(A1)\""));
	assert_non_null(strstr(out, ",-5\n")); /* a number stays a number */
	assert_null(strstr(out, ",=")); /* no cell starts a formula */
	free(out);
	RUNFIX_CAPTURE(out, n = export_write(f_, &f->rs, "meas", EXPORT_CSV));
	assert_int_equal(n, 1);
	assert_non_null(strstr(out, ",-5,")); /* min/median negative numbers as numbers */
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_gnuplot_no_command, runfix_setup, runfix_teardown),
		cmocka_unit_test_setup_teardown(test_long_path, runfix_setup, runfix_teardown),
		cmocka_unit_test_setup_teardown(test_markup, runfix_setup, runfix_teardown),
		cmocka_unit_test(test_converter),
		cmocka_unit_test_setup_teardown(test_csv_formula, runfix_setup, runfix_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
