/** @file
 * Unit tests of the measurement views (host-tools/lib/meas.c), the report's
 * measurements section and the chart files (host-tools/lib/chart.c): plain
 * records compared across models, per-path table and exiting/shadowed
 * ratio, cost against K and the break-even, gnuplot data and scripts.
 * (Running gnuplot itself is tested end to end: tests/e2e/t_report.sh.)
 */
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "runfix.h"
#include "lib/chart.h"
#include "lib/meas.h"
#include "lib/report.h"

/* A shadow-like suite on model A, the noise suite on A and B (B on silicon: no emulator). */
static void make_runs(struct runfix *f)
{
	struct loggen g;
	struct rec *r;

	loggen_init(&g);
	loggen_begin(&g, "bochs:model_a");
	loggen_haswell_cpuid(&g);
	loggen_meas(&g, "noise", "nop10", NULL, NULL, NULL, -1, 10);
	loggen_meas(&g, "noise", "cpuid.0", NULL, NULL, NULL, -1, 5);
	loggen_meas(&g, "sh", "vmread.shadowed.16", "vmread", "shadowed", "16", -1, 10);
	loggen_meas(&g, "sh", "vmread.exiting.16", "vmread", "exiting", "16", -1, 100);
	loggen_meas(&g, "sh", "vmwrite.shadowed.16", "vmwrite", "shadowed", "16", -1, 20);
	loggen_meas(&g, "sh", "vmwrite.exiting.16", "vmwrite", "exiting", "16", -1, 120);
	loggen_meas(&g, "sh", "vmread.root-ordinary.64", "vmread", "root-ordinary", "64", -1, 3);
	/* K out of order: the series must come out sorted */
	loggen_meas(&g, "sh", "sync-read.2", "sync-read", NULL, NULL, 2, 95);
	loggen_meas(&g, "sh", "sync-read.1", "sync-read", NULL, NULL, 1, 50);
	loggen_meas(&g, "sh", "sync-write.1", "sync-write", NULL, NULL, 1, 45);
	loggen_meas(&g, "sh", "sync-write.2", "sync-write", NULL, NULL, 2, 95);
	r = rec_open(&g.w, "sh_breakeven"); /* the payload's own figure, shown beside ours */
	rec_u64(r, "k", 2);
	rec_bool(r, "all", true);
	rec_ratio(r, "breakeven", 201, 100);
	rec_close(r);
	loggen_end(&g);
	runfix_store(f, &g, "a-1", "1795631000");
	loggen_init(&g);
	loggen_begin(&g, NULL);
	loggen_haswell_cpuid(&g);
	loggen_meas(&g, "noise", "cpuid.0", NULL, NULL, NULL, -1, 120);
	loggen_meas(&g, "noise", "rdtsc", NULL, NULL, NULL, -1, 25);
	loggen_end(&g);
	runfix_store(f, &g, "b-1", "1795631000");
	runfix_load(f);
}

static json_t **recs_of(struct runfix *f, const char *run, const char *suite, size_t *n)
{
	static json_t *v[64];

	for (size_t i = 0; i < f->rs.n; i++)
		if (!strcmp(f->rs.v[i].run_id, run)) {
			*n = meas_of(&f->rs.v[i], suite, v, 64);
			return v;
		}
	*n = 0;
	return v;
}

