/** @file
 * Unit tests of vmxbench compare (host-tools/lib/compare*.c): the bootstrap
 * interval on synthetic samples with a known shift, identical runs giving
 * no difference, and known differences (a verdict, a capability, a slower
 * measurement) found and called regressions; hostile text escaped in HTML.
 */
#include <math.h>
#include <string.h>

#include "runfix.h"
#include "lib/compare.h"
#include "lib/compare_stats.h"

static void test_ratio_known_shift(void **state)
{
	double a[200], b[200], c[200];
	struct cmp_ratio r;

	(void)state;
	/* B is A slowed by exactly 20 %: the interval holds 1.2 and excludes 1 */
	for (int i = 0; i < 200; i++) {
		a[i] = 100 + (i * 37) % 50;
		b[i] = a[i] * 1.2;
	}
	for (int i = 0; i < 200; i++)
		c[i] = a[(i * 7) % 200]; /* a permutation: the same distribution */
	cmp_ratio_ci(a, 200, b, 200, &r);
	assert_true(r.has_ci);
	assert_true(r.ratio > 1.199 && r.ratio < 1.201);
	assert_true(r.ci_lo <= 1.2 && r.ci_hi >= 1.2);
	assert_true(r.ci_lo > 1.05);
	assert_true(r.significant);
	/* the same distribution reordered: ratio 1, interval around 1, not significant */
	for (int i = 0; i < 200; i++)
		a[i] = 100 + (i * 37) % 50;
	cmp_ratio_ci(a, 200, c, 200, &r);
	assert_true(r.has_ci);
	assert_true(r.ratio > 0.999 && r.ratio < 1.001);
	assert_true(r.ci_lo <= 1 && r.ci_hi >= 1);
	assert_false(r.significant);
	/* two values a side: a ratio, no interval */
	cmp_ratio_ci(a, 2, b, 2, &r);
	assert_false(r.has_ci);
	assert_false(r.significant);
}

/* One run: a case, a vmx_caps record, a measurement with median @p med. */
static void one_run(struct loggen *g, const char *emu, const char *verdict, const char *observed,
		    const char *allowed1, int med, const char *desc)
{
	struct rec *r;

	loggen_init(g);
	loggen_begin(g, emu);
	loggen_haswell_cpuid(g);
	loggen_case(g, "entry", "ctl.a", "26.2.1.1", desc, "vmfail-valid:7", observed, verdict, NULL);
	loggen_case(g, "entry", "ctl.b", "26.2.1.1", "plain", "ok", "ok", "PASS", NULL);
	r = rec_open(&g->w, "vmx_caps");
	rec_obj_begin(r, "procbased2");
	rec_hex(r, "allowed0", 0);
	rec_str(r, "allowed1", allowed1);
	rec_obj_end(r);
	rec_close(r);
	r = rec_open(&g->w, "meas");
	rec_str(r, "suite", "shadow");
	rec_str(r, "name", "vmread.exiting.natural");
	rec_str(r, "unit", "tsc_ticks/op");
	rec_u64(r, "median", (uint64_t)med);
	rec_close(r);
	loggen_end(g);
}

static void side_of(struct runfix *f, struct cmp_side *s, const char *spec)
{
	char err[256];

	if (cmp_side_resolve(s, spec, &f->rs, err, sizeof(err)))
		fail_msg("%s: %s", spec, err);
}

#define HOSTILE "<img src=x onerror=alert(1)> [x](javascript:alert(1))"

static void test_compare_sides(void **state)
{
	struct runfix *f = *state;
	struct loggen g;
	struct cmp_side a, b;
	json_t *c, *d;
	char *html = NULL;
	size_t len = 0;
	FILE *m;
	static const char *const ids[] = { "a-1", "a-2", "a-3", "b-1", "b-2", "b-3" };

	/* three boots of model_a, three of model_b: B fails ctl.a, lacks a control, is 30 % slower */
	for (int i = 0; i < 6; i++) {
		bool isb = i >= 3;

		one_run(&g, isb ? "bochs:model_b" : "bochs:model_a", isb ? "DEVIATION" : "PASS",
			isb ? "ok" : "vmfail-valid:7", isb ? "0x1" : "0x3", isb ? 130 + i : 100 + i,
			HOSTILE);
		runfix_store(f, &g, ids[i], isb ? "1795631100" : "1795631000");
	}
	runfix_load(f);
	side_of(f, &a, "model:model_a");
	side_of(f, &b, "model_b"); /* a bare word finds the model */
	assert_int_equal(a.n, 3);
	assert_int_equal(b.n, 3);
	c = compare_sides(&a, &b, 0.05);
	assert_non_null(c);
	d = json_array_get(json_object_get(json_object_get(c, "conformance"), "differ"), 0);
	assert_string_equal(json_string_value(json_object_get(d, "case")), "entry/ctl.a");
	assert_string_equal(json_string_value(json_object_get(d, "kind")), "verdict");
	assert_true(json_is_true(json_object_get(d, "regression")));
	assert_int_equal(json_array_size(json_object_get(json_object_get(c, "conformance"), "differ")), 1);
	d = json_object_get(json_object_get(c, "capabilities"), "differ");
	assert_int_equal(json_array_size(d), 1); /* bit 1 of procbased2: descriptor-table exiting */
	assert_string_equal(json_string_value(json_object_get(json_array_get(d, 0), "a")), "yes");
	assert_string_equal(json_string_value(json_object_get(json_array_get(d, 0), "b")), "no");
	d = json_array_get(json_object_get(json_object_get(c, "measurements"), "rows"), 0);
	assert_true(json_is_true(json_object_get(d, "significant")));
	assert_true(json_is_true(json_object_get(d, "regression")));
	assert_int_equal(json_integer_value(json_object_get(c, "regressions")), 2);
	/* the description is record text: escaped in the page */
	m = open_memstream(&html, &len);
	compare_write_html(m, c);
	fclose(m);
	assert_null(strstr(html, "<img"));
	assert_null(strstr(html, "href"));
	free(html);
	json_decref(c);
	cmp_side_free(&b);

	/* a side against itself: no difference, no regression, every ratio 1 */
	side_of(f, &b, "model:model_a");
	c = compare_sides(&a, &b, 0.05);
	assert_int_equal(json_integer_value(json_object_get(c, "differences")), 0);
	assert_int_equal(json_integer_value(json_object_get(c, "regressions")), 0);
	d = json_array_get(json_object_get(json_object_get(c, "measurements"), "rows"), 0);
	assert_false(json_is_true(json_object_get(d, "significant")));
	json_decref(c);
	cmp_side_free(&a);
	cmp_side_free(&b);
}

