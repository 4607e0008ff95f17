/** @file
 * Unit tests of the report's migrate section (host-tools/lib/report_migrate.c)
 * and the working-set chart (chart kind ws): stored runs built here with the
 * payload's record writer, as the SMP bring-up and the migrate suite write
 * them: a 4-CPU Bochs run with every operation, a silicon run with several
 * pairs per relation and a working-set knee, a 1-CPU run (suite skipped) and
 * a run whose strings are hostile.
 */
#define _GNU_SOURCE /* strcasestr */
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "runfix.h"
#include "lib/chart.h"
#include "lib/mdhtml.h"
#include "lib/meas.h"
#include "lib/report.h"

static void smp(struct loggen *g, unsigned online, unsigned listed)
{
	struct rec *r = rec_open(&g->w, "smp");

	rec_bool(r, "start", true);
	rec_u64(r, "online", online);
	rec_str(r, "madt", "rsdt");
	rec_u64(r, "listed", listed);
	rec_u64(r, "started", online - 1);
	rec_u64(r, "skipped_disabled", 0);
	rec_u64(r, "skipped_duplicate", 0);
	rec_u64(r, "over_max", 0);
	rec_str(r, "topology", "leaf 0xb");
	rec_u64(r, "smt_shift", 0);
	rec_u64(r, "core_shift", 1);
	rec_u64(r, "package_shift", 2);
	rec_close(r);
}

/* @p index < 0: not started (then @p why). */
static void cpu(struct loggen *g, unsigned apic, int index, const char *relation,
		unsigned pkg, unsigned core, unsigned smt, const char *why)
{
	struct rec *r = rec_open(&g->w, "cpu");

	rec_u64(r, "apic_id", apic);
	rec_bool(r, "x2apic", false);
	rec_bool(r, "started", index >= 0);
	if (index >= 0)
		rec_u64(r, "index", (uint64_t)index);
	else
		rec_str(r, "why", why);
	rec_str(r, "relation", relation);
	rec_u64(r, "package", pkg);
	rec_u64(r, "core", core);
	rec_u64(r, "smt", smt);
	rec_close(r);
}

/* A two-CPU hand-off record as migrate_xcpu.c writes it (@p error: NULL for none). */
static void handoff(struct loggen *g, const char *rel, unsigned to, const char *error)
{
	struct rec *r = rec_open(&g->w, "handoff");

	rec_str(r, "suite", "migrate");
	rec_str(r, "relation", rel);
	rec_u64(r, "from", 0);
	rec_u64(r, "to", to);
	rec_bool(r, "emulated", true);
	rec_u64(r, "pings", 64);
	rec_u64(r, "rtt_min", 30);
	rec_u64(r, "rtt_median", 35);
	rec_u64(r, "rtt_max", 40);
	rec_i64(r, "tsc_offset", -12);
	rec_u64(r, "tsc_offset_err", 15);
	rec_u64(r, "migrations", 20);
	rec_u64(r, "e2e_min", 345);
	rec_u64(r, "e2e_median", 350 + to);
	rec_u64(r, "e2e_max", 355 + to);
	if (error)
		rec_str(r, "error", error);
	rec_close(r);
}

static void suite_mark(struct loggen *g, bool end, const char *status, const char *reason)
{
	struct rec *r = rec_open(&g->w, end ? "suite_end" : "suite");

	rec_str(r, "name", "migrate");
	if (status)
		rec_str(r, "status", status);
	if (reason)
		rec_str(r, "reason", reason);
	rec_close(r);
}

#define NONE (-1)
#define K_ALL (-2) /* "k": "all" as text */

/*
 * A migrate meas record: @p rel may be NULL; @p from/@p to, @p k, @p w NONE when absent
 * (@p k K_ALL: the text "all"); p99 = median + 2, every other statistic derived too.
 */
static void mm(struct loggen *g, const char *op, const char *rel, int from, int to, int k,
	       int w, int64_t median)
{
	struct rec *r = rec_open(&g->w, "meas");
	char name[96];

	snprintf(name, sizeof(name), "%s.%d.%d.%d.%d", op, from, to, k, w);
	rec_str(r, "suite", "migrate");
	rec_str(r, "name", name);
	rec_str(r, "op", op);
	if (rel)
		rec_str(r, "relation", rel);
	if (from != NONE)
		rec_u64(r, "from", (uint64_t)from);
	if (to != NONE)
		rec_u64(r, "to", (uint64_t)to);
	if (k == K_ALL)
		rec_str(r, "k", "all");
	else if (k != NONE)
		rec_u64(r, "k", (uint64_t)k);
	if (w != NONE)
		rec_u64(r, "w", (uint64_t)w);
	rec_str(r, "unit", "tsc_ticks/op");
	rec_u64(r, "reps", 10);
	rec_u64(r, "n", 100);
	rec_u64(r, "discarded", 0);
	rec_i64(r, "min", median - 1);
	rec_i64(r, "median", median);
	rec_i64(r, "p99", median + 2);
	rec_i64(r, "max", median + 5);
	rec_u64(r, "mad", 0);
	rec_bool(r, "emulated", g->emulated);
	rec_close(r);
}

