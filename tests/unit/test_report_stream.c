/** @file
 * vmxbench report in bounded memory: from an indexed runset (runset_index) the
 * report is byte for byte the one of a fully loaded runset, and the number of
 * runs open at once follows the CPU models shown, not the runs stored.
 */
#include <errno.h>

#include "runfix.h"
#include "lib/meas.h"
#include "lib/report.h"

static const char *const models[] = { "bochs:model_a", "bochs:model_b", "qemu:tcg" };

/* @p per_model more runs of every model, each with warn, case and meas records. */
static void store_runs(struct runfix *f, unsigned *stored, unsigned per_model)
{
	for (unsigned i = 0; i < per_model; i++, (*stored)++)
		for (size_t m = 0; m < sizeof(models) / sizeof(models[0]); m++) {
			struct loggen g;
			char id[32], now[32];

			loggen_init(&g);
			loggen_begin(&g, models[m]);
			loggen_haswell_cpuid(&g);
			loggen_warn(&g, "unit test");
			loggen_case(&g, "entry", "ctl.a", "26.2.1.1", "a", "vmfail-valid:7",
				    *stored % 2 ? "ok" : "vmfail-valid:7",
				    *stored % 2 ? "DEVIATION" : "PASS", NULL);
			loggen_case(&g, "shadow", "vmread.gs_base", "25.1.3", "x", "shadow",
				    "shadow", "PASS", NULL);
			loggen_meas(&g, "noise", "cpuid", NULL, NULL, NULL, -1, 100 + *stored);
			loggen_meas(&g, "shadow", "vmread", "vmread", "shadow", "64", 4,
				    50 + *stored);
			loggen_end(&g);
			snprintf(id, sizeof(id), "m%zu-r%03u", m, *stored);
			snprintf(now, sizeof(now), "%u", 1795630502u + *stored);
			runfix_store(f, &g, id, now);
		}
}

/* The report of the store both ways; returns the peak of open runs of the indexed one. */
static size_t report_both_ways(struct runfix *f, size_t runs)
{
	struct runset full, idx;
	char *a = NULL, *b = NULL;
	size_t peak;

	runfix_load(f); /* runset_load, kept in the fixture */
	full = f->rs;
	memset(&f->rs, 0, sizeof(f->rs));
	assert_int_equal(runset_index(f->results, &idx, stderr), 0);
	assert_int_equal(full.n, runs);
	assert_int_equal(idx.n, runs);
	for (size_t i = 0; i < idx.n; i++)
		assert_null(idx.v[i].records); /* the index holds no records */
	RUNFIX_CAPTURE(a, assert_int_equal(report_write(f_, &full), 0));
	run_open_peak(true);
	RUNFIX_CAPTURE(b, assert_int_equal(report_write(f_, &idx), 0));
	peak = run_open_peak(true);
	assert_int_equal(run_open_count(), 0); /* every section closed what it opened */
	assert_string_equal(a, b);
	assert_non_null(strstr(b, "unit test")); /* the warn records, from the index */
	free(a);
	free(b);
	runset_free(&full);
	runset_free(&idx);
	return peak;
}

static void test_bounded(void **state)
{
	struct runfix *f = *state;
	unsigned stored = 0;
	size_t small, large;

	store_runs(f, &stored, 2);
	small = report_both_ways(f, 6);
	store_runs(f, &stored, 18);
	large = report_both_ways(f, 60);
	/* something was opened (the hook counts), and ten times the runs opened no more at once */
	assert_true(small > 0);
	assert_int_equal(large, small);
	/* at most one run per model and suite with records shown, here 3 models x 2 suites */
	assert_true(large <= 6);
}

/* A run replaced after indexing: its records are left out, with a message, never a crash. */
static void test_changed_after_index(void **state)
{
	struct runfix *f = *state;
	unsigned stored = 0;
	struct runset idx;
	char *md = NULL;

	store_runs(f, &stored, 1);
	assert_int_equal(runset_index(f->results, &idx, stderr), 0);
	assert_int_equal(idx.n, 3);
	{
		FILE *o = fopen(idx.v[0].path, "w");

		assert_non_null(o);
		fputs("{\"format\": 1, \"run_id\": \"other\", \"records\": []}\n", o);
		fclose(o);
	}
	assert_int_equal(run_open(&idx.v[0]), -EIO);
	assert_non_null(idx.v[0].records);
	assert_int_equal(json_array_size(idx.v[0].records), 0);
	run_close(&idx.v[0]);
	assert_null(idx.v[0].records);
	RUNFIX_CAPTURE(md, assert_int_equal(report_write(f_, &idx), 0));
	assert_non_null(strstr(md, "3 stored runs"));
	assert_int_equal(run_open_count(), 0);
	free(md);
	runset_free(&idx);
}

/* The index answers for a suite longer than its key buffer (record text has no fixed limit). */
static void test_long_suite(void **state)
{
	struct runfix *f = *state;
	char suite[1000]; /* more than kind_key's buffer, less than a record line */
	const char *got[4];
	struct loggen g;
	struct runset idx;

	memset(suite, 's', sizeof(suite) - 1);
	suite[sizeof(suite) - 1] = 0;
	loggen_init(&g);
	loggen_begin(&g, models[0]);
	loggen_meas(&g, suite, "x", NULL, NULL, NULL, -1, 7);
	loggen_end(&g);
	runfix_store(f, &g, "long", "1795630502");
	assert_int_equal(runset_index(f->results, &idx, stderr), 0);
	assert_int_equal(idx.n, 1);
	assert_true(run_has(&idx.v[0], "meas", suite));
	assert_false(run_has(&idx.v[0], "meas", "s"));
	assert_int_equal(meas_suites(&idx, got, 4), 1);
	assert_string_equal(got[0], suite);
	runset_free(&idx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_bounded, runfix_setup, runfix_teardown),
		cmocka_unit_test_setup_teardown(test_changed_after_index, runfix_setup,
						runfix_teardown),
		cmocka_unit_test_setup_teardown(test_long_suite, runfix_setup, runfix_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