static void test_views(void **state)
{
	struct runfix *f = *state;
	const char *suites[8];
	struct meas_pivot p;
	struct meas_ksets ks;
	json_t **v;
	size_t n;
	char b[32];

	make_runs(f);
	assert_int_equal(meas_suites(&f->rs, suites, 8), 2);
	assert_string_equal(suites[0], "noise");
	assert_string_equal(suites[1], "sh");
	v = recs_of(f, "a-1", "sh", &n);
	assert_int_equal(n, 9);
	assert_int_equal(meas_pivot_build(v, n, &p), 0);
	assert_int_equal(p.ncols, 3); /* shadowed, exiting, root-ordinary */
	assert_string_equal(p.cols[0], "shadowed");
	assert_string_equal(p.cols[2], "root-ordinary");
	assert_int_equal(p.nrows, 3);
	assert_string_equal(p.rows[0], "vmread 16");
	assert_string_equal(p.rows[2], "vmread 64");
	assert_null(meas_pivot_cell(&p, 2, 0));
	/* gain = mean(100 - 10, 120 - 20) = 95 */
	assert_true(meas_shadow_gain(&p) == 95.0);
	assert_int_equal(meas_ksets_build(v, n, &ks), 0);
	assert_int_equal(ks.n, 2);
	assert_string_equal(ks.s[0].name, "sync-read");
	assert_int_equal(ks.s[0].n, 2);
	assert_int_equal(ks.s[0].k[0], 1);
	assert_int_equal(ks.s[0].k[1], 2);
	/* break-even at K=2: (95 + 95) / 95 = 2; at K=1: (50 + 45) / 95 = 1 */
	assert_true(meas_breakeven(&ks, 2, 95.0) == 2.0);
	assert_true(meas_breakeven(&ks, 1, 95.0) == 1.0);
	assert_true(isnan(meas_breakeven(&ks, 3, 95.0)));
	assert_true(isnan(meas_breakeven(&ks, 1, 0)));
	meas_fmt(2.25, b, sizeof(b));
	assert_string_equal(b, "2.25");
	meas_fmt(-0.0001, b, sizeof(b));
	assert_string_equal(b, "0");
	meas_fmt(NAN, b, sizeof(b));
	assert_string_equal(b, "-");
	meas_pivot_free(&p);
	meas_ksets_free(&ks);
}

static void test_report(void **state)
{
	struct runfix *f = *state;
	char *out = NULL;

	make_runs(f);
	RUNFIX_CAPTURE(out, report_write(f_, &f->rs));
	/* the emulated model's tables say what their numbers are, silicon gets ns */
	assert_non_null(strstr(out, "#### model_a — **emulated: Bochs TSC counts instructions**"));
	assert_non_null(strstr(out, "| nop10 | 10 | 12.25 | 9 | 15 | 1 | 200 | 1 | tsc_ticks/op |\n"));
	assert_non_null(strstr(out, "| cpuid.0 | 120 | 122.25 | 119 | 125 | 1 | 200 | 1 | "
				    "tsc_ticks/op | 120 |\n"));
	/* medians across models, blank where a model lacks the measurement */
	assert_non_null(strstr(out, "| Name | model_a (emulated) | Haswell 06-3c-3 |"));
	assert_non_null(strstr(out, "| nop10 | 10 | - |\n"));
	assert_non_null(strstr(out, "| rdtsc | - | 25 |\n"));
	/* per path, with the ratio */
	assert_non_null(strstr(out, "| Op, width | shadowed | exiting | root-ordinary | exiting / "
				    "shadowed |"));
	assert_non_null(strstr(out, "| vmread 16 | 10 (12.25) | 100 (102.25) |  | 10 |\n"));
	assert_non_null(strstr(out, "| vmwrite 16 | 20 (22.25) | 120 (122.25) |  | 6 |\n"));
	assert_non_null(strstr(out, "**Break-even at K = 2: 2** guest"));
	/* across models: ratio (100 + 120) / (10 + 20) = 7.333, gain 95, break-even 2 at K = 2,
	 * the payload's sh_breakeven record says 2.01 */
	assert_non_null(strstr(out, "| model_a (emulated) | 7.333 | 95 | 2 | 2 | 2.01 |\n"));
	assert_non_null(strstr(out, "| K | sync-read | sync-write | break-even |"));
	assert_non_null(strstr(out, "| 1 | 50 | 45 | 1 |\n| 2 | 95 | 95 | 2 |\n"));
	free(out);
}

static char *data_of(struct runfix *f, const struct chart *c, bool script)
{
	char *out = NULL;

	RUNFIX_CAPTURE(out, script ? chart_write_script(&f->rs, c, f_) :
				     chart_write_data(&f->rs, c, f_));
	return out;
}