static void observation(struct loggen *g, const char *what, const char *observed)
{
	struct rec *r = rec_open(&g->w, "migrate_observation");

	rec_str(r, "suite", "migrate");
	rec_str(r, "what", what);
	rec_str(r, "observed", observed);
	rec_close(r);
}

static const int KS[] = { 0, 1, 4, 16, 64 };

/* 4 CPUs under Bochs: every op on smt-sibling (0 -> 1) and other-package (0 -> 2), flat working set. */
static void run_bochs4(struct runfix *f)
{
	struct loggen g;

	loggen_init(&g);
	loggen_begin(&g, "bochs:quad");
	loggen_haswell_cpuid(&g);
	smp(&g, 4, 4);
	cpu(&g, 0, 0, "same-cpu", 0, 0, 0, NULL);
	cpu(&g, 1, 1, "smt-sibling", 0, 0, 1, NULL);
	cpu(&g, 4, 2, "other-package", 1, 0, 0, NULL);
	cpu(&g, 5, 3, "other-package", 1, 0, 1, NULL);
	suite_mark(&g, false, NULL, NULL);
	for (int p = 0; p < 2; p++) {
		const char *rel = p ? "other-package" : "smt-sibling";
		int to = p ? 2 : 1, d = p ? 100 : 0;

		/* K written in an order other than the table's: the table sorts them */
		mm(&g, "vmclear", rel, 0, to, K_ALL, NONE, 900 + d);
		for (size_t i = 0; i < sizeof(KS) / sizeof(KS[0]); i++)
			mm(&g, "vmclear", rel, 0, to, KS[i], NONE, 300 + KS[i] * 10 + d);
		mm(&g, "vmptrld", rel, 0, to, NONE, NONE, 200 + d);
		mm(&g, "first_vmread", rel, 0, to, NONE, NONE, 230 + d);
		mm(&g, "first_vmwrite", rel, 0, to, NONE, NONE, 250 + d + p);
		mm(&g, "roundtrip_migrated", rel, 0, to, NONE, NONE, 5000 + d);
		mm(&g, "shadow_vmclear", rel, 0, to, 0, NONE, 400 + d);
		mm(&g, "shadow_vmptrld", rel, 0, to, NONE, NONE, 210 + d);
	}
	mm(&g, "roundtrip_stay", "same-cpu", 0, 0, NONE, NONE, 4000);
	handoff(&g, "smt-sibling", 1, NULL);
	handoff(&g, "other-package", 2, "the other CPU stopped answering on the shared line");
	for (int w = 1; w <= 128; w *= 2)
		mm(&g, "ws", NULL, NONE, NONE, NONE, w, 120); /* Bochs: flat */
	loggen_case(&g, "migrate", "integrity.fields", "24.11.1", "fields survive A -> B",
		    "0 mismatches", "0 mismatches", "PASS", NULL);
	loggen_case(&g, "migrate", "protocol.vmresume", "24.11.3", "VMRESUME after migration",
		    "vmfail-valid:5", "vmfail-valid:5", "PASS", NULL);
	loggen_case(&g, "migrate", "protocol.relaunch", "24.11.3", "VMLAUNCH after relaunch",
		    "vmfail-valid:4", "ok", "DEVIATION", NULL);
	loggen_case(&g, "migrate", "shadow.integrity", "24.10", "shadow fields survive",
		    "0 mismatches", NULL, "SKIP", "no VMCS shadowing");
	observation(&g, "vmptrld-active-elsewhere", "ok, VMCS loaded");
	observation(&g, "vmwrite-visible-before-vmclear", "yes");
	suite_mark(&g, true, "ok", NULL);
	loggen_end(&g);
	runfix_store(f, &g, "q-1", "1795631000");
}

