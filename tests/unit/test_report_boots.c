/** @file
 * Unit tests of the statistics across boots and the cycles-first tables:
 * host-tools/lib/meas_agg.c (median of the per-boot medians, range, boots),
 * the report's "Across N boots" table (report_meas_boots.c) over three stored
 * runs of one machine, and the full table (report_meas_table.c) of a record
 * with cycles, instructions, aperf_mperf and the median's CI next to one
 * without them (which renders as before); suite durations from the
 * suite/suite_end timestamps (host-tools/lib/suite_time.c) in the runs section.
 */
#include <math.h>
#include <string.h>

#include "runfix.h"
#include "lib/meas.h"
#include "lib/meas_agg.h"
#include "lib/report.h"
#include "lib/suite_time.h"

/* A run of model_a on machine @p mac with nop10 at @p med and, when @p cyc >= 0, cycles at @p cyc. */
static void boot_on(struct runfix *f, const char *mac, const char *id, const char *now,
		    int64_t med, int64_t cyc)
{
	struct loggen g;

	loggen_init(&g);
	loggen_begin_on(&g, "bochs:model_a", "noise", mac, NULL);
	loggen_haswell_cpuid(&g);
	loggen_meas(&g, "noise", "nop10", NULL, NULL, NULL, -1, med);
	if (cyc >= 0) {
		struct rec *r = rec_open(&g.w, "meas");

		rec_str(r, "suite", "noise");
		rec_str(r, "name", "cpuid.0");
		rec_i64(r, "median", 100 + med);
		rec_i64(r, "cycles_median", cyc);
		rec_close(r);
	}
	loggen_end(&g);
	runfix_store(f, &g, id, now);
}

static void boot(struct runfix *f, const char *id, const char *now, int64_t med, int64_t cyc)
{
	boot_on(f, NULL, id, now, med, cyc);
}

static void test_agg_direct(void **state)
{
	struct runfix *f = *state;
	struct meas_agg a;
	struct meas_agg_row row;
	json_t *recs[8];

	boot(f, "a-1", "1795631000", 10, 31);
	boot(f, "a-2", "1795631100", 30, 29);
	boot(f, "a-3", "1795631200", 20, -1);
	runfix_load(f);
	assert_int_equal(f->rs.n, 3);
	meas_agg_init(&a);
	for (size_t i = 0; i < f->rs.n; i++) {
		size_t n = meas_of(&f->rs.v[i], "noise", recs, 8);

		assert_int_equal(meas_agg_add(&a, recs, n), 0);
	}
	assert_int_equal(a.boots, 3);
	assert_int_equal(a.n, 2);
	assert_int_equal(meas_agg_row(&a, 0, &row), 0);
	assert_string_equal(row.name, "nop10");
	assert_true(row.median == 20 && row.lo == 10 && row.hi == 30);
	assert_int_equal(row.boots, 3);
	assert_int_equal(row.cyc_boots, 0);
	assert_true(isnan(row.cyc_median));
	/* cpuid.0: two boots; lower median of {110, 130} is 110, cycles {31, 29} -> 29 */
	assert_int_equal(meas_agg_row(&a, 1, &row), 0);
	assert_string_equal(row.name, "cpuid.0");
	assert_int_equal(row.boots, 2);
	assert_true(row.median == 110 && row.lo == 110 && row.hi == 130);
	assert_int_equal(row.cyc_boots, 2);
	assert_true(row.cyc_median == 29 && row.cyc_lo == 29 && row.cyc_hi == 31);
	/* a name twice in one boot counts once */
	assert_int_equal(meas_agg_add(&a, (json_t *[]){ recs[0], recs[0] }, 2), 0);
	assert_int_equal(meas_agg_row(&a, 0, &row), 0);
	assert_int_equal(row.boots, 4);
	meas_agg_free(&a);
}

