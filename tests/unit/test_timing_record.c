/** @file
 * Unit tests of the measurement records: rec_ratio's decimal formatting
 * and the exact `meas` / `timing` lines built by timing_record.c.
 */
#include "unit.h"
#include <stdio.h>
#include <string.h>
#include "measure/timing.h"
#include "record/writer.h"

static char line[REC_LINE_MAX + 16];

static void sink(const char *l, size_t n, void *ctx)
{
	(void)ctx;
	memcpy(line, l, n);
	line[n] = 0;
}

/* The record's JSON between the tag and the CRC member. */
static const char *body_of(void)
{
	char *crc = strstr(line, ",\"crc\":");

	if (crc)
		*crc = 0;
	return line + strlen(REC_TAG);
}

static const char *ratio(int64_t num, uint32_t den)
{
	struct rec w;

	rec_init(&w, sink, NULL);
	rec_open(&w, "t");
	rec_ratio(&w, "v", num, den);
	rec_close(&w);
	return strstr(body_of(), "\"v\":") + 4;
}

static void test_ratio(void **state)
{
	(void)state;
	assert_string_equal(ratio(10, 1), "10");
	assert_string_equal(ratio(1000, 100), "10");
	assert_string_equal(ratio(1005, 100), "10.05");
	assert_string_equal(ratio(1, 3), "0.333");
	assert_string_equal(ratio(2, 3), "0.667");
	assert_string_equal(ratio(-1, 4), "-0.25");
	assert_string_equal(ratio(-1, 3000), "0");      /* rounds to zero: no "-0" */
	assert_string_equal(ratio(-2, 3000), "-0.001");
	assert_string_equal(ratio(1, 2000), "0.001");   /* half away from zero */
	assert_string_equal(ratio(9999, 10000), "1");   /* carry into the integer */
	assert_string_equal(ratio(0, 7), "0");
	assert_string_equal(ratio(5, 0), "5");          /* den 0 counts as 1 */
	assert_string_equal(ratio(INT64_MIN, 1), "-9223372036854775808");
	assert_string_equal(ratio(INT64_MAX, 0xffffffffu), "2147483648.5");
	assert_string_equal(ratio(123456789, 1000), "123456.789");
}

static struct meas_result sample_result(void)
{
	struct meas_result r = {
		.reps = 100, .warmup = 20, .overhead = 57,
		.tsc = { .min = 990, .p5 = 1000, .median = 1000, .p95 = 1001, .p99 = 1250,
			 .max = 4000, .mad = 1, .count = 200, .discarded = 3 },
		.smi_known = true, .smi_seen = 4, .discarded_smi = 3,
		.lapic_masked = true, .tsc_hz = 2400000000ull, .tsc_source = "cpuid15",
	};
	return r;
}

static const char *meas_line(const struct meas_result *r)
{
	struct rec w;

	rec_init(&w, sink, NULL);
	meas_write(rec_open(&w, "meas"), "noise", "nop10", r);
	rec_close(&w);
	return body_of();
}

static void test_meas_no_cycles(void **state)
{
	struct meas_result r = sample_result();

	(void)state;
	assert_string_equal(meas_line(&r),
		"{\"type\":\"meas\",\"seq\":0,\"suite\":\"noise\",\"name\":\"nop10\","
		"\"unit\":\"tsc_ticks/op\",\"reps\":100,\"n\":200,\"discarded\":3,\"warmup\":20,"
		"\"min\":9.9,\"p5\":10,\"median\":10,\"p95\":10.01,\"p99\":12.5,\"max\":40,"
		"\"mad\":0.01,\"overhead\":57,\"cycles\":\"absent\",\"smi\":\"msr\","
		"\"smi_count\":4,\"tsc_hz\":2400000000,\"tsc_source\":\"cpuid15\","
		"\"lapic_masked\":true,\"emulated\":false");
}

