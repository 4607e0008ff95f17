/** @file
 * Unit tests of vmxbench export (host-tools/lib/export.c): CSV quoting of
 * commas, quotes and line breaks (parsed back with an RFC 4180 reader),
 * members unioned across records, JSON output valid and complete (parsed
 * back with jansson), vmx_caps objects flattened.
 */
#include <string.h>

#include "runfix.h"
#include "lib/esc.h"
#include "lib/export.h"

#define NASTY "cr3, \"target\" count\nsecond line"

static void make_runs(struct runfix *f)
{
	struct loggen g;
	struct rec *r;

	loggen_init(&g);
	loggen_begin(&g, "bochs:model_a");
	loggen_haswell_cpuid(&g);
	loggen_case(&g, "entry", "ctl.a", "26.2.1.1", NASTY, "vmfail-valid:7", "vmfail-valid:7",
		    "PASS", NULL);
	loggen_case(&g, "entry", "ctl.b", "26.2.1.1", "plain", "ok", NULL, "SKIP", "why, not");
	r = rec_open(&g.w, "vmx_caps");
	rec_bool(r, "vmx", true);
	rec_obj_begin(r, "pinbased");
	rec_hex(r, "allowed0", 0x16);
	rec_hex(r, "allowed1", 0x7f);
	rec_obj_end(r);
	rec_close(r);
	loggen_end(&g);
	runfix_store(f, &g, "a-1", "1795631000");
	runfix_load(f);
}

/* RFC 4180 reader: the fields of one record starting at *p; advances *p past it. */
static size_t csv_record(const char **p, char fields[][128], size_t max)
{
	const char *s = *p;
	size_t n = 0;

	for (;;) {
		size_t l = 0;

		if (*s == '"') {
			for (s++; *s && !(*s == '"' && s[1] != '"'); s++) {
				if (*s == '"')
					s++; /* doubled quote */
				if (l < 127)
					fields[n][l++] = *s;
			}
			s++; /* closing quote */
		} else {
			for (; *s && *s != ',' && *s != '\n'; s++)
				if (l < 127)
					fields[n][l++] = *s;
		}
		fields[n][l] = 0;
		if (n + 1 < max)
			n++;
		if (*s == ',') {
			s++;
			continue;
		}
		if (*s == '\n')
			s++;
		break;
	}
	*p = s;
	return n;
}

static int col(char h[][128], size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(h[i], name))
			return (int)i;
	fail_msg("no column %s", name);
	return -1;
}

static void test_csv(void **state)
{
	struct runfix *f = *state;
	char *out = NULL, h[32][128], r1[32][128], r2[32][128];
	const char *p;
	size_t nh, n1, n2, n;

	make_runs(f);
	RUNFIX_CAPTURE(out, n = export_write(f_, &f->rs, "case", EXPORT_CSV));
	assert_int_equal(n, 2);
	/* the raw text: the nasty field quoted, its quotes doubled, the newline kept */
	assert_non_null(strstr(out, ",\"cr3, \"\"target\"\" count\nsecond line\","));
	assert_non_null(strstr(out, ",\"why, not\""));
	p = out;
	nh = csv_record(&p, h, 32);
	n1 = csv_record(&p, r1, 32);
	n2 = csv_record(&p, r2, 32);
	assert_int_equal(*p, 0); /* exactly header + 2 records */
	assert_int_equal(n1, nh);
	assert_int_equal(n2, nh);
	assert_string_equal(h[0], "run_id");
	assert_string_equal(r1[col(h, nh, "run_id")], "a-1");
	assert_string_equal(r1[col(h, nh, "run_cpu")], "emu-bochs-model_a-haswell-06-3c-3");
	assert_string_equal(r1[col(h, nh, "run_model")], "model_a");
	assert_string_equal(r1[col(h, nh, "run_emulated")], "true");
	assert_string_equal(r1[col(h, nh, "run_emulator")], "bochs:model_a");
	assert_string_equal(r1[col(h, nh, "desc")], NASTY);
	assert_string_equal(r1[col(h, nh, "verdict")], "PASS");
	/* members unioned: the first record has no reason, the second no observed */
	assert_string_equal(r1[col(h, nh, "reason")], "");
	assert_string_equal(r2[col(h, nh, "reason")], "why, not");
	assert_string_equal(r2[col(h, nh, "observed")], "");
	assert_string_equal(r2[col(h, nh, "seq")], "8");
	free(out);

	/* caps = vmx_caps, nested objects flattened */
	RUNFIX_CAPTURE(out, n = export_write(f_, &f->rs, "caps", EXPORT_CSV));
	assert_int_equal(n, 1);
	p = out;
	nh = csv_record(&p, h, 32);
	csv_record(&p, r1, 32);
	assert_string_equal(r1[col(h, nh, "pinbased.allowed1")], "0x7f");
	assert_string_equal(r1[col(h, nh, "vmx")], "true");
	free(out);
}

static void test_esc_csv(void **state)
{
	char *out = NULL;

	(void)state;
	RUNFIX_CAPTURE(out, (esc_csv(f_, "plain"), fputc('|', f_), esc_csv(f_, "a,b"),
			     fputc('|', f_), esc_csv(f_, "say \"hi\""), fputc('|', f_),
			     esc_csv(f_, "cr\rlf\n"), fputc('|', f_), esc_csv(f_, "")));
	assert_string_equal(out, "plain|\"a,b\"|\"say \"\"hi\"\"\"|\"cr\rlf\n\"|");
	free(out);
}

