/** @file
 * Unit tests of the record line reader and run assembly (host-tools/lib/
 * recline.c, logscan.c): good logs, noise, every kind of damage.
 */
#include "unit.h"
#include "loggen.h"
#include "lib/crc32.h"
#include "lib/logscan.h"
#include "lib/recline.h"

static void scan(struct logscan *s, const char *buf, size_t len)
{
	logscan_init(s);
	logscan_feed(s, buf, len);
	logscan_finish(s);
}

/* The first error's message contains @p want. */
static void assert_error(struct logscan *s, unsigned line, const char *want)
{
	assert_true(s->nerrors >= 1);
	if (!strstr(s->errors[0].msg, want))
		fail_msg("error \"%s\" lacks \"%s\"", s->errors[0].msg, want);
	assert_int_equal(s->errors[0].line, line);
}

/* A hand-made record line with a correct CRC over @p body (the object without the crc member). */
static void crc_line(char *out, size_t sz, const char *body)
{
	size_t n = strlen(body);

	snprintf(out, sz, "VMXB1 %.*s,\"crc\":\"%08x\"}\n", (int)(n - 1), body,
		 crc32_update(0, body, n - 1));
}

static void test_good_run(void **state)
{
	struct loggen g;
	struct logscan s;
	json_t *rec;
	size_t i;

	(void)state;
	loggen_init(&g);
	loggen_run(&g, NULL);
	scan(&s, g.buf, g.len);
	assert_int_equal(s.nerrors, 0);
	assert_int_equal(s.nruns, 1);
	assert_int_equal(json_array_size(s.runs[0].records), 9);
	assert_int_equal(s.runs[0].first_line, 1);
	assert_int_equal(s.runs[0].last_line, 9);
	json_array_foreach(s.runs[0].records, i, rec) {
		assert_int_equal(json_integer_value(json_object_get(rec, "seq")), (long long)i);
		assert_null(json_object_get(rec, "crc"));
	}
	assert_string_equal(json_string_value(json_object_get(
				    json_array_get(s.runs[0].records, 0), "type")), "begin");
	logscan_free(&s);
	loggen_free(&g);
}

/* Banners between records, junk before the tag, CRLF endings. */
static void test_noise_crlf(void **state)
{
	struct loggen g;
	struct logscan s;
	char *crlf, *p;
	size_t n = 0;

	(void)state;
	loggen_init(&g);
	loggen_text(&g, "iPXE 1.21.1 -- Open Source Network Boot Firmware\n\n");
	loggen_begin(&g, NULL);
	loggen_text(&g, "\x1b[0m garbage \xff\xfe\n");
	loggen_haswell_cpuid(&g);
	loggen_end(&g);
	loggen_text(&g, "trailing banner");
	/* every line CRLF, and noise glued before each record tag */
	crlf = malloc(g.len * 3 + 1);
	for (p = g.buf; *p; p++) {
		if (*p == '\n')
			crlf[n++] = '\r';
		if (p[0] == 'V' && strncmp(p, "VMXB1 ", 6) == 0) {
			memcpy(crlf + n, "\x00#noise# ", 9);
			n += 9;
		}
		crlf[n++] = *p;
	}
	scan(&s, crlf, n);
	assert_int_equal(s.nerrors, 0);
	assert_int_equal(s.nruns, 1);
	assert_int_equal(json_array_size(s.runs[0].records), 8);
	assert_int_equal(s.runs[0].first_line, 3);
	logscan_free(&s);
	free(crlf);
	loggen_free(&g);
}

static void test_crc_mismatch(void **state)
{
	struct loggen g;
	struct logscan s;
	char *p, *obj, *ck, want[96];
	uint32_t good;

	(void)state;
	loggen_init(&g);
	loggen_run(&g, NULL);
	/* change seq 2 into 7 on line 3: the stated CRC no longer matches */
	p = strchr(strchr(g.buf, '\n') + 1, '\n') + 1;
	obj = strchr(p, '{');
	ck = strstr(obj, ",\"crc\":\"");
	assert_non_null(strstr(obj, "\"seq\":2,"));
	strstr(obj, "\"seq\":2,")[6] = '7';
	good = (uint32_t)strtoul(ck + 8, NULL, 16);
	snprintf(want, sizeof(want), "CRC mismatch: record says %08x, line hashes to %08x",
		 good, crc32_update(0, obj, (size_t)(ck - obj)));
	scan(&s, g.buf, g.len);
	assert_int_equal(s.nruns, 0);
	assert_error(&s, 3, want);
	assert_int_equal(s.errors[0].run_line, 1);
	logscan_free(&s);
	loggen_free(&g);
}