static void test_meas_cycles_negative(void **state)
{
	struct meas_result r = sample_result();

	(void)state;
	r.reps = 1;
	r.tsc = (struct stats_i64){ .min = -12, .p5 = -4, .median = 0, .p95 = 4, .p99 = 8,
				    .max = 30, .mad = 2, .count = 1000 };
	r.has_cycles = true;
	r.cycles = (struct stats_i64){ .min = -3, .p5 = 0, .median = 1, .p95 = 2, .p99 = 2,
				       .max = 5, .mad = UINT64_MAX, .count = 1000 };
	r.smi_known = false;
	r.tsc_hz = 0;
	r.tsc_source = NULL;
	r.emulated = true;
	r.lapic_masked = false;
	assert_string_equal(meas_line(&r),
		"{\"type\":\"meas\",\"seq\":0,\"suite\":\"noise\",\"name\":\"nop10\","
		"\"unit\":\"tsc_ticks/op\",\"reps\":1,\"n\":1000,\"discarded\":0,\"warmup\":20,"
		"\"min\":-12,\"p5\":-4,\"median\":0,\"p95\":4,\"p99\":8,\"max\":30,\"mad\":2,"
		"\"overhead\":57,\"cycles\":\"fixed1\",\"cycles_min\":-3,\"cycles_p5\":0,"
		"\"cycles_median\":1,\"cycles_p95\":2,\"cycles_p99\":2,\"cycles_max\":5,"
		"\"cycles_mad\":18446744073709551615,\"smi\":\"absent\",\"tsc_hz\":0,"
		"\"tsc_source\":\"none\",\"lapic_masked\":false,\"emulated\":true");
}

static void test_meas_all_discarded(void **state)
{
	struct meas_result r = sample_result();

	(void)state;
	r.tsc = (struct stats_i64){ .count = 0, .discarded = 200 };
	r.has_cycles = true;
	r.cycles = (struct stats_i64){ .count = 0, .discarded = 200 };
	assert_string_equal(meas_line(&r),
		"{\"type\":\"meas\",\"seq\":0,\"suite\":\"noise\",\"name\":\"nop10\","
		"\"unit\":\"tsc_ticks/op\",\"reps\":100,\"n\":0,\"discarded\":200,\"warmup\":20,"
		"\"cycles\":\"fixed1\",\"smi\":\"msr\",\"smi_count\":4,\"tsc_hz\":2400000000,"
		"\"tsc_source\":\"cpuid15\",\"lapic_masked\":true,\"emulated\":false");
}

static void test_timing_record(void **state)
{
	struct timing_info ti = {
		.tsc = true, .rdtscp = false, .tsc_hz = 10000000, .tsc_source = "pit",
		.cycles = false, .cycles_reason = "no CPUID leaf 0Ah", .lapic = "xapic",
		.lvt_entries = 7,
	};
	struct meas_cfg cfg = { .samples = 200, .warmup = 20, .reps = 1, .emulated = true };
	struct rec w;

	(void)state;
	rec_init(&w, sink, NULL);
	timing_write(rec_open(&w, "timing"), &ti, &cfg);
	rec_close(&w);
	assert_string_equal(body_of(),
		"{\"type\":\"timing\",\"seq\":0,\"tsc\":true,\"tsc_source\":\"pit\","
		"\"tsc_hz\":10000000,\"invariant_tsc\":false,"
		"\"read_begin\":\"mfence;lfence;rdtsc;lfence\","
		"\"read_end\":\"lfence;rdtsc;lfence\",\"overhead_method\":\"t(2N)-t(N)\","
		"\"cycles\":\"absent\",\"cycles_reason\":\"no CPUID leaf 0Ah\","
		"\"pmu_version\":0,\"fixed_counters\":0,\"smi\":\"absent\",\"lapic\":\"xapic\","
		"\"lvt_masked\":7,\"interrupts_masked\":true,\"samples\":200,\"warmup\":20,"
		"\"samples_max\":100000,\"emulated\":true");
	assert_true(strlen(line) < REC_LINE_MAX);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ratio),
		cmocka_unit_test(test_meas_no_cycles),
		cmocka_unit_test(test_meas_cycles_negative),
		cmocka_unit_test(test_meas_all_discarded),
		cmocka_unit_test(test_timing_record),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