/* One run whose measurement carries a distribution around @p base ticks (reps 1). */
static void hist_run(struct loggen *g, const char *emu, const char *hist, unsigned median)
{
	struct rec *r;

	loggen_init(g);
	loggen_begin(g, emu);
	loggen_haswell_cpuid(g);
	r = rec_open(&g->w, "meas");
	rec_str(r, "suite", "shadow");
	rec_str(r, "name", "vmread.exiting.natural");
	rec_str(r, "unit", "tsc_ticks/op");
	rec_u64(r, "reps", 1);
	rec_u64(r, "median", median);
	rec_str(r, "hist", hist);
	rec_close(r);
	loggen_end(g);
}

/* With distributions, one run a side is enough for an interval; a forged hist is ignored. */
static void test_compare_hist(void **state)
{
	struct runfix *f = *state;
	struct loggen g;
	struct cmp_side a, b;
	json_t *c, *d;

	/* buckets 64+(v-64)/2 for values 64..127: A around 100, B around 124 */
	hist_run(&g, "bochs:model_a", "81:10,82:500,83:20", 100);
	runfix_store(f, &g, "a-1", "1795631000");
	hist_run(&g, "bochs:model_b", "93:10,94:500,95:20", 124);
	runfix_store(f, &g, "b-1", "1795631100");
	hist_run(&g, "bochs:model_c", "33:5,32:5", 33); /* not ascending: no distribution */
	runfix_store(f, &g, "c-1", "1795631200");
	runfix_load(f);
	side_of(f, &a, "model_a");
	side_of(f, &b, "model_b");
	c = compare_sides(&a, &b, 0.05);
	d = json_array_get(json_object_get(json_object_get(c, "measurements"), "rows"), 0);
	assert_string_equal(json_string_value(json_object_get(d, "basis")), "samples");
	assert_true(json_is_number(json_object_get(d, "ci_lo")));
	assert_true(json_is_true(json_object_get(d, "significant")));
	/* the point figure is the records' medians (124 / 100), not the buckets' middles */
	assert_true(fabs(json_real_value(json_object_get(d, "ratio")) - 1.24) < 1e-9);
	assert_true(json_real_value(json_object_get(d, "ci_lo")) <= 1.24 &&
		    json_real_value(json_object_get(d, "ci_hi")) >= 1.24);
	json_decref(c);
	cmp_side_free(&b);
	side_of(f, &b, "model_c");
	c = compare_sides(&a, &b, 0.05);
	d = json_array_get(json_object_get(json_object_get(c, "measurements"), "rows"), 0);
	assert_string_equal(json_string_value(json_object_get(d, "basis")), "boots");
	assert_true(json_is_null(json_object_get(d, "ci_lo"))); /* one median a side: no interval */
	json_decref(c);
	cmp_side_free(&a);
	cmp_side_free(&b);
}

static void test_side_errors(void **state)
{
	struct runfix *f = *state;
	struct loggen g;
	struct cmp_side s;
	char err[256];

	one_run(&g, "bochs:model_a", "PASS", "vmfail-valid:7", "0x3", 100, "d");
	runfix_store(f, &g, "a-1", "1795631000");
	runfix_load(f);
	assert_int_equal(cmp_side_resolve(&s, "model:nosuch", &f->rs, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "CPU model"));
	cmp_side_free(&s);
	assert_int_equal(cmp_side_resolve(&s, "nosuch", NULL, err, sizeof(err)), -1);
	cmp_side_free(&s);
	assert_int_equal(cmp_side_resolve(&s, "run:a-1", &f->rs, err, sizeof(err)), 0);
	assert_int_equal(s.n, 1);
	cmp_side_free(&s);
	/* a results directory and a stored run file are sides too */
	assert_int_equal(cmp_side_resolve(&s, f->results, NULL, err, sizeof(err)), 0);
	assert_int_equal(s.n, 1);
	cmp_side_free(&s);
	assert_int_equal(cmp_side_resolve(&s, f->rs.v[0].path, NULL, err, sizeof(err)), 0);
	assert_int_equal(s.n, 1);
	cmp_side_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ratio_known_shift),
		cmocka_unit_test_setup_teardown(test_compare_sides, runfix_setup, runfix_teardown),
		cmocka_unit_test_setup_teardown(test_side_errors, runfix_setup, runfix_teardown),
		cmocka_unit_test_setup_teardown(test_compare_hist, runfix_setup, runfix_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