static void test_json(void **state)
{
	struct runfix *f = *state;
	char *out = NULL;
	json_error_t je;
	json_t *a, *o;
	size_t n;

	make_runs(f);
	RUNFIX_CAPTURE(out, n = export_write(f_, &f->rs, "case", EXPORT_JSON));
	assert_int_equal(n, 2);
	a = json_loads(out, 0, &je);
	if (!a)
		fail_msg("export JSON does not parse: %s (line %d)", je.text, je.line);
	assert_true(json_is_array(a));
	assert_int_equal(json_array_size(a), 2);
	o = json_array_get(a, 0);
	assert_string_equal(json_string_value(json_object_get(o, "run_id")), "a-1");
	assert_true(json_is_true(json_object_get(o, "run_emulated")));
	assert_string_equal(json_string_value(json_object_get(o, "desc")), NASTY);
	assert_string_equal(json_string_value(json_object_get(o, "type")), "case");
	assert_null(json_object_get(o, "reason"));
	o = json_array_get(a, 1);
	assert_string_equal(json_string_value(json_object_get(o, "reason")), "why, not");
	json_decref(a);
	free(out);

	/* a type nobody emitted: an empty, valid array */
	RUNFIX_CAPTURE(out, n = export_write(f_, &f->rs, "nothing", EXPORT_JSON));
	assert_int_equal(n, 0);
	a = json_loads(out, 0, &je);
	assert_non_null(a);
	assert_int_equal(json_array_size(a), 0);
	json_decref(a);
	free(out);

	/* vmx_caps keeps its objects in JSON */
	RUNFIX_CAPTURE(out, n = export_write(f_, &f->rs, "caps", EXPORT_JSON));
	a = json_loads(out, 0, &je);
	assert_string_equal(json_string_value(json_object_get(
				    json_object_get(json_array_get(a, 0), "pinbased"), "allowed0")),
			    "0x16");
	json_decref(a);
	free(out);
}

/* A run whose case text tries to break out of XML and TAP lines. */
#define HOSTILE "a <b>&\"c\"</b> ]]> # TODO x\\ \x01 line\nnot ok 99 - forged"

static void make_case_runs(struct runfix *f)
{
	struct loggen g;

	loggen_init(&g);
	loggen_begin(&g, "bochs:model_a");
	loggen_haswell_cpuid(&g);
	loggen_case(&g, "entry", "ok.1", "26.1", HOSTILE, "ok", "ok", "PASS", NULL);
	loggen_case(&g, "entry", "dev.1", "26.2.1.1", HOSTILE, "vmfail-valid:7", "ok", "DEVIATION",
		    NULL);
	loggen_case(&g, "exits", "skip.1", "25.1", "plain", "ok", NULL, "SKIP", HOSTILE);
	loggen_case(&g, "exits", "odd.1", "25.2", "plain", "ok", "ok", "MAYBE", NULL);
	loggen_end(&g);
	runfix_store(f, &g, "a-1", "1795631000");
	runfix_load(f);
}

static size_t count_of(const char *s, const char *needle)
{
	size_t n = 0;

	for (const char *p = s; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

static void test_junit(void **state)
{
	struct runfix *f = *state;
	char *out = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&out, &len);

	make_case_runs(f);
	assert_int_equal(export_cases(m, &f->rs, EXPORT_JUNIT), 4);
	fclose(m);
	assert_non_null(strstr(out, "tests=\"4\" failures=\"1\" skipped=\"1\" errors=\"1\""));
	assert_int_equal(count_of(out, "<testcase "), 4);
	assert_int_equal(count_of(out, "<failure "), 1);
	assert_int_equal(count_of(out, "<skipped "), 1);
	assert_int_equal(count_of(out, "<error "), 1); /* an unknown verdict never passes */
	/* the record's markup arrives as text: no element, no CDATA end, no control byte */
	assert_null(strstr(out, "<b>"));
	assert_null(strstr(out, "]]>"));
	assert_non_null(strstr(out, "&lt;b&gt;&amp;&quot;c&quot;&lt;/b&gt;"));
	for (const char *p = out; *p; p++)
		assert_true((unsigned char)*p >= 0x20 || *p == '\n');
	free(out);
}

static void test_tap(void **state)
{
	struct runfix *f = *state;
	char *out = NULL, *line, *save = NULL;
	size_t len = 0, tests = 0;
	FILE *m = open_memstream(&out, &len);

	make_case_runs(f);
	assert_int_equal(export_cases(m, &f->rs, EXPORT_TAP), 4);
	fclose(m);
	assert_int_equal(strncmp(out, "TAP version 13\n1..4\n", 20), 0);
	/* every line is the plan, a test line or a comment: the forged "not ok 99" stays inside one */
	for (line = strtok_r(out, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (!strncmp(line, "ok ", 3) || !strncmp(line, "not ok ", 7))
			tests++;
		else
			assert_true(line[0] == '#' || !strcmp(line, "TAP version 13") ||
				    !strcmp(line, "1..4"));
		if (strstr(line, "skip.1"))
			assert_non_null(strstr(line, " # SKIP "));
		if (strstr(line, "ok.1")) /* the record's '#' is escaped: no TODO directive */
			assert_null(strstr(line, " # TODO"));
	}
	assert_int_equal(tests, 4);
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_csv, runfix_setup, runfix_teardown),
		cmocka_unit_test(test_esc_csv),
		cmocka_unit_test_setup_teardown(test_json, runfix_setup, runfix_teardown),
		cmocka_unit_test_setup_teardown(test_junit, runfix_setup, runfix_teardown),
		cmocka_unit_test_setup_teardown(test_tap, runfix_setup, runfix_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
