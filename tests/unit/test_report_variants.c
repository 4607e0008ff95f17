/** @file
 * Unit tests of the measurement dimensions issue 12 adds (docs/record-format.md):
 * `kind` latency and `vpid` off are rows of their own in the per-path table and
 * stay out of the gain; `field_set`/`cache` variants are K series of their own
 * and stay out of the break-even; the payload's break-even per field set is a
 * table; cycles lead the per-path cells when present.
 */
#include <math.h>
#include <string.h>

#include "runfix.h"
#include "lib/meas.h"
#include "lib/report.h"

static void meas(struct loggen *g, const char *name, const char *op, const char *path,
		 const char *kind, const char *vpid, const char *set, const char *cache, int k,
		 int64_t median, int64_t cycles)
{
	struct rec *r = rec_open(&g->w, "meas");

	rec_str(r, "suite", "sh");
	rec_str(r, "name", name);
	rec_str(r, "op", op);
	if (path) {
		rec_str(r, "path", path);
		rec_str(r, "width", "16");
	}
	if (k >= 0)
		rec_u64(r, "k", (uint64_t)k);
	if (kind)
		rec_str(r, "kind", kind);
	if (vpid)
		rec_str(r, "vpid", vpid);
	if (set)
		rec_str(r, "field_set", set);
	if (cache)
		rec_str(r, "cache", cache);
	rec_str(r, "unit", "tsc_ticks/op");
	rec_i64(r, "median", median);
	rec_i64(r, "p99", median + 1);
	if (cycles >= 0)
		rec_i64(r, "cycles_median", cycles);
	rec_close(r);
}

static void make_run(struct runfix *f)
{
	struct loggen g;
	struct rec *r;

	loggen_init(&g);
	loggen_begin(&g, NULL);
	loggen_haswell_cpuid(&g);
	meas(&g, "vmread.shadowed.16", "vmread", "shadowed", NULL, "on", NULL, NULL, -1, 10, 12);
	meas(&g, "vmread.exiting.16", "vmread", "exiting", NULL, "on", NULL, NULL, -1, 110, 130);
	meas(&g, "vmread.shadowed.16.lat", "vmread", "shadowed", "latency", "on", NULL, NULL, -1,
	     30, 36);
	meas(&g, "vmread.exiting.16.lat", "vmread", "exiting", "latency", "on", NULL, NULL, -1,
	     1000, 1200);
	meas(&g, "vmread.exiting.16.novpid", "vmread", "exiting", NULL, "off", NULL, NULL, -1, 900,
	     1000);
	meas(&g, "sync-read.1", "sync-read", NULL, NULL, NULL, "first-k", "hot", 1, 50, -1);
	meas(&g, "sync-read.2", "sync-read", NULL, NULL, NULL, "first-k", "hot", 2, 100, -1);
	meas(&g, "sync-read.3", "sync-read", NULL, NULL, NULL, "all", "hot", 3, 150, -1);
	meas(&g, "sync-read.kvm.2", "sync-read", NULL, NULL, NULL, "kvm", "hot", 2, 7000, -1);
	meas(&g, "sync-read.kvm.2.cold", "sync-read", NULL, NULL, NULL, "kvm", "cold", 2, 9000, -1);
	r = rec_open(&g.w, "sh_breakeven");
	rec_u64(r, "k", 35);
	rec_str(r, "field_set", "kvm");
	rec_str(r, "cache", "cold");
	rec_bool(r, "all", false);
	rec_u64(r, "sync_read", 300);
	rec_u64(r, "sync_write", 400);
	rec_u64(r, "exiting", 110);
	rec_u64(r, "shadowed", 10);
	rec_u64(r, "breakeven", 7);
	rec_close(r);
	loggen_end(&g);
	runfix_store(f, &g, "v-1", "1795631000");
	runfix_load(f);
}

static void test_views(void **state)
{
	struct runfix *f = *state;
	json_t *v[32];
	size_t n;
	struct meas_pivot p;
	struct meas_ksets ks;

	make_run(f);
	n = meas_of(&f->rs.v[0], "sh", v, 32);
	assert_int_equal(n, 10);
	assert_int_equal(meas_pivot_build(v, n, &p), 0);
	assert_int_equal(p.nrows, 3);
	assert_string_equal(p.rows[0], "vmread 16");
	assert_string_equal(p.rows[1], "vmread 16 latency");
	assert_string_equal(p.rows[2], "vmread 16 novpid");
	assert_true(p.row_default[0] && !p.row_default[1] && !p.row_default[2]);
	/* the gain is the throughput row's alone: 110 - 10 */
	assert_true(meas_shadow_gain(&p) == 100.0);
	assert_true(meas_shadow_ratio(&p) == 11.0);
	assert_int_equal(meas_ksets_build(v, n, &ks), 0);
	assert_int_equal(ks.n, 3);
	assert_string_equal(ks.s[0].name, "sync-read");
	assert_true(ks.s[0].dflt);
	assert_int_equal(ks.s[0].n, 3); /* first-k 1, 2 and all at 3: one sweep */
	assert_int_equal(ks.s[0].k[2], 3);
	assert_string_equal(ks.s[1].name, "sync-read [kvm]");
	assert_false(ks.s[1].dflt);
	assert_string_equal(ks.s[2].name, "sync-read [kvm] cold");
	/* break-even over the K sweep only: 100 / 100, the kvm series (7000) left out */
	assert_true(meas_breakeven(&ks, 2, 100.0) == 1.0);
	assert_true(meas_default_variant(v[0]) && !meas_default_variant(v[2]));
	meas_pivot_free(&p);
	meas_ksets_free(&ks);
}

static void test_report(void **state)
{
	struct runfix *f = *state;
	char *out = NULL;

	make_run(f);
	RUNFIX_CAPTURE(out, report_write(f_, &f->rs));
	assert_non_null(strstr(out, "Core cycles · TSC ticks, median (TSC p99) per path:"));
	assert_non_null(strstr(out, "| vmread 16 | 12 · 10 (11) | 130 · 110 (111) | 11 |\n"));
	assert_non_null(strstr(out, "| vmread 16 latency | 36 · 30 (31) | 1200 · 1000 (1001) |"));
	assert_non_null(strstr(out, "| vmread 16 novpid |  | 1000 · 900 (901) |"));
	/* at the sweep's largest K, the all-fields point: 150 / 100 */
	assert_non_null(strstr(out, "**Break-even at K = 3: 1.5** guest"));
	assert_non_null(strstr(out, "| K | sync-read | sync-read \\[kvm\\] | sync-read \\[kvm\\] cold |"));
	assert_non_null(strstr(out, "| Field set | Cache | K | Sync read | Sync write | Exiting | "
				    "Shadowed | Break-even |\n"));
	assert_non_null(strstr(out, "| kvm | cold | 35 | 300 | 400 | 110 | 10 | 7 |\n"));
	/* the full table: kind and VPID columns */
	assert_non_null(strstr(out, "| vmread.exiting.16.novpid | throughput | off | 1000 |"));
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_views, runfix_setup, runfix_teardown),
		cmocka_unit_test_setup_teardown(test_report, runfix_setup, runfix_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