static void test_truncated_line(void **state)
{
	struct loggen g;
	struct logscan s;
	char *p;

	(void)state;
	loggen_init(&g);
	loggen_run(&g, NULL);
	/* cut line 4 in the middle: drop from its 20th byte to its newline */
	p = g.buf;
	for (int i = 0; i < 3; i++)
		p = strchr(p, '\n') + 1;
	memmove(p + 20, strchr(p, '\n'), strlen(strchr(p, '\n')) + 1);
	scan(&s, g.buf, strlen(g.buf));
	assert_int_equal(s.nruns, 0);
	assert_error(&s, 4, "no \"crc\" member");
	logscan_free(&s);
	loggen_free(&g);
}

static void test_bad_json(void **state)
{
	struct loggen g;
	struct logscan s;
	char line[256];

	(void)state;
	loggen_init(&g);
	loggen_begin(&g, NULL);
	crc_line(line, sizeof(line), "{\"type\":\"warn\",\"seq\":1,\"msg\":\"x\"\"y\"}");
	loggen_text(&g, line);
	scan(&s, g.buf, g.len);
	assert_int_equal(s.nruns, 0);
	assert_error(&s, 2, "record is not valid JSON");
	logscan_free(&s);

	/* valid JSON, CRC right, but no seq */
	loggen_free(&g);
	loggen_init(&g);
	crc_line(line, sizeof(line), "{\"type\":\"begin\",\"sq\":0}");
	loggen_text(&g, line);
	scan(&s, g.buf, g.len);
	assert_error(&s, 1, "lacks a string \"type\"");
	logscan_free(&s);
	loggen_free(&g);
}

static void test_seq_gap(void **state)
{
	struct loggen g;
	struct logscan s;
	char *p, *q;

	(void)state;
	loggen_init(&g);
	loggen_run(&g, NULL);
	/* drop line 5 (seq 4) */
	p = g.buf;
	for (int i = 0; i < 4; i++)
		p = strchr(p, '\n') + 1;
	q = strchr(p, '\n') + 1;
	memmove(p, q, strlen(q) + 1);
	scan(&s, g.buf, strlen(g.buf));
	assert_int_equal(s.nruns, 0);
	assert_error(&s, 5, "seq jumps from 3 to 5: 1 record lost");
	logscan_free(&s);
	loggen_free(&g);
}

static void test_duplicate(void **state)
{
	struct loggen g;
	struct logscan s;
	char *p, *q, *dup;

	(void)state;
	loggen_init(&g);
	loggen_run(&g, NULL);
	/* repeat line 3 */
	p = g.buf;
	for (int i = 0; i < 2; i++)
		p = strchr(p, '\n') + 1;
	q = strchr(p, '\n') + 1;
	dup = malloc(g.len + (size_t)(q - p) + 1);
	memcpy(dup, g.buf, (size_t)(q - g.buf));
	memcpy(dup + (q - g.buf), p, (size_t)(q - p));
	strcpy(dup + (q - g.buf) + (q - p), q);
	scan(&s, dup, strlen(dup));
	assert_int_equal(s.nruns, 0);
	assert_error(&s, 4, "seq 2 repeats (line 3 has it too)");
	logscan_free(&s);
	free(dup);
	loggen_free(&g);
}

static void test_missing_end(void **state)
{
	struct loggen g;
	struct logscan s;

	(void)state;
	loggen_init(&g);
	loggen_begin(&g, NULL);
	loggen_haswell_cpuid(&g);
	loggen_text(&g, "lost power\n");
	scan(&s, g.buf, g.len);
	assert_int_equal(s.nruns, 0);
	assert_error(&s, 0, "stream ends after seq 6 (line 7) without an end record: truncated");
	logscan_free(&s);

	/* a second begin while the first run is open */
	loggen_begin(&g, NULL);
	loggen_end(&g);
	scan(&s, g.buf, g.len);
	assert_int_equal(s.nruns, 1);
	assert_error(&s, 9, "a new begin record arrives after seq 6 (line 7)");
	logscan_free(&s);
	loggen_free(&g);
}

