/** @file
 * Unit tests of the escaping functions (host-tools/lib/esc.c), one per output
 * language: terminal, gnuplot, Markdown, HTML (and its URL policy), CSV.
 */
#include <stdio.h>
#include <string.h>

#include "unit.h"
#include "lib/esc.h"

/* What @p stmt wrote to f_, as a string (caller frees). */
#define CAPTURE(buf, stmt)                                            \
	do {                                                          \
		size_t len_;                                          \
		FILE *f_ = open_memstream(&(buf), &len_);             \
		stmt;                                                 \
		fclose(f_);                                           \
	} while (0)

static void test_term(void **state)
{
	char b[64];

	(void)state;
	assert_string_equal(esc_term("plain é ✓", b, sizeof(b)), "plain é ✓");
	assert_string_equal(esc_term(NULL, b, sizeof(b)), "");
	/* C0 (ESC, BEL, newline), DEL */
	assert_string_equal(esc_term("a\x1b]0;t\x07\n\x7f", b, sizeof(b)), "a\\x1b]0;t\\x07\\x0a\\x7f");
	/* C1 as UTF-8 (U+0080, U+009B CSI, U+009F), U+00A0 kept */
	assert_string_equal(esc_term("\xc2\x80\xc2\x9b\xc2\x9f\xc2\xa0", b, sizeof(b)),
			    "\\xc2\\x80\\xc2\\x9b\\xc2\\x9f\xc2\xa0");
	/* invalid UTF-8: lone continuation, overlong, surrogate, cut sequence */
	assert_string_equal(esc_term("\x80\xc0\xaf\xed\xa0\x80\xe2\x9c", b, sizeof(b)),
			    "\\x80\\xc0\\xaf\\xed\\xa0\\x80\\xe2\\x9c");
	/* truncation: "..." and never a half escape or half character */
	assert_string_equal(esc_term("abcdefghij", b, 8), "abcd...");
	assert_string_equal(esc_term("\x1b\x1b\x1b", b, 8), "\\x1b...");
	assert_string_equal(esc_term("\x1b\x1b", b, 6), "..."); /* not "\\x..." */
	assert_string_equal(esc_term("a✓✓✓", b, 8), "a✓...");  /* not half a ✓ */
	assert_string_equal(esc_term("ab✓✓", b, 8), "ab...");
	assert_string_equal(esc_term("abc", b, 4), "abc");
	assert_string_equal(esc_term("abcd", b, 3), "ab");
}

static void test_gp(void **state)
{
	char *o = NULL;

	(void)state;
	CAPTURE(o, esc_gp(f_, "a `touch x` @m it's \"q\" \\n\nz", ESC_GP_SCRIPT));
	assert_string_equal(o, "'a `touch x` @m it''s \"q\" \\n z'");
	free(o);
	CAPTURE(o, esc_gp(f_, "a `b` it's \"q\" c\\d\r\n", ESC_GP_DATA));
	assert_string_equal(o, "\"a `b` it's 'q' c\\\\d  \"");
	free(o);
	CAPTURE(o, esc_gp(f_, "t\nx\xc2\x9b", ESC_GP_TEXT));
	assert_string_equal(o, "t x  ");
	free(o);
	CAPTURE(o, esc_gp(f_, NULL, ESC_GP_SCRIPT));
	assert_string_equal(o, "''");
	free(o);
}

static void test_md(void **state)
{
	char *o = NULL;

	(void)state;
	/* benign text unchanged (intra-word _ makes no emphasis) */
	CAPTURE(o, esc_md(f_, "model_a (emulated) 06-3c-3 cpuid.0 tsc_ticks/op", false));
	assert_string_equal(o, "model_a (emulated) 06-3c-3 cpuid.0 tsc_ticks/op");
	free(o);
	CAPTURE(o, esc_md(f_, "a|b\\|c\n<script>[x](javascript:y) ![](h) **b** _i_ `c` #h &amp; ~~s~~",
			  false));
	assert_string_equal(o, "a\\|b\\\\\\|c \\<script\\>\\[x\\](javascript:y) !\\[\\](h) \\*\\*b\\*\\* "
			       "\\_i\\_ \\`c\\` \\#h \\&amp; \\~\\~s\\~\\~");
	free(o);
	CAPTURE(o, esc_md(f_, "a`b|c<d>\n", true));
	assert_string_equal(o, "a'b\\|c<d> ");
	free(o);
	CAPTURE(o, esc_md(f_, NULL, false));
	assert_string_equal(o, "");
	free(o);
}

static void test_html(void **state)
{
	char *o = NULL;

	(void)state;
	CAPTURE(o, esc_html(f_, "<a href=\"x\" title='y'>&</a>", 27));
	assert_string_equal(o, "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
	free(o);
#define OK(u, img) esc_url_ok(u, strlen(u), img)
	assert_true(OK("charts/x.png", true));
	assert_true(OK("x.svg", false));
	assert_true(OK("/abs/charts/x.png", true));
	assert_true(OK("#runs", false));
	assert_true(OK("https://example.org/", false));
	assert_true(OK("HTTP://example.org/", false));
	assert_false(OK("https://evil/x.png", true));
	assert_false(OK("//evil/x.png", true));
	assert_false(OK("\\\\evil/x.png", true));
	assert_false(OK("javascript:alert(1)", false));
	assert_false(OK("JavaScript:alert(1)", false));
	assert_false(OK("java\tscript:alert(1)", false));
	assert_false(OK(" javascript:x", false));
	assert_false(OK("data:text/html,x", false));
	assert_false(OK("vbscript:x", false));
	assert_false(OK("file:///etc/passwd", false));
	assert_false(OK("", false));
	assert_true(OK("a/b:c", false)); /* a ':' after a '/' is no scheme */
#undef OK
}

static void test_csv(void **state)
{
	char *o = NULL;

	(void)state;
	CAPTURE(o, (esc_csv(f_, "plain"), fputc('|', f_), esc_csv(f_, "a,b"), fputc('|', f_),
		    esc_csv(f_, "=cmd|' /C calc'!A0"), fputc('|', f_), esc_csv(f_, "+1+1"),
		    fputc('|', f_), esc_csv(f_, "-x"), fputc('|', f_), esc_csv(f_, "@SUM(A1)"),
		    fputc('|', f_), esc_csv(f_, "\t=1"), fputc('|', f_), esc_csv(f_, "\r=1"),
		    fputc('|', f_), esc_csv(f_, "-5"), fputc('|', f_), esc_csv(f_, "-1.5e-3"),
		    fputc('|', f_), esc_csv(f_, "-"), fputc('|', f_), esc_csv(f_, "a=b"),
		    fputc('|', f_), esc_csv(f_, ""), fputc('|', f_), esc_csv(f_, NULL)));
	assert_string_equal(o, "plain|\"a,b\"|\"'=cmd|' /C calc'!A0\"|\"'+1+1\"|\"'-x\"|"
			       "\"'@SUM(A1)\"|\"'\t=1\"|\"'\r=1\"|-5|-1.5e-3|\"'-\"|a=b||");
	free(o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_term), cmocka_unit_test(test_gp), cmocka_unit_test(test_md),
		cmocka_unit_test(test_html), cmocka_unit_test(test_csv),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
