/** @file
 * The conformance cases as test results CI systems read (export.h):
 * JUnit XML (one testsuite per run, one testcase per case record) and TAP
 * version 13. A PASS passes, a DEVIATION fails (expected and observed in the
 * message), a SKIP is skipped with its reason; any other verdict is an error,
 * never a pass. Record text is untrusted: escaped for XML (esc_xml) or made
 * one safe TAP line (tap_text).
 */
#include <string.h>

#include "lib/esc.h"
#include "lib/export.h"

static const char *str(json_t *rec, const char *k)
{
	const char *s = json_string_value(json_object_get(rec, k));

	return s ? s : "";
}

static bool is_case(json_t *rec)
{
	return strcmp(str(rec, "type"), "case") == 0;
}

enum verdict { V_PASS, V_FAIL, V_SKIP, V_ERROR };

static enum verdict verdict(json_t *rec)
{
	const char *v = str(rec, "verdict");

	return !strcmp(v, "PASS") ? V_PASS : !strcmp(v, "DEVIATION") ? V_FAIL
		: !strcmp(v, "SKIP") ? V_SKIP : V_ERROR;
}

/* Per run: cases and how many failed, were skipped, erred. */
static void count(json_t *records, size_t c[4], size_t *total)
{
	size_t i;
	json_t *rec;

	memset(c, 0, 4 * sizeof(*c));
	*total = 0;
	json_array_foreach(records, i, rec) {
		if (!is_case(rec))
			continue;
		c[verdict(rec)]++;
		(*total)++;
	}
}

static void xml_attr(FILE *f, const char *name, const char *v)
{
	fprintf(f, " %s=\"", name);
	esc_xml(f, v);
	fputc('"', f);
}

static size_t write_junit(FILE *f, const struct runset *rs)
{
	size_t all[4] = { 0 }, n = 0;

	for (size_t r = 0; r < rs->n; r++) {
		size_t c[4], t;

		count(rs->v[r].records, c, &t);
		for (int k = 0; k < 4; k++)
			all[k] += c[k];
		n += t;
	}
	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		   "<testsuites name=\"vmxbench\" tests=\"%zu\" failures=\"%zu\" skipped=\"%zu\" "
		   "errors=\"%zu\">\n", n, all[V_FAIL], all[V_SKIP], all[V_ERROR]);
	for (size_t r = 0; r < rs->n; r++) {
		const struct stored_run *run = &rs->v[r];
		char label[128], name[512];
		const char *emu = run_emulator(run);
		size_t c[4], t, i;
		json_t *rec;

		count(run->records, c, &t);
		if (!t)
			continue;
		run_label(run, label, sizeof(label));
		snprintf(name, sizeof(name), "%s (%s)", run->run_id, label);
		fputs("  <testsuite", f);
		xml_attr(f, "name", name);
		fprintf(f, " tests=\"%zu\" failures=\"%zu\" skipped=\"%zu\" errors=\"%zu\">\n", t,
			c[V_FAIL], c[V_SKIP], c[V_ERROR]);
		fputs("    <properties><property name=\"emulated\"", f);
		xml_attr(f, "value", emu ? emu : "no (silicon)");
		fputs("/></properties>\n", f);
		json_array_foreach(run->records, i, rec) {
			enum verdict v;
			char cls[256];

			if (!is_case(rec))
				continue;
			v = verdict(rec);
			snprintf(cls, sizeof(cls), "%s.%s", label, str(rec, "suite"));
			fputs("    <testcase", f);
			xml_attr(f, "classname", cls);
			xml_attr(f, "name", str(rec, "id"));
			if (v == V_PASS) {
				fputs("/>\n", f);
				continue;
			}
			fputs(">", f);
			if (v == V_SKIP) {
				fputs("<skipped", f);
				xml_attr(f, "message", str(rec, "reason"));
				fputs("/>", f);
			} else {
				char msg[1024];

				snprintf(msg, sizeof(msg), "expected %s, observed %s%s%s",
					 str(rec, "expected"), str(rec, "observed"),
					 v == V_ERROR ? ", verdict " : "", v == V_ERROR ? str(rec, "verdict") : "");
				fputs(v == V_FAIL ? "<failure" : "<error", f);
				xml_attr(f, "message", msg);
				xml_attr(f, "type", v == V_FAIL ? "DEVIATION" : "bad verdict");
				fputs(">SDM ", f);
				esc_xml(f, str(rec, "sdm"));
				fputs(": ", f);
				esc_xml(f, str(rec, "desc"));
				fputs(v == V_FAIL ? "</failure>" : "</error>", f);
			}
			fputs("</testcase>\n", f);
		}
		fputs("  </testsuite>\n", f);
	}
	fputs("</testsuites>\n", f);
	return n;
}

/* One TAP description or directive text: one line, no directive-starting '#'. */
static void tap_text(FILE *f, const char *s)
{
	char buf[1024];

	esc_term(s, buf, sizeof(buf)); /* controls (newlines) become \xNN: one line */
	for (const char *p = buf; *p; p++) {
		if (*p == '#' || *p == '\\')
			fputc('\\', f);
		fputc(*p, f);
	}
}

static size_t write_tap(FILE *f, const struct runset *rs)
{
	size_t n = 0, k = 0;

	for (size_t r = 0; r < rs->n; r++) {
		size_t c[4], t;

		count(rs->v[r].records, c, &t);
		n += t;
	}
	fprintf(f, "TAP version 13\n1..%zu\n", n);
	for (size_t r = 0; r < rs->n; r++) {
		const struct stored_run *run = &rs->v[r];
		char label[128];
		size_t i;
		json_t *rec;

		run_label(run, label, sizeof(label));
		json_array_foreach(run->records, i, rec) {
			enum verdict v;
			char desc[512];

			if (!is_case(rec))
				continue;
			v = verdict(rec);
			snprintf(desc, sizeof(desc), "%s %s %s %s", run->run_id, label, str(rec, "suite"),
				 str(rec, "id"));
			fprintf(f, "%s %zu - ", v == V_PASS || v == V_SKIP ? "ok" : "not ok", ++k);
			tap_text(f, desc);
			if (v == V_SKIP) {
				fputs(" # SKIP ", f);
				tap_text(f, str(rec, "reason"));
			}
			fputc('\n', f);
			if (v == V_FAIL || v == V_ERROR) {
				/* diagnostics: a comment line each */
				fputs("# expected ", f);
				tap_text(f, str(rec, "expected"));
				fputs(", observed ", f);
				tap_text(f, str(rec, "observed"));
				fputs(v == V_ERROR ? ", verdict " : "", f);
				if (v == V_ERROR)
					tap_text(f, str(rec, "verdict"));
				fputs(" (SDM ", f);
				tap_text(f, str(rec, "sdm"));
				fputs(")\n", f);
			}
		}
	}
	return n;
}

size_t export_cases(FILE *f, const struct runset *rs, enum export_format fmt)
{
	return fmt == EXPORT_JUNIT ? write_junit(f, rs) : write_tap(f, rs);
}
