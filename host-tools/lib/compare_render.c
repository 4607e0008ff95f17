/** @file
 * Markdown and HTML renderings of a comparison (compare.h). Both print the
 * same rows from the JSON document; every value from a record is escaped
 * (esc_md, esc_html): record text is never markup.
 */
#include <math.h>
#include <string.h>

#include "lib/compare.h"
#include "lib/esc.h"

static const char *str(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));

	return s ? s : "";
}

static json_int_t num(json_t *o, const char *k)
{
	return json_integer_value(json_object_get(o, k));
}

/* The output language: one cell writer each, the rest shared. */
struct out {
	FILE *f;
	bool html;
};

static void text(struct out *o, const char *s)
{
	if (o->html)
		esc_html(o->f, s, strlen(s));
	else
		esc_md(o->f, s, false);
}

static void row_begin(struct out *o)
{
	fputs(o->html ? "<tr>" : "|", o->f);
}

static void cell(struct out *o, const char *s)
{
	fputs(o->html ? "<td>" : " ", o->f);
	text(o, s);
	fputs(o->html ? "</td>" : " |", o->f);
}

static void row_end(struct out *o)
{
	fputs(o->html ? "</tr>\n" : "\n", o->f);
}

static void head(struct out *o, const char *const *cols, size_t n)
{
	if (o->html) {
		fputs("<div class=\"t\"><table>\n<tr>", o->f);
		for (size_t i = 0; i < n; i++)
			fprintf(o->f, "<th>%s</th>", cols[i]);
		fputs("</tr>\n", o->f);
		return;
	}
	fputs("\n|", o->f);
	for (size_t i = 0; i < n; i++)
		fprintf(o->f, " %s |", cols[i]);
	fputs("\n|", o->f);
	for (size_t i = 0; i < n; i++)
		fputs("---|", o->f);
	fputc('\n', o->f);
}

static void table_end(struct out *o)
{
	fputs(o->html ? "</table></div>\n" : "\n", o->f);
}

static void heading(struct out *o, int level, const char *fmt_text)
{
	if (o->html)
		fprintf(o->f, "<h%d>%s</h%d>\n", level, fmt_text, level);
	else
		fprintf(o->f, "\n%.*s %s\n", level, "###", fmt_text);
}

static void para(struct out *o, const char *s)
{
	fputs(o->html ? "<p>" : "\n", o->f);
	text(o, s);
	fputs(o->html ? "</p>\n" : "\n", o->f);
}

static void sides(struct out *o, json_t *a, json_t *b)
{
	static const char *const cols[] = { "", "A", "B" };
	char na[32], nb[32], ma[512] = "", mb[512] = "";
	size_t i;
	json_t *m;

	head(o, cols, 3);
	row_begin(o), cell(o, "named"), cell(o, str(a, "spec")), cell(o, str(b, "spec")), row_end(o);
	snprintf(na, sizeof(na), "%lld", (long long)num(a, "runs"));
	snprintf(nb, sizeof(nb), "%lld", (long long)num(b, "runs"));
	row_begin(o), cell(o, "runs"), cell(o, na), cell(o, nb), row_end(o);
	json_array_foreach(json_object_get(a, "models"), i, m)
		snprintf(ma + strlen(ma), sizeof(ma) - strlen(ma), "%s%s", i ? ", " : "", json_string_value(m));
	json_array_foreach(json_object_get(b, "models"), i, m)
		snprintf(mb + strlen(mb), sizeof(mb) - strlen(mb), "%s%s", i ? ", " : "", json_string_value(m));
	row_begin(o), cell(o, "CPU models"), cell(o, ma), cell(o, mb), row_end(o);
	row_begin(o), cell(o, "runs on"), cell(o, str(a, "kind")), cell(o, str(b, "kind")), row_end(o);
	table_end(o);
}

static size_t count_kind(json_t *rows, const char *kind)
{
	size_t n = 0, i;
	json_t *d;

	json_array_foreach(rows, i, d)
		n += !strcmp(str(d, "kind"), kind);
	return n;
}