/* Silicon: two pairs of one relation, K "all" as text, a knee at W = 16. */
static void run_silicon(struct runfix *f)
{
	struct loggen g;
	static const int64_t ws[] = { 40, 41, 42, 55, 80, 200, 210, 220 }; /* W = 1 .. 128 */

	loggen_init(&g);
	loggen_begin(&g, NULL);
	loggen_haswell_cpuid(&g);
	smp(&g, 8, 8);
	suite_mark(&g, false, NULL, NULL);
	mm(&g, "vmclear", "same-package", 0, 2, 0, NONE, 100);
	mm(&g, "vmclear", "same-package", 0, 4, 0, NONE, 140);
	mm(&g, "vmclear", "same-package", 0, 6, 0, NONE, 120);
	mm(&g, "vmclear", "same-package", 0, 2, K_ALL, NONE, 700);
	mm(&g, "roundtrip_migrated", "same-package", 0, 2, NONE, NONE, 1500);
	mm(&g, "roundtrip_stay", NULL, NONE, NONE, NONE, NONE, 1000);
	for (int i = 0, w = 1; w <= 128; w *= 2, i++)
		mm(&g, "ws", NULL, NONE, NONE, NONE, w, ws[i]);
	observation(&g, "vmptrld-active-elsewhere", "#GP");
	suite_mark(&g, true, "ok", NULL);
	loggen_end(&g);
	runfix_store(f, &g, "s-1", "1795631000");
}

/* One CPU: the suite says it skipped. */
static void run_single(struct runfix *f)
{
	struct loggen g;

	loggen_init(&g);
	loggen_begin(&g, "bochs:single");
	loggen_haswell_cpuid(&g);
	smp(&g, 1, 1);
	cpu(&g, 0, 0, "same-cpu", 0, 0, 0, NULL);
	suite_mark(&g, false, NULL, NULL);
	suite_mark(&g, true, "skipped", "one logical processor");
	loggen_end(&g);
	runfix_store(f, &g, "o-1", "1795631000");
}

/* The whole report (caller frees). */
static char *report(struct runfix *f)
{
	char *buf = NULL, *out;

	RUNFIX_CAPTURE(buf, report_write(f_, &f->rs));
	out = strdup(buf); /* a copy: the stream's buffer is not a local to point into */
	free(buf);
	assert_non_null(out);
	return out;
}

/* The migrate section alone (from its heading to the end). */
static const char *section(const char *out)
{
	const char *s = strstr(out, "\n## Migration (migrate suite)\n");

	assert_non_null(s);
	return s;
}