static void test_charts(void **state)
{
	struct runfix *f = *state;
	struct chart c[16];
	size_t n;
	char *d;

	make_runs(f);
	n = chart_plan(&f->rs, c, 16);
	assert_int_equal(n, 3);
	assert_int_equal(c[0].kind, CHART_MEDIANS);
	assert_string_equal(c[0].name, "noise-medians");
	assert_string_equal(c[0].title, "noise: median per model (emulated models marked)");
	assert_int_equal(c[1].kind, CHART_PATHS);
	assert_string_equal(c[1].name, "sh-paths-emu-bochs-model_a-haswell-06-3c-3");
	assert_string_equal(c[1].title, "sh: median per path, model_a (emulated)");
	assert_int_equal(c[2].kind, CHART_SYNC);
	assert_string_equal(c[2].title, "sh: sync cost against K (emulated)");

	d = data_of(f, &c[0], false);
	assert_string_equal(d, "# noise: median per model (emulated models marked)\n"
			       "\"name\" \"model_a (emulated)\" \"Haswell 06-3c-3\"\n"
			       "\"nop10\" 10 -\n\"cpuid.0\" 5 120\n\"rdtsc\" - 25\n");
	free(d);
	d = data_of(f, &c[0], true);
	assert_non_null(strstr(d, "set output 'noise-medians.svg'"));
	assert_non_null(strstr(d, "set output 'noise-medians.png'"));
	assert_non_null(strstr(d, "plot for [i=2:3] 'noise-medians.dat' using i:xtic(1) title "
				  "columnheader(i)"));
	assert_non_null(strstr(d, "set title 'noise: median per model (emulated models marked)'"));
	/* one model on silicon: the axis must not claim instruction counts */
	assert_non_null(strstr(d, "set ylabel \"median ticks/op (emulated)\""));
	free(d);
	d = data_of(f, &c[1], false);
	assert_string_equal(d, "# sh: median per path, model_a (emulated)\n"
			       "\"op width\" \"shadowed\" \"exiting\" \"root-ordinary\"\n"
			       "\"vmread 16\" 10 100 -\n\"vmwrite 16\" 20 120 -\n"
			       "\"vmread 64\" - - 3\n");
	free(d);
	d = data_of(f, &c[2], false);
	assert_string_equal(d, "# sh: sync cost against K (emulated)\n"
			       "\"K\" \"model_a (emulated): sync-read\"\n1 50\n2 95\n"
			       "\n\n\"K\" \"model_a (emulated): sync-write\"\n1 45\n2 95\n");
	free(d);
	d = data_of(f, &c[2], true);
	/* key titles come from the data file, never from the script */
	assert_non_null(strstr(d, "'sh-sync.dat' index 0 using 1:2 with linespoints title "
				  "columnheader(2)"));
	assert_null(strstr(d, "sync-read"));
	assert_non_null(strstr(d, "'sh-sync.dat' index 1 using 1:2"));
	assert_non_null(strstr(d, "set ylabel \"median ticks per sync (emulated: Bochs instructions)\""));
	free(d);
	/* names are file-safe whatever the suite is called */
	chart_name(CHART_MEDIANS, "../x y", NULL, c[0].name, sizeof(c[0].name));
	assert_string_equal(c[0].name, "_.._x_y-358c74d5-medians");
	/* ... and distinct: cleaning must not make two suites share one chart file */
	chart_name(CHART_MEDIANS, "../x_y", NULL, c[1].name, sizeof(c[1].name));
	assert_string_not_equal(c[0].name, c[1].name);
	chart_name(CHART_MEDIANS, "noise", NULL, c[1].name, sizeof(c[1].name));
	assert_string_equal(c[1].name, "noise-medians");
}

/* Scripts and data written into a directory without gnuplot (rendering is e2e). */
static void test_files(void **state)
{
	struct runfix *f = *state;
	char path[256];

	make_runs(f);
	snprintf(path, sizeof(path), "%s/charts", f->dir);
	assert_int_equal(chart_all(&f->rs, path, false, NULL, stderr), 0);
	snprintf(path, sizeof(path), "%s/charts/sh-sync.gp", f->dir);
	assert_int_equal(access(path, R_OK), 0);
	snprintf(path, sizeof(path), "%s/charts/noise-medians.dat", f->dir);
	assert_int_equal(access(path, R_OK), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_views, runfix_setup, runfix_teardown),
		cmocka_unit_test_setup_teardown(test_report, runfix_setup, runfix_teardown),
		cmocka_unit_test_setup_teardown(test_charts, runfix_setup, runfix_teardown),
		cmocka_unit_test_setup_teardown(test_files, runfix_setup, runfix_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