static void case_table(struct out *o, json_t *rows, const char *kind)
{
	static const char *const cols[] = { "case", "SDM", "expected", "A observed", "B observed", "" };
	size_t i;
	json_t *d;

	head(o, cols, 6);
	json_array_foreach(rows, i, d) {
		json_t *info = json_object_get(d, "info");
		char a[512], b[512];

		if (strcmp(str(d, "kind"), kind))
			continue;
		snprintf(a, sizeof(a), "%s (%s)", str(d, "a"), str(d, "a_verdict"));
		snprintf(b, sizeof(b), "%s (%s)", str(d, "b"), str(d, "b_verdict"));
		row_begin(o);
		cell(o, str(d, "case"));
		cell(o, str(info, "sdm"));
		cell(o, str(info, "expected"));
		cell(o, a);
		cell(o, b);
		cell(o, json_is_true(json_object_get(d, "regression")) ? "regression" : "");
		row_end(o);
	}
	table_end(o);
}

/* A long secondary list: folded in HTML, a plain list of ids in Markdown. */
static void case_ids(struct out *o, json_t *rows, const char *kind, const char *title)
{
	size_t i, k = 0;
	json_t *d;

	if (!count_kind(rows, kind))
		return;
	if (o->html) {
		fputs("<details><summary>", o->f);
		text(o, title);
		fputs("</summary>\n", o->f);
		case_table(o, rows, kind);
		fputs("</details>\n", o->f);
		return;
	}
	fputs("\n", o->f);
	text(o, title);
	fputs(": ", o->f);
	json_array_foreach(rows, i, d) {
		if (strcmp(str(d, "kind"), kind))
			continue;
		fputs(k++ ? ", " : "", o->f);
		esc_md(o->f, str(d, "case"), true);
	}
	fputs("\n", o->f);
}

static void conformance(struct out *o, json_t *c)
{
	char buf[320];
	json_t *rows = json_object_get(c, "differ");
	size_t nv = count_kind(rows, "verdict"), ns = count_kind(rows, "skip"),
	       no = count_kind(rows, "outcome");

	snprintf(buf, sizeof(buf), "Conformance: %zu of %lld common cases judged differently", nv,
		 (long long)num(c, "common"));
	heading(o, 2, buf);
	if (nv)
		case_table(o, rows, "verdict");
	else
		para(o, "Every case both sides could run has the same verdict.");
	snprintf(buf, sizeof(buf), "%zu cases run on one side only (SKIP on the other: a feature the "
		 "other CPU lacks, or an emulator limit); %zu with the same verdict and a different "
		 "outcome (an expectation that follows the model); %lld cases only in A, %lld only "
		 "in B.", ns, no, (long long)num(c, "only_a"), (long long)num(c, "only_b"));
	para(o, buf);
	snprintf(buf, sizeof(buf), "Run on one side only (%zu)", ns);
	case_ids(o, rows, "skip", buf);
	snprintf(buf, sizeof(buf), "Same verdict, different outcome (%zu)", no);
	case_ids(o, rows, "outcome", buf);
}

static void capabilities(struct out *o, json_t *c)
{
	static const char *const cols[] = { "feature (SDM name)", "A", "B" };
	char buf[256];
	size_t i;
	json_t *d, *rows = json_object_get(c, "differ");

	snprintf(buf, sizeof(buf), "Capabilities: %zu of %lld named VMX features differ",
		 json_array_size(rows), (long long)num(c, "compared"));
	heading(o, 2, buf);
	if (!json_array_size(rows)) {
		para(o, "Every named control, EPT/VPID capability, VMFUNC and BASIC/MISC field is "
			"the same (or only one side has a vmx_caps record).");
		return;
	}
	head(o, cols, 3);
	json_array_foreach(rows, i, d) {
		row_begin(o);
		cell(o, str(d, "feature"));
		cell(o, str(d, "a"));
		cell(o, str(d, "b"));
		row_end(o);
	}
	table_end(o);
}