static void test_four_cpus(void **state)
{
	struct runfix *f = *state;
	char *out;
	const char *s;

	run_bochs4(f);
	runfix_load(f);
	out = report(f);
	s = section(out);
	assert_non_null(strstr(s, "\n### quad — **emulated: Bochs TSC counts instructions**\n"));
	assert_non_null(strstr(s, "Bochs keeps VMCS data in guest memory, so it shows no "
				  "working-set knee and none of the §24.11.1 hazards"));
	/* processors and topology */
	assert_non_null(strstr(s, "Processors: **4 online** (the MADT, via the rsdt, lists 4; "
				  "APs started: 3;"));
	assert_non_null(strstr(s, "topology from leaf 0xb (APIC id shifts: SMT 0, core 1, "
				  "package 2)"));
	assert_non_null(strstr(s, "| 2 | 4 | other-package | 1 | 0 | 0 | yes | |\n"));
	/* cost: relations near to far, K ascending with the text K last, shadow rows */
	assert_non_null(strstr(s, "operation, each taken on the CPU that executes it — "
				  "**emulated** (Bochs: instruction counts, not latencies):"));
	assert_non_null(strstr(s, "| Operation | smt-sibling | other-package |\n"));
	assert_non_null(strstr(s, "| VMCLEAR on A, K = 0 | 300 (302) | 400 (402) |\n"
				  "| VMCLEAR on A, K = 1 | 310 (312) | 410 (412) |\n"
				  "| VMCLEAR on A, K = 4 | 340 (342) | 440 (442) |\n"
				  "| VMCLEAR on A, K = 16 | 460 (462) | 560 (562) |\n"
				  "| VMCLEAR on A, K = 64 | 940 (942) | 1040 (1042) |\n"
				  "| VMCLEAR on A, K = all | 900 (902) | 1000 (1002) |\n"
				  "| VMPTRLD on B | 200 (202) | 300 (302) |\n"
				  "| VMPTRLD + first VMREAD on B (one window) | 230 (232) | 330 (332) |\n"
				  "| VMPTRLD + first VMWRITE on B (one window) | 250 (252) | 351 (353) |\n"
				  "| shadow VMCS: VMCLEAR on A, K = 0 | 400 (402) | 500 (502) |\n"
				  "| shadow VMCS: VMPTRLD on B | 210 (212) | 310 (312) |\n"));
	assert_non_null(strstr(s, "Pairs measured (CPU index from → to): smt-sibling 0 → 1; "
				  "other-package 0 → 2.\n"));
	/* migration against staying put: the stay measurement has its own relation */
	assert_non_null(strstr(s, "| smt-sibling | 5000 | 4000 | 1000 |\n"
				  "| other-package | 5100 | 4000 | 1100 |\n"));
	assert_non_null(strstr(s, "Staying put: the one VMRESUME round trip measured"));
	/* working set: flat, no knee */
	assert_non_null(strstr(s, "W = 1 … 128 — **emulated** (Bochs: instruction counts, not "
				  "latencies); knee (first W whose median exceeds 1.5 × the W = 1 "
				  "median): no knee (Bochs: VMCS data in guest memory).\n"));
	assert_non_null(strstr(s, "| 128 | 120 | 122 | 1 |\n"));
	assert_non_null(strstr(s, "| Relation | first VMREAD | first VMWRITE |\n|---|---:|---:|\n"
				  "| smt-sibling | 30 | 50 |\n| other-package | 30 | 51 |\n"));
	assert_non_null(strstr(s, "| A → B | Relation | Round trip | TSC offset | "));
	assert_non_null(strstr(s, "| 0 → 1 | smt-sibling | 30 / 35 / 40 | -12 ± 15 | 345 / 351 / 356 | 20 |  |\n"));
	assert_non_null(strstr(s, "| 0 → 2 | other-package | 30 / 35 / 40 | -12 ± 15 | 345 / 352 / 357 | 20 | "
				  "the other CPU stopped answering on the shared line |\n"));
	assert_non_null(strstr(s, "| quad (emulated) | 1 … 128 (8 values) | 120 | 120 | no knee"));
	/* cases */
	assert_non_null(strstr(s, "Integrity and protocol: 4 cases, 2 PASS, **1 DEVIATION**, "
				  "1 SKIP"));
	assert_non_null(strstr(s, "- **DEVIATION** `protocol.relaunch` (SDM 24.11.3): VMLAUNCH "
				  "after relaunch; expected vmfail-valid:4, observed ok\n"));
	assert_non_null(strstr(s, "- SKIP `shadow.integrity` (SDM 24.10): shadow fields survive; "
				  "no VMCS shadowing\n"));
	/* observations */
	assert_non_null(strstr(s, "| What | quad (emulated) |\n|---|---|\n"
				  "| vmptrld-active-elsewhere | ok, VMCS loaded |\n"));
	/* the generic measurements section leaves the suite to this one */
	assert_non_null(strstr(out, "### Suite migrate\n\nIn the section \"Migration (migrate "
				    "suite)\" below"));
	assert_null(strstr(out, "| vmclear.0.1.0.-1 |"));
	free(out);
}

static void test_single_cpu(void **state)
{
	struct runfix *f = *state;
	char *out;
	const char *s;

	run_single(f);
	runfix_load(f);
	out = report(f);
	s = section(out);
	assert_non_null(strstr(s, "Processors: **1 online**"));
	assert_non_null(strstr(s, "**One logical processor online: the migrate suite was "
				  "skipped** (migration needs two); the payload says: one logical "
				  "processor.\n"));
	assert_null(strstr(s, "| Operation |"));
	assert_null(strstr(s, "working set across models"));
	free(out);
}

static void test_no_migrate(void **state)
{
	struct runfix *f = *state;
	struct loggen g;
	char *out;
	const char *s;

	loggen_init(&g);
	loggen_run(&g, NULL);
	runfix_store(f, &g, "n-1", "1795631000");
	runfix_load(f);
	out = report(f);
	s = section(out);
	assert_string_equal(s, "\n## Migration (migrate suite)\n\n"
			       "No run has the migrate suite (suites=migrate).\n");
	free(out);
}

