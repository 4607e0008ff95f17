/** @file
 * Unit tests of the report's HTML form (host-tools/lib/mdhtml.c): the
 * Markdown subset the report writers emit becomes the expected elements,
 * text is escaped, and a whole generated report has balanced tags.
 */
#include <string.h>

#include "runfix.h"
#include "lib/mdhtml.h"
#include "lib/report.h"

__attribute__((noinline)) static char *html_of(const char *md)
{
	char *out = NULL;

	RUNFIX_CAPTURE(out, mdhtml_write(f_, md, "t <1>"));
	return out;
}

static void test_elements(void **state)
{
	char *h;

	(void)state;
	h = html_of("# Title & more\n\nA para with **bold**, `a<b>` and [link](x.svg).\nsame para\n\n"
		    "| Case | n | v |\n|---|---:|:---:|\n| a \\| b | 3 | **DEVIATION** |\n| c | | |\n\n"
		    "- one\n- two\n\n![chart](c/x.png)\n\n<details><summary>More</summary>\n\n"
		    "| K |\n|---:|\n| 1 |\n\n</details>\n");
	assert_non_null(strstr(h, "<title>t &lt;1&gt;</title>"));
	assert_non_null(strstr(h, "<h1 id=\"title-more\">Title &amp; more</h1>"));
	/* no ## or ### headings: no contents */
	assert_null(strstr(h, "<nav>"));
	assert_non_null(strstr(h, "<p>A para with <strong>bold</strong>, <code>a&lt;b&gt;</code> and "
				  "<a href=\"x.svg\">link</a>.\nsame para</p>"));
	assert_non_null(strstr(h, "<thead><tr><th>Case</th><th>n</th><th>v</th></tr></thead>"));
	assert_non_null(strstr(h, "<tr><td>a | b</td><td style=\"text-align:right\">3</td>"
				  "<td style=\"text-align:center\"><strong>DEVIATION</strong></td></tr>"));
	/* empty cells stay cells */
	assert_non_null(strstr(h, "<tr><td>c</td><td style=\"text-align:right\"></td>"
				  "<td style=\"text-align:center\"></td></tr>"));
	assert_non_null(strstr(h, "<ul>\n<li>one</li>\n<li>two</li>\n</ul>"));
	assert_non_null(strstr(h, "<img alt=\"chart\" src=\"c/x.png\">"));
	assert_non_null(strstr(h, "<details><summary>More</summary>\n<table>"));
	assert_non_null(strstr(h, "</tbody></table>\n</details>\n</body>"));
	free(h);
}

/* Every opened element closed in order (void elements aside). */
static void assert_balanced(const char *h)
{
	char stack[64][16];
	int depth = 0;

	for (const char *p = strchr(h, '<'); p; p = strchr(p + 1, '<')) {
		char name[16];
		size_t n;
		bool close = p[1] == '/';

		if (p[1] == '!')
			continue;
		n = strcspn(p + 1 + close, " >");
		snprintf(name, sizeof(name), "%.*s", (int)(n < 15 ? n : 15), p + 1 + close);
		if (!strcmp(name, "img") || !strcmp(name, "meta"))
			continue;
		if (close) {
			assert_true(depth > 0);
			assert_string_equal(stack[depth - 1], name);
			depth--;
		} else {
			assert_true(depth < 64);
			snprintf(stack[depth++], 16, "%s", name);
		}
	}
	assert_int_equal(depth, 0);
}

static void test_whole_report(void **state)
{
	struct runfix *f = *state;
	struct loggen g;
	char *md = NULL, *h;

	loggen_init(&g);
	loggen_begin(&g, "bochs:model_a");
	loggen_haswell_cpuid(&g);
	loggen_case(&g, "entry", "ctl.a", "26.2.1.1", "a <b> & c | d", "vmfail-valid:7", "ok",
		    "DEVIATION", NULL);
	loggen_meas(&g, "noise", "nop10", NULL, NULL, NULL, -1, 10);
	loggen_meas(&g, "sh", "sync.1", "sync-read", NULL, NULL, 1, 10);
	loggen_end(&g);
	runfix_store(f, &g, "a-1", "1795631000");
	runfix_load(f);
	RUNFIX_CAPTURE(md, report_write(f_, &f->rs));
	h = html_of(md);
	assert_balanced(h);
	assert_non_null(strstr(h, "<nav><p>Contents</p>\n<ul>\n<li><a href=\"#summary"));
	assert_non_null(strstr(h, "<li><a href=\"#runs\">Runs</a></li>"));
	assert_non_null(strstr(h, "<li><a href=\"#conformance-case-records\">Conformance (case "
				  "records)</a>\n<ul>\n<li><a href=\"#deviations\">Deviations</a></li>"));
	assert_non_null(strstr(h, "<td>a &lt;b&gt; &amp; c | d</td>"));
	free(md);
	free(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_elements),
		cmocka_unit_test_setup_teardown(test_whole_report, runfix_setup, runfix_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