static void measurements(struct out *o, json_t *m)
{
	static const char *const cols[] = { "measurement", "unit", "A median", "B median", "B/A",
					    "95 % interval", "n A/B", "basis", "" };
	char buf[512];
	size_t i, same = 0, shown = 0;
	json_t *d, *rows = json_object_get(m, "rows");

	snprintf(buf, sizeof(buf), "Measurements: %lld compared", (long long)num(m, "compared"));
	heading(o, 2, buf);
	para(o, str(m, "method"));
	json_array_foreach(rows, i, d) {
		double r = json_real_value(json_object_get(d, "ratio"));
		json_t *lo = json_object_get(d, "ci_lo"), *hi = json_object_get(d, "ci_hi");
		char cells[5][64];

		/* within 0.5 %: the same figure for a reader (JSON keeps every row) */
		if (fabs(r - 1) < 0.005 && !json_is_true(json_object_get(d, "regression"))) {
			same++;
			continue;
		}
		if (!shown++)
			head(o, cols, 9);
		snprintf(cells[0], 64, "%.2f", json_real_value(json_object_get(d, "a_median")));
		snprintf(cells[1], 64, "%.2f", json_real_value(json_object_get(d, "b_median")));
		snprintf(cells[2], 64, "%.3f", r);
		if (json_is_number(lo))
			snprintf(cells[3], 64, "%.3f-%.3f", json_number_value(lo), json_number_value(hi));
		else
			snprintf(cells[3], 64, "none");
		snprintf(cells[4], 64, "%lld/%lld", (long long)num(d, "a_n"), (long long)num(d, "b_n"));
		row_begin(o);
		cell(o, str(d, "measurement"));
		cell(o, str(d, "unit"));
		for (int k = 0; k < 5; k++)
			cell(o, cells[k]);
		cell(o, str(d, "basis"));
		cell(o, json_is_true(json_object_get(d, "regression")) ? "regression"
			: json_is_true(json_object_get(d, "significant")) ? "significant" : "");
		row_end(o);
	}
	if (shown)
		table_end(o);
	snprintf(buf, sizeof(buf), "%zu measurement%s with medians within 0.5 %% of each other%s "
		 "(the JSON output has every row).", same, same == 1 ? "" : "s",
		 shown ? ", not listed" : "");
	para(o, buf);
}

static void body(struct out *o, json_t *cmp)
{
	json_t *a = json_object_get(cmp, "a"), *b = json_object_get(cmp, "b");
	char buf[256];

	sides(o, a, b);
	snprintf(buf, sizeof(buf), "%lld difference%s (cases and capabilities), %lld regression%s "
		 "(a case passing in A and failing in B, or a measurement significantly slower in "
		 "B by more than %.0f %%).", (long long)num(cmp, "differences"),
		 num(cmp, "differences") == 1 ? "" : "s", (long long)num(cmp, "regressions"),
		 num(cmp, "regressions") == 1 ? "" : "s",
		 100 * json_real_value(json_object_get(json_object_get(cmp, "measurements"), "threshold")));
	para(o, buf);
	if (!strcmp(str(a, "kind"), "emulated") || !strcmp(str(b, "kind"), "emulated"))
		para(o, "Emulated runs: their measurements count emulator instructions, not silicon "
			"latency.");
	capabilities(o, json_object_get(cmp, "capabilities"));
	conformance(o, json_object_get(cmp, "conformance"));
	measurements(o, json_object_get(cmp, "measurements"));
}

void compare_write_md(FILE *f, json_t *cmp)
{
	struct out o = { f, false };

	fputs("# vmxbench compare", f);
	fputc('\n', f);
	body(&o, cmp);
}

void compare_write_html(FILE *f, json_t *cmp)
{
	struct out o = { f, true };

	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	      "<title>vmxbench compare</title>\n<style>\n"
	      "body{font-family:sans-serif;margin:1em auto;max-width:70em;padding:0 1em}\n"
	      ".t{overflow-x:auto}table{border-collapse:collapse;margin:.5em 0}\n"
	      "td,th{border:1px solid #bbb;padding:.2em .5em;text-align:left;"
	      "overflow-wrap:anywhere}\n</style></head><body>\n<h1>vmxbench compare</h1>\n", f);
	body(&o, cmp);
	fputs("</body></html>\n", f);
}
