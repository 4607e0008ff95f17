/** @file
 * Unit tests of the conformance matrix (host-tools/lib/casematrix.c) and the
 * report's conformance section: runs with different case sets, the latest run
 * per model, deviations counted per model and listed once per outcome.
 */
#include <string.h>

#include "runfix.h"
#include "lib/casematrix.h"
#include "lib/report.h"

/* Model A (two runs, the later one counts), model B with another case set. */
static void make_runs(struct runfix *f)
{
	struct loggen g;

	/* A, older run: everything passes (must not be the column) */
	loggen_init(&g);
	loggen_begin(&g, "bochs:model_a");
	loggen_haswell_cpuid(&g);
	loggen_case(&g, "entry", "ctl.a", "26.2.1.1", "a", "vmfail-valid:7", "vmfail-valid:7",
		    "PASS", NULL);
	loggen_end(&g);
	runfix_store(f, &g, "a-old", "1795630000");
	/* A, newer */
	loggen_init(&g);
	loggen_begin(&g, "bochs:model_a");
	loggen_haswell_cpuid(&g);
	loggen_case(&g, "entry", "ctl.a", "26.2.1.1", "a", "vmfail-valid:7", "vmfail-valid:7",
		    "PASS", NULL);
	loggen_case(&g, "entry", "ctl.b", "26.2.1.2", "b | pipe", "vmfail-valid:7", "ok",
		    "DEVIATION", NULL);
	loggen_case(&g, "entry", "host.a", "26.2.2", "host a", "vmfail-valid:8", NULL, "SKIP",
		    "CPU lacks load IA32_PAT on exit");
	loggen_case(&g, "entry", "ctl.d", "26.2.1.3", "d", "exit:33:0", "vmexit:0", "DEVIATION",
		    NULL);
	loggen_end(&g);
	runfix_store(f, &g, "a-new", "1795631000");
	/* B: no ctl.b, a ctl.c of its own; ctl.d deviates the same way as on A */
	loggen_init(&g);
	loggen_begin(&g, "bochs:model_b");
	loggen_haswell_cpuid(&g);
	loggen_case(&g, "entry", "ctl.a", "26.2.1.1", "a", "vmfail-valid:7", "vmfail-valid:7",
		    "PASS", NULL);
	loggen_case(&g, "entry", "host.a", "26.2.2", "host a", "vmfail-valid:8", "vmfail-valid:8",
		    "PASS", NULL);
	loggen_case(&g, "entry", "ctl.c", "26.2.1.1", "c", "vmfail-valid:7", "vmfail-invalid",
		    "DEVIATION", NULL);
	loggen_case(&g, "entry", "ctl.d", "26.2.1.3", "d", "exit:33:0", "vmexit:0", "DEVIATION",
		    NULL);
	loggen_end(&g);
	runfix_store(f, &g, "b-1", "1795631000");
	/* B, later: another suite only; the entry cases still come from b-1 */
	loggen_init(&g);
	loggen_begin(&g, "bochs:model_b");
	loggen_haswell_cpuid(&g);
	loggen_case(&g, "shadow", "vmread.gs_base", "25.1.3", "x", "shadow", "shadow", "PASS", NULL);
	loggen_end(&g);
	runfix_store(f, &g, "b-2", "1795632000");
	/* a run without cases (caps only): no column */
	loggen_init(&g);
	loggen_run(&g, "bochs:model_c");
	runfix_store(f, &g, "c-1", "1795631000");
	runfix_load(f);
}

static void test_matrix(void **state)
{
	struct runfix *f = *state;
	struct casematrix m;
	static const char *const order[] = { "ctl.a", "ctl.b", "ctl.d", "ctl.c", "host.a",
					     "vmread.gs_base" };

	make_runs(f);
	assert_int_equal(f->rs.n, 5);
	assert_int_equal(casematrix_build(&f->rs, &m), 0);
	assert_int_equal(m.ncols, 2); /* model_c has no cases */
	assert_string_equal(m.cols[0].r->run_id, "a-new");
	assert_int_equal(m.cols[0].others, 1);
	assert_string_equal(m.cols[1].r->run_id, "b-2");
	/* model B's suites come from different runs */
	assert_int_equal(m.nsuites, 2);
	assert_string_equal(casematrix_src(&m, 1, 0)->run_id, "b-1");
	assert_string_equal(casematrix_src(&m, 1, 1)->run_id, "b-2");
	assert_null(casematrix_src(&m, 0, 1));
	/* rows: union, grouped by id prefix, groups and rows in order of appearance */
	assert_int_equal(m.nrows, 6);
	for (size_t i = 0; i < 6; i++)
		assert_string_equal(m.rows[i].id, order[i]);
	assert_string_equal(m.rows[5].group, "shadow / vmread");
	assert_string_equal(m.rows[0].group, "entry / ctl");
	assert_string_equal(m.rows[4].group, "entry / host");
	assert_string_equal(m.rows[1].sdm, "26.2.1.2");
	/* missing cells */
	assert_null(casematrix_cell(&m, 1, 1)); /* B has no ctl.b */
	assert_null(casematrix_cell(&m, 3, 0)); /* A has no ctl.c */
	assert_int_equal(casematrix_verdict(casematrix_cell(&m, 1, 0)), CM_DEVIATION);
	assert_int_equal(casematrix_verdict(casematrix_cell(&m, 4, 0)), CM_SKIP);
	assert_int_equal(casematrix_verdict(casematrix_cell(&m, 4, 1)), CM_PASS);
	/* counts per model */
	assert_int_equal(m.count[0].run, 4);
	assert_int_equal(m.count[0].pass, 1);
	assert_int_equal(m.count[0].dev, 2);
	assert_int_equal(m.count[0].skip, 1);
	assert_int_equal(m.count[0].missing, 2);
	assert_int_equal(m.count[0].unused, 1);
	assert_int_equal(m.count[1].run, 5);
	assert_int_equal(m.count[1].pass, 3);
	assert_int_equal(m.count[1].dev, 2);
	assert_int_equal(m.count[1].skip, 0);
	assert_int_equal(m.count[1].missing, 1);
	assert_int_equal(m.count[1].unused, 0);
	casematrix_free(&m);
}