static void test_agg_report(void **state)
{
	struct runfix *f = *state;
	struct runset rs;
	char *out = NULL, *idx = NULL;

	boot_on(f, "52:54:00:00:00:01", "a-1", "1795631000", 10, -1);
	boot_on(f, "52:54:00:00:00:01", "a-2", "1795631100", 30, -1);
	boot_on(f, "52:54:00:00:00:01", "a-3", "1795631200", 20, -1);
	/* another board of the same model: kept apart, and with 2 boots a table of its own */
	boot_on(f, "52:54:00:00:00:02", "b-1", "1795631300", 50, -1);
	boot_on(f, "52:54:00:00:00:02", "b-2", "1795631400", 70, -1);
	runfix_load(f);
	RUNFIX_CAPTURE(out, report_write(f_, &f->rs));
	assert_non_null(strstr(out, "Across 3 boots of this machine (machine 52:54:00:00:00:01), "
				    "emulated: per figure"));
	assert_non_null(strstr(out, "| Name | Median of medians | Range | Boots |\n"));
	assert_non_null(strstr(out, "| nop10 | 20 | 10–30 | 3 |\n"));
	assert_non_null(strstr(out, "Across 2 boots of this machine (machine 52:54:00:00:00:02)"));
	assert_non_null(strstr(out, "| nop10 | 50 | 50–70 | 2 |\n"));
	/* the per-model table shows each machine's latest boot (machines are kept apart) */
	assert_non_null(strstr(out, "| nop10 | 70 | 72.25 | 69 | 75 | 1 | 200 | 1 | tsc_ticks/op |\n"));
	/* the same report from the index (runs opened one at a time) */
	assert_int_equal(runset_index(f->results, &rs, stderr), 0);
	run_open_peak(true);
	RUNFIX_CAPTURE(idx, report_write(f_, &rs));
	assert_string_equal(out, idx);
	/* open at once: the shown columns (one per machine) and the run being aggregated */
	assert_true(run_open_peak(false) <= 3);
	runset_free(&rs);
	free(out);
	free(idx);
}

static void test_agg_one_boot(void **state)
{
	struct runfix *f = *state;
	char *out = NULL;

	boot(f, "a-1", "1795631000", 10, -1);
	runfix_load(f);
	RUNFIX_CAPTURE(out, report_write(f_, &f->rs));
	assert_null(strstr(out, "Across "));
	free(out);
}

/* One record with everything the counters part adds, one without. */
static void test_cycles_first(void **state)
{
	struct runfix *f = *state;
	struct loggen g;
	struct rec *r;
	char *out = NULL;

	loggen_init(&g);
	loggen_begin(&g, NULL);
	loggen_haswell_cpuid(&g);
	r = rec_open(&g.w, "meas");
	rec_str(r, "suite", "noise");
	rec_str(r, "name", "vmread.lat");
	rec_str(r, "kind", "latency");
	rec_str(r, "path", "shadowed");
	rec_str(r, "vpid", "on");
	rec_str(r, "unit", "tsc_ticks/op");
	rec_i64(r, "median", 40);
	rec_i64(r, "median_ci_lo", 39);
	rec_i64(r, "median_ci_hi", 42);
	rec_i64(r, "p99", 50);
	rec_str(r, "cycles", "fixed1");
	rec_i64(r, "cycles_median", 48);
	rec_i64(r, "cycles_median_ci_lo", 47);
	rec_i64(r, "cycles_median_ci_hi", 49);
	rec_i64(r, "instructions_median", 7);
	rec_ratio(r, "aperf_mperf", 120, 100);
	rec_u64(r, "tsc_hz", 2000000000);
	rec_close(r);
	r = rec_open(&g.w, "meas");
	rec_str(r, "suite", "noise");
	rec_str(r, "name", "old");
	rec_str(r, "path", "exiting");
	rec_str(r, "unit", "tsc_ticks/op");
	rec_i64(r, "median", 5);
	rec_ratio(r, "aperf_mperf", 150, 100);
	rec_str(r, "cycles", "absent");
	rec_close(r);
	loggen_end(&g);
	runfix_store(f, &g, "s-1", "1795631000");
	runfix_load(f);
	RUNFIX_CAPTURE(out, report_write(f_, &f->rs));
	/* cycles first, TSC second, the ratio of the medians (48 / 40), instructions per op */
	assert_non_null(strstr(out, "| Name | Kind | VPID | Core cycles (median) | Cycles 95 % CI | "
				    "TSC ticks (median) | 95 % CI | Cycles / tick | Instructions / op | p99 |"));
	assert_non_null(strstr(out, "| vmread.lat | latency | on | 48 | 47–49 | 40 | 39–42 | 1.2 | 7 | 50 |"));
	/* no cycles: throughput, VPID off (a guest path before issue 12), ratio from APERF/MPERF */
	assert_non_null(strstr(out, "| old | throughput | off | - | - | 5 | - | 1.5 (APERF/MPERF) | - |"));
	assert_null(strstr(out, "Core cycles: not available"));
	free(out);
}