static void test_end_count(void **state)
{
	struct loggen g;
	struct logscan s;
	struct rec *r;

	(void)state;
	loggen_init(&g);
	loggen_begin(&g, NULL);
	r = rec_open(&g.w, "end");
	rec_u64(r, "records", 5);
	rec_close(r);
	scan(&s, g.buf, g.len);
	assert_int_equal(s.nruns, 0);
	assert_error(&s, 2, "end record says 5 records, the run has 2");
	logscan_free(&s);
	loggen_free(&g);
}

/* Records before any begin: reported, and a later run is still kept. */
static void test_outside_run(void **state)
{
	struct loggen g;
	struct logscan s;

	(void)state;
	loggen_init(&g);
	g.w.seq = 3;
	loggen_warn(&g, "orphan");
	loggen_run(&g, NULL);
	scan(&s, g.buf, g.len);
	assert_int_equal(s.nruns, 1);
	assert_int_equal(s.nerrors, 1);
	assert_error(&s, 1, "outside a run");
	logscan_free(&s);
	loggen_free(&g);
}

/* Good, bad, good: the two good runs survive, one error names the bad one. */
static void test_multiple_runs(void **state)
{
	struct loggen g;
	struct logscan s;

	(void)state;
	loggen_init(&g);
	loggen_run(&g, NULL);
	loggen_begin(&g, NULL);
	loggen_haswell_cpuid(&g);
	g.w.seq++; /* lose one */
	loggen_end(&g);
	loggen_run(&g, "bochs:corei7_haswell_4770");
	scan(&s, g.buf, g.len);
	assert_int_equal(s.nruns, 2);
	assert_int_equal(s.nerrors, 1);
	assert_int_equal(s.errors[0].run_line, 10);
	assert_int_equal(s.runs[0].first_line, 1);
	assert_int_equal(s.runs[1].first_line, 18);
	assert_true(s.runs[0].crc != s.runs[1].crc);
	logscan_free(&s);
	loggen_free(&g);
}

/* Unknown record types and members are kept and not errors (forward compatibility). */
static void test_unknown_ignored(void **state)
{
	struct loggen g;
	struct logscan s;
	struct rec *r;

	(void)state;
	loggen_init(&g);
	loggen_begin(&g, NULL);
	r = rec_open(&g.w, "future_thing");
	rec_str(r, "whatever", "x");
	rec_obj_begin(r, "nested");
	rec_u64(r, "n", 1);
	rec_obj_end(r);
	rec_close(r);
	r = rec_open(&g.w, "warn");
	rec_str(r, "msg", "m");
	rec_bool(r, "new_member", true);
	rec_close(r);
	loggen_end(&g);
	scan(&s, g.buf, g.len);
	assert_int_equal(s.nerrors, 0);
	assert_int_equal(s.nruns, 1);
	assert_int_equal(json_array_size(s.runs[0].records), 4);
	logscan_free(&s);
	loggen_free(&g);
}

static void test_unknown_version(void **state)
{
	struct loggen g;
	struct logscan s;

	(void)state;
	loggen_init(&g);
	loggen_text(&g, "VMXB2 {\"type\":\"begin\",\"seq\":0,\"crc\":\"00000000\"}\n");
	loggen_run(&g, NULL);
	scan(&s, g.buf, g.len);
	assert_int_equal(s.nruns, 1);
	assert_error(&s, 1, "record format version 2 (tag VMXB2) is not supported");
	logscan_free(&s);
	loggen_free(&g);
}

/* Two records on one line (a lost newline) are reported as such. */
static void test_two_tags(void **state)
{
	struct loggen g;
	struct logscan s;
	char *nl;

	(void)state;
	loggen_init(&g);
	loggen_run(&g, NULL);
	nl = strchr(g.buf, '\n');
	*nl = ' ';
	scan(&s, g.buf, g.len);
	assert_int_equal(s.nruns, 0);
	assert_error(&s, 1, "several record tags on one line");
	logscan_free(&s);
	loggen_free(&g);
}

/* Feeding byte by byte gives the same result as one buffer. */
static void test_chunking(void **state)
{
	struct loggen g;
	struct logscan s;

	(void)state;
	loggen_init(&g);
	loggen_run(&g, NULL);
	loggen_run(&g, NULL);
	logscan_init(&s);
	for (size_t i = 0; i < g.len; i++)
		logscan_feed(&s, g.buf + i, 1);
	logscan_finish(&s);
	assert_int_equal(s.nerrors, 0);
	assert_int_equal(s.nruns, 2);
	logscan_free(&s);
	loggen_free(&g);
}