static void test_pairs_and_knee(void **state)
{
	struct runfix *f = *state;
	char *out;
	const char *s;

	run_bochs4(f);
	run_silicon(f);
	runfix_load(f);
	out = report(f);
	s = section(out);
	/* three pairs of one relation: the lower median of their medians and the range */
	assert_non_null(strstr(s, "| VMCLEAR on A, K = 0 | 120 (3 pairs, 100–140) |\n"
				  "| VMCLEAR on A, K = all | 700 (702) |\n"));
	/* no relation on the stay measurement: pooled */
	assert_non_null(strstr(s, "| same-package | 1500 | 1000 | 500 |\n"));
	/* 80 > 1.5 x 40 at W = 16 (55 at W = 8 is not) */
	assert_non_null(strstr(s, "median): **W = 16**.\n"));
	assert_non_null(strstr(s, "| 16 (knee) | 80 | 82 | 2 |\n"));
	assert_non_null(strstr(s, "| Haswell 06-3c-3 | 1 … 128 (8 values) | 40 | 220 | **W = 16** |\n"));
	/* observations side by side */
	assert_non_null(strstr(s, "| What | quad (emulated) | Haswell 06-3c-3 |\n"));
	assert_non_null(strstr(s, "| vmptrld-active-elsewhere | ok, VMCS loaded | \\#GP |\n"));
	assert_non_null(strstr(s, "| vmwrite-visible-before-vmclear | yes |  |\n"));
	free(out);
}

static char *data_of(struct runfix *f, const struct chart *c, bool script)
{
	char *out = NULL;

	RUNFIX_CAPTURE(out, script ? chart_write_script(&f->rs, c, f_) :
				     chart_write_data(&f->rs, c, f_));
	return out;
}

static void test_ws_chart(void **state)
{
	struct runfix *f = *state;
	struct chart c[16];
	size_t n;
	char *d;

	run_bochs4(f);
	run_silicon(f);
	runfix_load(f);
	/* only the ws chart: no medians, paths or sync chart for the migrate suite */
	n = chart_plan(&f->rs, c, 16);
	assert_int_equal(n, 1);
	assert_int_equal(c[0].kind, CHART_WS);
	assert_string_equal(c[0].name, "migrate-ws");
	assert_string_equal(c[0].title, "migrate: working set, median against W (emulated models "
					"marked)");
	d = data_of(f, &c[0], false);
	assert_string_equal(d, "# migrate: working set, median against W (emulated models marked)\n"
			       "\"W\" \"quad (emulated): no knee\" \"\"\n"
			       "1 120 -\n2 120 -\n4 120 -\n8 120 -\n16 120 -\n32 120 -\n64 120 -\n"
			       "128 120 -\n"
			       "\n\n\"W\" \"Haswell 06-3c-3: knee at W = 16\" \"\"\n"
			       "1 40 -\n2 41 -\n4 42 -\n8 55 -\n16 80 80\n32 200 -\n64 210 -\n"
			       "128 220 -\n");
	free(d);
	d = data_of(f, &c[0], true);
	assert_non_null(strstr(d, "set logscale x 2\n"));
	assert_non_null(strstr(d, "'migrate-ws.dat' index 0 using 1:2 with linespoints lt 1 title "
				  "columnheader(2)"));
	/* the knee: a dot in its line's colour; none for the model without one */
	assert_non_null(strstr(d, "'migrate-ws.dat' index 1 using 1:3 with points pt 7 ps 2.5 "
				  "lt 2 title columnheader(3)"));
	assert_null(strstr(d, "index 0 using 1:3"));
	assert_null(strstr(d, "index 2"));
	assert_non_null(strstr(d, "set ylabel \"median ticks/op (emulated)\""));
	free(d);
	/* gnuplot takes the script (rendering is checked where gnuplot is installed) */
	if (system("command -v gnuplot >/dev/null 2>&1") == 0) {
		char dir[160], png[200];

		snprintf(dir, sizeof(dir), "%s/charts", f->dir);
		assert_int_equal(chart_all(&f->rs, dir, true, NULL, stderr), 0);
		snprintf(png, sizeof(png), "%s/migrate-ws.png", dir);
		assert_int_equal(access(png, R_OK), 0);
	} else {
		print_message("gnuplot not installed: the ws chart was not rendered\n");
	}
}

static void test_knee_rules(void **state)
{
	struct runfix *f = *state;
	struct meas_wseries ws;
	json_t *v[16];
	size_t n = 0;

	run_silicon(f);
	runfix_load(f);
	n = meas_of(&f->rs.v[0], "migrate", v, 16);
	assert_int_equal(meas_wseries_build(v, n, &ws), 0);
	assert_int_equal(ws.n, 8);
	assert_int_equal(meas_knee(&ws), 4);
	assert_int_equal(ws.w[meas_knee(&ws)], 16);
	/* without W = 1 the knee is undefined */
	ws.w[0] = 3;
	assert_true(meas_knee(&ws) == MEAS_KNEE_UNDEFINED);
	meas_wseries_free(&ws);
	assert_int_equal(meas_wseries_build(v, 0, &ws), 0);
	assert_true(meas_knee(&ws) == MEAS_KNEE_UNDEFINED);
	meas_wseries_free(&ws);
}

