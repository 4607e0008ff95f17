/** @file
 * Unit tests of collect (host-tools/lib/collect.c, store.c), the stored-run
 * loader and the report: logs written with the payload's record writer are
 * collected into a temporary results directory.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "unit.h"
#include "collectfix.h"
#include "loggen.h"
#include "lib/collect.h"
#include "lib/logscan.h"
#include "lib/report.h"
#include "lib/runset.h"
#include "lib/store.h"

static int setup(void **state)
{
	struct ctx *c = ctx_new("/tmp/vmxb-collect-XXXXXX");

	if (!c)
		return -1;
	setenv("VMXBENCH_NOW", "1795630502", 1); /* 2026-11-25T18:15:02Z */
	*state = c;
	return 0;
}

static int run_collect(struct ctx *c, const char *path, const char *run_id)
{
	struct collect_opts o = { .out_dir = c->out, .run_id = run_id };
	FILE *m;
	int rc;

	free(c->msg);
	c->msg = NULL;
	m = open_memstream(&c->msg, &c->msglen);
	rc = collect_log(path, &o, m, m, NULL);
	fclose(m);
	return rc;
}

/* Number of entries (all files, temp files too) under results/<slug>. */
static int count_files(struct ctx *c, const char *slug)
{
	char p[256];
	DIR *d;
	struct dirent *e;
	int n = 0;

	snprintf(p, sizeof(p), "%s/%s", c->out, slug);
	d = opendir(p);
	if (!d)
		return 0;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

static void assert_msg(struct ctx *c, const char *want)
{
	if (!c->msg || !strstr(c->msg, want))
		fail_msg("collect output lacks \"%s\":\n%s", want, c->msg ? c->msg : "");
}

static void test_store_one(void **state)
{
	struct ctx *c = *state;
	struct loggen g;
	struct runset rs;
	json_t *doc, *rec;
	size_t i;

	loggen_init(&g);
	loggen_text(&g, "noise\n");
	loggen_run(&g, NULL);
	assert_int_equal(run_collect(c, write_log(c, "a.log", g.buf, g.len), NULL), 0);
	assert_int_equal(count_files(c, "haswell-06-3c-3"), 1);
	assert_msg(c, "stored as");
	assert_msg(c, "/haswell-06-3c-3/");

	assert_int_equal(runset_load(c->out, &rs, stderr), 0);
	assert_int_equal(rs.n, 1);
	doc = rs.v[0].doc;
	assert_int_equal(json_integer_value(json_object_get(doc, "format")), 1);
	assert_string_equal(json_string_value(json_object_get(doc, "collected_at")),
			    "2026-11-25T18:15:02Z");
	assert_string_equal(json_string_value(json_object_get(doc, "source")), "a.log");
	/* the run id is the content hash: 16 hex digits, whenever collected */
	assert_int_equal(strlen(rs.v[0].run_id), 16);
	assert_int_equal(strspn(rs.v[0].run_id, "0123456789abcdef"), 16);
	assert_string_equal(json_string_value(json_object_get(rs.v[0].cpu, "codename")), "Haswell");
	assert_string_equal(json_string_value(json_object_get(rs.v[0].cpu, "vendor")),
			    "GenuineIntel");
	assert_int_equal(json_integer_value(json_object_get(rs.v[0].cpu, "model")), 0x3c);
	assert_false(json_is_true(json_object_get(rs.v[0].cpu, "doubtful")));
	assert_string_equal(json_string_value(json_object_get(json_object_get(doc, "begin"),
							      "type")), "begin");
	assert_string_equal(json_string_value(json_object_get(json_object_get(doc, "end"),
							      "type")), "end");
	assert_int_equal(json_array_size(rs.v[0].records), 9);
	json_array_foreach(rs.v[0].records, i, rec)
		assert_null(json_object_get(rec, "crc"));
	runset_free(&rs);

	/* the same log again, later: the same id, nothing new */
	setenv("VMXBENCH_NOW", "1795640000", 1);
	assert_int_equal(run_collect(c, write_log(c, "a.log", g.buf, g.len), NULL), 0);
	assert_msg(c, "already stored");
	assert_int_equal(count_files(c, "haswell-06-3c-3"), 1);
	loggen_free(&g);
}

/* Runs stored under the old time+CRC ids are still found as duplicates and still load. */
static void test_old_ids(void **state)
{
	struct ctx *c = *state;
	struct loggen g;
	struct logscan s;
	struct runset rs;
	char old[RUN_ID_MAX], want[1024];

	loggen_init(&g);
	loggen_run(&g, NULL);
	logscan_init(&s);
	logscan_feed(&s, g.buf, g.len);
	logscan_finish(&s);
	assert_int_equal(s.nruns, 1);
	run_id_make(1795630502, s.runs[0].crc, old, sizeof(old));
	logscan_free(&s);
	assert_int_equal(run_collect(c, write_log(c, "a.log", g.buf, g.len), old), 0);
	/* a forged file of that CRC but other records is no duplicate: the run is stored */
	snprintf(want, sizeof(want), "cp %s/haswell-06-3c-3/%s.json %s/haswell-06-3c-3/x-%s.json "
		 "&& sed -i 's/unit test/forged/' %s/haswell-06-3c-3/%s.json", c->out, old, c->out,
		 old + 17, c->out, old);
	assert_int_equal(system(want), 0);
	assert_int_equal(run_collect(c, write_log(c, "a.log", g.buf, g.len), NULL), 0);
	snprintf(want, sizeof(want), "already stored as %s/haswell-06-3c-3/x-%s.json", c->out,
		 old + 17);
	assert_msg(c, want);
	assert_int_equal(count_files(c, "haswell-06-3c-3"), 2);
	assert_int_equal(runset_load(c->out, &rs, stderr), 0);
	assert_int_equal(rs.n, 2);
	runset_free(&rs);
	loggen_free(&g);
}

/* One bad run between good ones: status 1, the good ones stored, the bad one named. */
static void test_partial(void **state)
{
	struct ctx *c = *state;
	struct loggen g;

	loggen_init(&g);
	loggen_run(&g, NULL);
	loggen_begin(&g, NULL);
	loggen_haswell_cpuid(&g);
	g.w.seq += 2;
	loggen_end(&g);
	loggen_run(&g, "bochs:corei7_haswell_4770");
	assert_int_equal(run_collect(c, write_log(c, "p.log", g.buf, g.len), "lab1"), 1);
	assert_msg(c, "line 17: seq jumps from 6 to 9: 2 records lost (run begun at line 10 not "
		      "stored)");
	assert_msg(c, "2 complete runs stored, 1 problem above");
	assert_int_equal(count_files(c, "haswell-06-3c-3"), 1);
	assert_int_equal(count_files(c, "emu-bochs-corei7_haswell_4770-haswell-06-3c-3"), 1);
	{
		struct stat st;
		char p[256];

		snprintf(p, sizeof(p), "%s/haswell-06-3c-3/lab1.json", c->out);
		assert_int_equal(stat(p, &st), 0);
		snprintf(p, sizeof(p), "%s/emu-bochs-corei7_haswell_4770-haswell-06-3c-3/lab1-2.json",
			 c->out);
		assert_int_equal(stat(p, &st), 0);
	}
	/* the same log and run id again: already stored (the bad run still fails) */
	assert_int_equal(run_collect(c, write_log(c, "p.log", g.buf, g.len), "lab1"), 1);
	assert_msg(c, "run at lines 1-9 already stored as");
	assert_msg(c, "0 complete runs stored (2 already stored), 1 problem above");
	loggen_free(&g);
	/* another run under a taken run id is refused, not overwritten */
	loggen_init(&g);
	loggen_begin(&g, NULL);
	loggen_haswell_cpuid(&g);
	loggen_warn(&g, "another run");
	loggen_end(&g);
	assert_int_equal(run_collect(c, write_log(c, "q.log", g.buf, g.len), "lab1"), 1);
	assert_msg(c, "a stored run of that id holds other records");
	assert_int_equal(count_files(c, "haswell-06-3c-3"), 1);
	loggen_free(&g);
}

static void test_bad_inputs(void **state)
{
	struct ctx *c = *state;
	struct loggen g;
	char path[128];

	snprintf(path, sizeof(path), "%s/does-not-exist.log", c->dir);
	assert_int_equal(run_collect(c, path, NULL), 1);
	assert_msg(c, "No such file or directory");

	assert_int_equal(run_collect(c, write_log(c, "e.log", "", 0), NULL), 1);
	assert_msg(c, "nothing stored: no complete run");

	loggen_init(&g);
	loggen_begin(&g, NULL);
	loggen_haswell_cpuid(&g);
	assert_int_equal(run_collect(c, write_log(c, "t.log", g.buf, g.len), NULL), 1);
	assert_msg(c, "stream ends after seq 6 (line 7) without an end record: truncated");
	assert_msg(c, "nothing stored");

	/* a bad --run-id is a usage error (exit 2, docs/host-tools.md) */
	assert_int_equal(run_collect(c, write_log(c, "t.log", g.buf, g.len), "../x"), 2);
	assert_msg(c, "--run-id");
	assert_int_equal(count_files(c, "haswell-06-3c-3"), 0);
	loggen_free(&g);
}

/* A run without cpuid records still gets a directory. */
static void test_no_cpuid(void **state)
{
	struct ctx *c = *state;
	struct loggen g;

	loggen_init(&g);
	loggen_begin(&g, NULL);
	loggen_end(&g);
	assert_int_equal(run_collect(c, write_log(c, "n.log", g.buf, g.len), NULL), 0);
	assert_int_equal(count_files(c, "unknown-nocpuid"), 1);
	loggen_free(&g);
}

static void test_names(void **state)
{
	struct cpu_ident id;
	char s[SLUG_MAX];

	(void)state;
	slug_clean("Bochs: Core i7 (Haswell)!", s, sizeof(s));
	assert_string_equal(s, "bochs-core-i7-haswell");
	slug_clean("--__--", s, sizeof(s));
	assert_string_equal(s, "__");
	slug_clean("../../etc", s, sizeof(s));
	assert_string_equal(s, "etc");

	memset(&id, 0, sizeof(id));
	id.have_cpuid = true;
	strcpy(id.uarch, "Ice Lake-SP");
	id.family = 6;
	id.model = 0x6a;
	id.stepping = 6;
	cpu_slug(&id, NULL, s, sizeof(s));
	assert_string_equal(s, "ice-lake-sp-06-6a-6");
	cpu_slug(&id, "qemu:tcg", s, sizeof(s));
	assert_string_equal(s, "emu-qemu-tcg-ice-lake-sp-06-6a-6");
	id.hypervisor = true;
	cpu_slug(&id, NULL, s, sizeof(s));
	assert_string_equal(s, "vm-ice-lake-sp-06-6a-6");
	id.uarch[0] = 0;
	id.hypervisor = false;
	cpu_slug(&id, NULL, s, sizeof(s));
	assert_string_equal(s, "unknown-06-6a-6");

	run_id_make(1795630502, 0x1a2b3c4d, s, sizeof(s));
	assert_string_equal(s, "20261125T181502Z-1a2b3c4d");
	assert_true(run_id_valid("20261125T181502Z-1a2b3c4d"));
	assert_true(run_id_valid("haswell"));
	assert_false(run_id_valid(""));
	assert_false(run_id_valid(".hidden"));
	assert_false(run_id_valid("a/b"));
	assert_false(run_id_valid("-x"));
}

/* The report: one row per run, emulated runs marked, the caps columns from MSR records. */
static void test_report(void **state)
{
	struct ctx *c = *state;
	struct loggen g;
	struct runset rs;
	struct rec *r;
	char *txt = NULL;
	size_t len = 0;
	FILE *m;

	loggen_init(&g);
	loggen_begin(&g, "bochs:corei7_haswell_4770");
	loggen_haswell_cpuid(&g);
	/* Bochs haswell values (docs/emulators.md) */
	static const struct { unsigned idx; uint64_t v; } msrs[] = {
		{ 0x480, 0x00d810000000002bull }, { 0x482, 0xfff9fffe0401e172ull },
		{ 0x48e, 0xfff9fffe04006172ull },
		{ 0x485, 0x200401e0ull }, { 0x48a, 0x2e }, { 0x48b, 0x0000400000000000ull },
	};
	for (size_t i = 0; i < sizeof(msrs) / sizeof(msrs[0]); i++) {
		r = rec_open(&g.w, "msr");
		rec_hex(r, "index", msrs[i].idx);
		rec_str(r, "name", "x");
		rec_bool(r, "present", true);
		rec_hex(r, "value", msrs[i].v);
		rec_close(r);
	}
	loggen_end(&g);
	loggen_run(&g, NULL);
	assert_int_equal(run_collect(c, write_log(c, "r.log", g.buf, g.len), "rep"), 0);

	assert_int_equal(runset_load(c->out, &rs, stderr), 0);
	assert_int_equal(rs.n, 2);
	m = open_memstream(&txt, &len);
	report_write(m, &rs);
	fclose(m);
	assert_non_null(strstr(txt, "## Runs"));
	assert_non_null(strstr(txt, "| multiboot | serial | 0.1.0 |")); /* arrived from a log */
	assert_non_null(strstr(txt, "## VMX capabilities"));
	assert_non_null(strstr(txt, "| rep | Haswell | **emulated** (bochs:corei7_haswell_4770) | "
				    "multiboot | yes | 0x2b | yes | yes | 0x17 |"));
	assert_non_null(strstr(txt, "| rep-2 | Haswell | no | multiboot | CPUID says yes;"));
	runset_free(&rs);
	free(txt);
	assert_int_equal(runset_load("/nonexistent-vmxb", &rs, NULL), -ENOENT);
	loggen_free(&g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_store_one, setup, teardown),
		cmocka_unit_test_setup_teardown(test_old_ids, setup, teardown),
		cmocka_unit_test_setup_teardown(test_partial, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_inputs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_cpuid, setup, teardown),
		cmocka_unit_test(test_names),
		cmocka_unit_test_setup_teardown(test_report, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