/* Cut a valid log at every byte: never a crash, a run only when its end line is whole. */
static void test_every_truncation(void **state)
{
	struct loggen g;
	struct logscan s;
	size_t endpos;

	(void)state;
	loggen_init(&g);
	loggen_run(&g, NULL);
	endpos = (size_t)(strrchr(g.buf, '}') - g.buf);
	for (size_t cut = 0; cut <= g.len; cut++) {
		scan(&s, g.buf, cut);
		if (cut > endpos)
			assert_int_equal(s.nruns, 1);
		else
			assert_int_equal(s.nruns, 0);
		if (cut >= 6 && cut <= endpos)
			assert_true(s.nerrors >= 1);
		logscan_free(&s);
	}
	loggen_free(&g);
}

/* Binary garbage, huge lines, NULs, empty input: no crash, the real run still found. */
static void test_garbage(void **state)
{
	struct loggen g;
	struct logscan s;
	size_t big = 3 * LOGSCAN_LINE_MAX + 17;
	char *junk = malloc(big);

	(void)state;
	srand(1);
	for (size_t i = 0; i < big; i++) {
		junk[i] = (char)(rand() & 0xff);
		if (junk[i] == '\n')
			junk[i] = 'x';
	}
	loggen_init(&g);
	loggen_sink(junk, big, &g);         /* one huge line of garbage */
	loggen_text(&g, "\n");
	loggen_sink(junk, big, &g);         /* garbage glued before the begin tag */
	loggen_run(&g, NULL);
	scan(&s, g.buf, g.len);
	assert_int_equal(s.nruns, 1);
	assert_int_equal(s.nerrors, 0);
	logscan_free(&s);

	scan(&s, "", 0);
	assert_int_equal(s.nruns, 0);
	assert_int_equal(s.nerrors, 0);
	logscan_free(&s);

	/* random bytes with many tags in them */
	for (int round = 0; round < 200; round++) {
		size_t n = (size_t)(rand() % 4000);

		for (size_t i = 0; i < n; i++) {
			junk[i] = (char)(rand() & 0xff);
			if (rand() % 50 == 0 && i + 6 < n) {
				memcpy(junk + i, "VMXB1 {", 7);
				i += 6;
			}
		}
		scan(&s, junk, n);
		assert_int_equal(s.nruns, 0);
		logscan_free(&s);
	}
	free(junk);
	loggen_free(&g);
}

static void test_recline_direct(void **state)
{
	struct recline r;

	(void)state;
	assert_int_equal(recline_parse("hello", 5, &r), RECLINE_NOISE);
	assert_int_equal(recline_parse("VMXB1 ", 6, &r), RECLINE_CORRUPT);
	assert_int_equal(recline_parse("VMXB1 {", 7, &r), RECLINE_CORRUPT);
	assert_int_equal(recline_parse("VMXB12 {}", 9, &r), RECLINE_VERSION);
	assert_int_equal(recline_parse("VMXB {}", 7, &r), RECLINE_NOISE);
	assert_int_equal(recline_parse("VMXB1 {\"crc\":\"zzzzzzzz\"}", 24, &r), RECLINE_CORRUPT);
	assert_int_equal(recline_parse("VMXB1 {\"a\":1,\"crc\":\"ABCDEF01\"}", 30, &r),
			 RECLINE_CORRUPT);
	assert_non_null(strstr(r.err, "not 8 lower-case hex"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_run),
		cmocka_unit_test(test_noise_crlf),
		cmocka_unit_test(test_crc_mismatch),
		cmocka_unit_test(test_truncated_line),
		cmocka_unit_test(test_bad_json),
		cmocka_unit_test(test_seq_gap),
		cmocka_unit_test(test_duplicate),
		cmocka_unit_test(test_missing_end),
		cmocka_unit_test(test_end_count),
		cmocka_unit_test(test_outside_run),
		cmocka_unit_test(test_multiple_runs),
		cmocka_unit_test(test_unknown_ignored),
		cmocka_unit_test(test_unknown_version),
		cmocka_unit_test(test_two_tags),
		cmocka_unit_test(test_chunking),
		cmocka_unit_test(test_every_truncation),
		cmocka_unit_test(test_garbage),
		cmocka_unit_test(test_recline_direct),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