/* Markup, HTML, pipes, newlines and gnuplot commands in relation, op, what and the label. */
static void test_hostile(void **state)
{
	struct runfix *f = *state;
	static const char evil[] = "x|<script>alert(1)</script>`touch /tmp/p`\n[a](javascript:y)*_#";
	struct loggen g;
	struct chart c[16];
	char *out, *d, *html;
	const char *s, *line;
	size_t n;

	loggen_init(&g);
	loggen_begin(&g, "bochs:ev|il`x`");
	loggen_haswell_cpuid(&g);
	smp(&g, 2, 2);
	cpu(&g, 0, 0, evil, 0, 0, 0, NULL);
	cpu(&g, 1, NONE, "smt-sibling", 0, 0, 1, evil);
	mm(&g, "vmclear", evil, 0, 1, 0, NONE, 10);
	mm(&g, evil, evil, 0, 1, NONE, NONE, 11);
	mm(&g, "vmptrld", "smt-sibling", 0, 1, NONE, NONE, 12);
	mm(&g, "roundtrip_migrated", evil, 0, 1, NONE, NONE, 13);
	mm(&g, "ws", evil, NONE, NONE, NONE, 1, 5);
	mm(&g, evil, NULL, NONE, NONE, NONE, 2, 50);
	loggen_case(&g, "migrate", evil, evil, evil, evil, evil, "DEVIATION", evil);
	loggen_case(&g, "migrate", "v", "1", "d", "e", "o", evil, NULL);
	observation(&g, evil, evil);
	loggen_end(&g);
	runfix_store(f, &g, "h-1", "1795631000");
	runfix_load(f);
	out = report(f);
	s = section(out);
	/* outside code spans every character that makes markup is escaped */
	assert_non_null(strstr(s, "x\\|\\<script\\>alert(1)\\</script\\>\\`touch /tmp/p\\` "
				  "\\[a\\](javascript:y)\\*\\_\\#"));
	assert_null(strstr(s, "| x|<script>"));
	/* ... and the page made from it has no script and no javascript: link */
	html = NULL;
	RUNFIX_CAPTURE(html, mdhtml_write(f_, out, "t"));
	assert_null(strcasestr(html, "<script"));
	assert_null(strcasestr(html, "href=\"javascript"));
	free(html);
	assert_null(strstr(s, "\n#"  "# x")); /* no heading made from record text */
	/* every table row keeps its cells: an escaped | never splits one */
	assert_non_null(strstr(s, "| Operation | smt-sibling | x\\|\\<script\\>"));
	for (line = s; (line = strchr(line, '\n')); line++) {
		const char *e = strchr(line + 1, '\n');

		/* a line of record text never starts a list, heading or table by itself */
		if (e && line[1] == 'x')
			fail_msg("record text at the start of a line: %.40s", line + 1);
	}
	assert_non_null(strstr(s, "knee (first W whose median exceeds 1.5 × the W = 1 median): "
				  "**W = 2**"));
	free(out);
	n = chart_plan(&f->rs, c, 16);
	assert_int_equal(n, 1);
	d = data_of(f, &c[0], false);
	/* data file: one header line per block, quotes turned, no line break from the record */
	assert_non_null(strstr(d, "\"W\" \"ev|il`x` (emulated): knee at W = 2\" \"\"\n1 5 -\n2 50 50\n"));
	free(d);
	d = data_of(f, &c[0], true);
	assert_null(strstr(d, "touch"));
	free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_four_cpus, runfix_setup, runfix_teardown),
		cmocka_unit_test_setup_teardown(test_single_cpu, runfix_setup, runfix_teardown),
		cmocka_unit_test_setup_teardown(test_no_migrate, runfix_setup, runfix_teardown),
		cmocka_unit_test_setup_teardown(test_pairs_and_knee, runfix_setup, runfix_teardown),
		cmocka_unit_test_setup_teardown(test_ws_chart, runfix_setup, runfix_teardown),
		cmocka_unit_test_setup_teardown(test_knee_rules, runfix_setup, runfix_teardown),
		cmocka_unit_test_setup_teardown(test_hostile, runfix_setup, runfix_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