static void test_report_section(void **state)
{
	struct runfix *f = *state;
	char *out = NULL;

	make_runs(f);
	RUNFIX_CAPTURE(out, report_write(f_, &f->rs));
	/* summary: A's latest run, 4 run, 1 PASS, 2 DEVIATION (bold), 1 SKIP, 1 not run */
	assert_non_null(strstr(out, "| model_a | **emulated** (bochs:model_a) | a-new; 1 older run "
				    "not shown | 4 | 1 | **2** | 1 | 2 |"));
	assert_non_null(strstr(out, "| model_b | **emulated** (bochs:model_b) | b-1 (entry), "
				    "b-2 (shadow) | 5 | 3 | **2** | 0 | 1 |"));
	assert_non_null(strstr(out, "#### shadow / vmread: 1 case, 0 deviations"));
	assert_non_null(strstr(out, "| vmread.gs_base | 25.1.3 | | PASS |\n"));
	assert_non_null(strstr(out, "4 deviations."));
	/* the same deviation on both models: one line naming both */
	assert_non_null(strstr(out, "| ctl.d | 26.2.1.3 | d | `exit:33:0` | `vmexit:0` | "
				    "model_a (emulated), model_b (emulated) |"));
	/* a '|' in a description is escaped */
	assert_non_null(strstr(out, "| ctl.b | 26.2.1.2 | b \\| pipe | `vmfail-valid:7` | `ok` | "
				    "model_a (emulated) |"));
	/* matrix rows: highlighted deviation, blank for a case the model did not run */
	assert_non_null(strstr(out, "#### entry / ctl: 4 cases, 4 deviations"));
	assert_non_null(strstr(out, "| ctl.b | 26.2.1.2 | **DEVIATION** | |\n"));
	assert_non_null(strstr(out, "| ctl.c | 26.2.1.1 | | **DEVIATION** |\n"));
	assert_non_null(strstr(out, "| host.a | 26.2.2 | SKIP | PASS |\n"));
	assert_non_null(strstr(out, "| CPU lacks load IA32_PAT on exit | 1 | model_a |"));
	/* the older run of A (all PASS) is in the runs table, not in the conformance section */
	assert_non_null(strstr(out, "| a-old |"));
	assert_null(strstr(strstr(out, "## Conformance"), "a-old"));
	free(out);
}

static void test_no_cases(void **state)
{
	struct runfix *f = *state;
	struct loggen g;
	char *out = NULL;

	loggen_init(&g);
	loggen_run(&g, NULL);
	runfix_store(f, &g, "plain", "1795631000");
	runfix_load(f);
	RUNFIX_CAPTURE(out, report_write(f_, &f->rs));
	assert_non_null(strstr(out, "No run has conformance cases"));
	assert_non_null(strstr(out, "No run has measurements"));
	free(out);
}

/* Two labelled machines with the same CPU: two columns, two summary rows, their difference shown. */
static void test_two_machines(void **state)
{
	struct runfix *f = *state;
	static const char *const labs[] = { "lab-a", "lab-b" };
	char *md = NULL;

	for (int i = 0; i < 2; i++) {
		struct loggen g;

		loggen_init(&g);
		loggen_begin_on(&g, "bochs:model_a", "entry", i ? "52:54:00:00:00:02" : "52:54:00:00:00:01",
				labs[i]);
		loggen_haswell_cpuid(&g);
		loggen_case(&g, "entry", "ctl.a", "26.2.1.1", "d", "vmfail-valid:7",
			    i ? "ok" : "vmfail-valid:7", i ? "DEVIATION" : "PASS", NULL);
		loggen_end(&g);
		runfix_store(f, &g, i ? "b-1" : "a-1", i ? "1795631100" : "1795631000");
	}
	runfix_load(f);
	RUNFIX_CAPTURE(md, report_write(f_, &f->rs));
	assert_non_null(strstr(md, "| model_a @ lab-a | lab-a |"));   /* summary, one row each */
	assert_non_null(strstr(md, "| model_a @ lab-b | lab-b |"));
	assert_non_null(strstr(md, "2 CPU models"));                   /* two matrix columns */
	if (!strstr(md, "| entry / ctl.a | 26.2.1.1 | PASS | **DEVIATION** |")) /* where they differ */
		fail_msg("%s", strstr(md, "### Where models differ"));
	free(md);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_matrix, runfix_setup, runfix_teardown),
		cmocka_unit_test_setup_teardown(test_report_section, runfix_setup, runfix_teardown),
		cmocka_unit_test_setup_teardown(test_no_cases, runfix_setup, runfix_teardown),
		cmocka_unit_test_setup_teardown(test_two_machines, runfix_setup, runfix_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