/* Without cycles anywhere, the table says so once, with the timing record's reason. */
static void test_no_cycles_note(void **state)
{
	struct runfix *f = *state;
	struct loggen g;
	struct rec *r;
	char *out = NULL, *p;

	loggen_init(&g);
	loggen_begin(&g, "bochs:model_a");
	loggen_haswell_cpuid(&g);
	r = rec_open(&g.w, "timing");
	rec_str(r, "cycles", "absent");
	rec_str(r, "cycles_reason", "RDPMC of fixed counter 1 faults");
	rec_close(r);
	loggen_meas(&g, "noise", "nop10", NULL, NULL, NULL, -1, 10);
	loggen_meas(&g, "noise", "cpuid.0", NULL, NULL, NULL, -1, 5);
	loggen_end(&g);
	runfix_store(f, &g, "a-1", "1795631000");
	runfix_load(f);
	RUNFIX_CAPTURE(out, report_write(f_, &f->rs));
	p = strstr(out, "Core cycles: not available in these records (RDPMC of fixed counter 1 "
			"faults); figures are TSC ticks.");
	assert_non_null(p);
	assert_null(strstr(p + 1, "Core cycles: not available"));
	/* as before: no cycle, CI, kind or VPID columns */
	assert_non_null(strstr(out, "| nop10 | 10 | 12.25 | 9 | 15 | 1 | 200 | 1 | tsc_ticks/op |\n"));
	assert_non_null(strstr(out, "**emulated: Bochs TSC counts instructions**"));
	free(out);
}

static void stamp(struct loggen *g, const char *type, const char *name, uint64_t tsc, int64_t us)
{
	struct rec *r = rec_open(&g->w, type);

	rec_str(r, "name", name);
	if (!strcmp(type, "suite_end"))
		rec_str(r, "status", "ok");
	rec_u64(r, "tsc", tsc);
	if (us >= 0)
		rec_u64(r, "us", (uint64_t)us);
	rec_close(r);
}

static void test_suite_durations(void **state)
{
	struct runfix *f = *state;
	struct loggen g;
	struct rec *r;
	char *out = NULL, b[48];
	json_t *d;

	loggen_init(&g);
	loggen_begin(&g, NULL);
	loggen_haswell_cpuid(&g);
	stamp(&g, "suite", "caps", 1000, 10);
	stamp(&g, "suite_end", "caps", 4000, 1510);      /* us from the records: 1.5 ms */
	stamp(&g, "suite", "noise", 5000, -1);
	r = rec_open(&g.w, "timing");
	rec_u64(r, "tsc_hz", 1000000);
	rec_close(r);
	stamp(&g, "suite_end", "noise", 2005000, -1);    /* 2e6 ticks at 1 MHz: 2 s */
	stamp(&g, "suite", "shadow", 3000000, -1);       /* no suite_end: no duration */
	loggen_end(&g);
	runfix_store(f, &g, "s-1", "1795631000");
	runfix_load(f);
	d = f->rs.v[0].suite_times;
	assert_int_equal(json_object_size(d), 2);
	assert_int_equal(json_integer_value(json_array_get(json_object_get(d, "caps"), 0)), 3000);
	assert_int_equal(json_integer_value(json_array_get(json_object_get(d, "caps"), 1)), 1500);
	assert_int_equal(json_integer_value(json_array_get(json_object_get(d, "noise"), 1)), 2000000);
	suite_time_fmt(json_object_get(d, "noise"), b, sizeof(b));
	assert_string_equal(b, "2.00 s");
	RUNFIX_CAPTURE(out, report_write(f_, &f->rs));
	assert_non_null(strstr(out, "| s-1 | caps 1.5 ms, noise 2.00 s |\n"));
	free(out);
	/* no rate anywhere: ticks */
	d = json_pack("[Ii]", (json_int_t)777, -1);
	suite_time_fmt(d, b, sizeof(b));
	assert_string_equal(b, "777 TSC ticks");
	json_decref(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_agg_direct, runfix_setup, runfix_teardown),
		cmocka_unit_test_setup_teardown(test_agg_report, runfix_setup, runfix_teardown),
		cmocka_unit_test_setup_teardown(test_agg_one_boot, runfix_setup, runfix_teardown),
		cmocka_unit_test_setup_teardown(test_cycles_first, runfix_setup, runfix_teardown),
		cmocka_unit_test_setup_teardown(test_no_cycles_note, runfix_setup, runfix_teardown),
		cmocka_unit_test_setup_teardown(test_suite_durations, runfix_setup, runfix_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
