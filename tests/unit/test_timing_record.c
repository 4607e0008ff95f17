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
		"\"mad\":0.01,\"overhead\":57,\"cycles\":\"absent\",\"instructions\":\"absent\",\"smi\":\"msr\","
		"\"smi_count\":4,\"tsc_hz\":2400000000,\"tsc_source\":\"cpuid15\","
		"\"lapic_masked\":true,\"pic_masked\":false,\"ioapic_masked\":0,\"tpr\":\"absent\","
		"\"irq_pending\":\"none\",\"counter_overflow\":false,\"aperf_mperf\":\"absent\","
		"\"emulated\":false");
}

/* The distribution: buckets ascending, and the samples left out of it. */
static void test_meas_hist(void **state)
{
	struct meas_result r = sample_result();
	const char *l;

	(void)state;
	r.nhist = 3;
	r.hist[0] = (struct hist_entry){ 15, 2 };
	r.hist[1] = (struct hist_entry){ 16, 190 };
	r.hist[2] = (struct hist_entry){ 483, 5 };
	r.hist_negative = 1;
	r.hist_other = 2;
	l = meas_line(&r);
	assert_non_null(strstr(l, "\"overhead\":57,\"hist\":\"15:2,16:190,483:5\",\"hist_negative\":1,"
				  "\"hist_other\":2,\"cycles\""));
	/* every sample discarded: no statistics, no distribution */
	r.tsc.count = 0;
	assert_null(strstr(meas_line(&r), "\"hist\""));
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
		"\"cycles_mad\":18446744073709551615,\"instructions\":\"absent\",\"smi\":\"absent\",\"tsc_hz\":0,"
		"\"tsc_source\":\"none\",\"lapic_masked\":false,\"pic_masked\":false,\"ioapic_masked\":0,"
		"\"tpr\":\"absent\",\"irq_pending\":\"none\",\"counter_overflow\":false,"
		"\"aperf_mperf\":\"absent\",\"emulated\":true");
}

static void test_meas_median_ci(void **state)
{
	struct meas_result r = sample_result();
	const char *line;

	(void)state;
	r.tsc.has_ci = true;
	r.tsc.ci_lo = 995;
	r.tsc.ci_hi = 1001;
	r.has_cycles = true;
	r.cycles = (struct stats_i64){ .min = -3, .median = 1, .max = 5, .count = 200,
				       .has_ci = true, .ci_lo = -1, .ci_hi = 250 };
	r.has_instructions = true;
	r.instructions = (struct stats_i64){ .median = 300, .count = 200, .has_ci = true,
					     .ci_lo = 300, .ci_hi = 301 };
	line = meas_line(&r);
	/* per operation (/ reps), right after each block's mad, with the block's prefix */
	assert_non_null(strstr(line, "\"mad\":0.01,\"median_ci_lo\":9.95,\"median_ci_hi\":10.01,"));
	assert_non_null(strstr(line, "\"cycles_median_ci_lo\":-0.01,\"cycles_median_ci_hi\":2.5,"));
	/* the longest key whole */
	assert_non_null(strstr(line, "\"instructions_median_ci_lo\":3,\"instructions_median_ci_hi\":3.01,"));
	/* without a CI (n < 6) the members are absent */
	r.tsc.has_ci = r.cycles.has_ci = r.instructions.has_ci = false;
	assert_null(strstr(meas_line(&r), "median_ci"));
}

static void test_meas_all_discarded(void **state)
{
	struct meas_result r = sample_result();

	(void)state;
	r.tsc = (struct stats_i64){ .count = 0, .discarded = 200 };
	r.has_cycles = true;
	r.cycles = (struct stats_i64){ .count = 0, .discarded = 200 };
	r.has_instructions = true; /* no samples: the name of the counter, no statistics */
	r.instructions = (struct stats_i64){ .count = 0, .discarded = 200 };
	assert_string_equal(meas_line(&r),
		"{\"type\":\"meas\",\"seq\":0,\"suite\":\"noise\",\"name\":\"nop10\","
		"\"unit\":\"tsc_ticks/op\",\"reps\":100,\"n\":0,\"discarded\":200,\"warmup\":20,"
		"\"cycles\":\"fixed1\",\"instructions\":\"fixed0\",\"smi\":\"msr\",\"smi_count\":4,"
		"\"tsc_hz\":2400000000,\"tsc_source\":\"cpuid15\",\"lapic_masked\":true,"
		"\"pic_masked\":false,\"ioapic_masked\":0,\"tpr\":\"absent\",\"irq_pending\":\"none\","
		"\"counter_overflow\":false,\"aperf_mperf\":\"absent\",\"emulated\":false");
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
		"\"instructions\":\"absent\",\"pmu_version\":0,\"fixed_counters\":0,"
		"\"fixed_enabled\":\"0x0\",\"overflow_check\":false,\"freeze_while_smm\":false,"
		"\"aperf_mperf\":\"absent\",\"turbo\":\"as-found\",\"smi\":\"absent\","
		"\"lapic\":\"xapic\",\"lvt_masked\":7,\"pic_masked\":false,\"ioapic_masked\":0,"
		"\"tpr\":\"absent\",\"interrupts_masked\":true,\"samples\":200,\"warmup\":20,"
		"\"samples_max\":100000,\"emulated\":true");
	assert_true(strlen(line) < REC_LINE_MAX);
}

/* Every counter and masking member present: silicon as the record shows it. */
static void test_meas_counters(void **state)
{
	struct meas_result r = sample_result();

	(void)state;
	r.has_cycles = true;
	r.cycles = (struct stats_i64){ .min = 1200, .p5 = 1200, .median = 1300, .p95 = 1300,
				       .p99 = 1400, .max = 1500, .mad = 0, .count = 200 };
	r.has_instructions = true;
	r.instructions = (struct stats_i64){ .min = 300, .p5 = 300, .median = 300, .p95 = 300,
					     .p99 = 300, .max = 301, .mad = 0, .count = 200 };
	r.counter_overflow = true;
	r.has_aperf = true;
	r.aperf_mperf_milli = 1234;
	r.irq = (struct meas_irq){ .pic_masked = true, .ioapic_masked = 24, .tpr_set = true,
				   .tpr = 0xf0, .pic_irr = 0x0001 };
	r.irq.lapic_irr[1] = 1u << 16; /* vector 0x30 */
	assert_string_equal(meas_line(&r),
		"{\"type\":\"meas\",\"seq\":0,\"suite\":\"noise\",\"name\":\"nop10\","
		"\"unit\":\"tsc_ticks/op\",\"reps\":100,\"n\":200,\"discarded\":3,\"warmup\":20,"
		"\"min\":9.9,\"p5\":10,\"median\":10,\"p95\":10.01,\"p99\":12.5,\"max\":40,"
		"\"mad\":0.01,\"overhead\":57,\"cycles\":\"fixed1\",\"cycles_min\":12,"
		"\"cycles_p5\":12,\"cycles_median\":13,\"cycles_p95\":13,\"cycles_p99\":14,"
		"\"cycles_max\":15,\"cycles_mad\":0,\"instructions\":\"fixed0\","
		"\"instructions_min\":3,\"instructions_p5\":3,\"instructions_median\":3,"
		"\"instructions_p95\":3,\"instructions_p99\":3,\"instructions_max\":3.01,"
		"\"instructions_mad\":0,\"smi\":\"msr\",\"smi_count\":4,\"tsc_hz\":2400000000,"
		"\"tsc_source\":\"cpuid15\",\"lapic_masked\":true,\"pic_masked\":true,"
		"\"ioapic_masked\":24,\"tpr\":\"0xf0\",\"irq_pending\":\"lapic-irr:0x30,pic-irr:0x0001\","
		"\"counter_overflow\":true,\"aperf_mperf\":1.234,\"emulated\":false");
	assert_true(strlen(line) < REC_LINE_MAX);
}

static const char *pending(const struct meas_irq *irq, unsigned size)
{
	static char buf[200];

	memset(buf, 'x', sizeof(buf));
	timing_irq_pending_format(irq, buf, size);
	return buf;
}

static void test_irq_pending(void **state)
{
	struct meas_irq irq = { 0 };

	(void)state;
	assert_string_equal(pending(&irq, 200), "none");
	irq.pic_isr = 0x0100; /* IRQ 8, on the slave */
	assert_string_equal(pending(&irq, 200), "pic-isr:0x0100");
	/* five requested vectors: four by name, the rest counted */
	irq.lapic_irr[1] = (1u << 16) | (1u << 17);        /* 0x30, 0x31 */
	irq.lapic_irr[7] = (1u << 15) | (3u << 30);        /* 0xef, 0xfe, 0xff */
	irq.lapic_isr[0] = 1u << 0;                        /* vector 0 */
	irq.pic_irr = 0x0005;
	assert_string_equal(pending(&irq, 200),
			    "lapic-irr:0x30,lapic-irr:0x31,lapic-irr:0xef,lapic-irr:0xfe,lapic-irr:+1,"
			    "lapic-isr:0x00,pic-irr:0x0005,pic-isr:0x0100");
	/* a short buffer is cut and still terminated; size 0 writes nothing */
	assert_string_equal(pending(&irq, 8), "lapic-i");
	assert_int_equal(pending(&irq, 0)[0], 'x');
}

static void test_timing_counters(void **state)
{
	struct timing_info ti = {
		.tsc = true, .rdtscp = true, .invariant_tsc = true, .tsc_hz = 2803200000ull,
		.tsc_source = "cpuid15", .cycles = true, .pmu_version = 5, .fixed_counters = 4,
		.fixed_mask = 7, .instructions = true, .overflow_check = true, .freeze_smm = false,
		.freeze_reason = "IA32_PERF_CAPABILITIES[12] clear: not supported", .aperf = false,
		.aperf_reason = "RDMSR of IA32_APERF/IA32_MPERF faulted", .turbo = "off-unsupported",
		.turbo_reason = "CPUID.06h:EAX[1] clear: no turbo", .smi_count = true,
		.lapic = "x2apic", .lvt_entries = 7, .pic_masked = true, .ioapic_masked = 120,
		.tpr_set = true, .tpr = 0xf0,
	};
	struct meas_cfg cfg = { .samples = 1000, .warmup = 100, .reps = 1 };
	struct rec w;

	(void)state;
	rec_init(&w, sink, NULL);
	timing_write(rec_open(&w, "timing"), &ti, &cfg);
	rec_close(&w);
	assert_string_equal(body_of(),
		"{\"type\":\"timing\",\"seq\":0,\"tsc\":true,\"tsc_source\":\"cpuid15\","
		"\"tsc_hz\":2803200000,\"invariant_tsc\":true,"
		"\"read_begin\":\"mfence;lfence;rdtsc;lfence\",\"read_end\":\"rdtscp;lfence\","
		"\"overhead_method\":\"t(2N)-t(N)\",\"cycles\":\"fixed1\",\"instructions\":\"fixed0\","
		"\"pmu_version\":5,\"fixed_counters\":4,\"fixed_enabled\":\"0x7\","
		"\"overflow_check\":true,\"freeze_while_smm\":false,"
		"\"freeze_while_smm_reason\":\"IA32_PERF_CAPABILITIES[12] clear: not supported\","
		"\"aperf_mperf\":\"absent\","
		"\"aperf_mperf_reason\":\"RDMSR of IA32_APERF/IA32_MPERF faulted\","
		"\"turbo\":\"off-unsupported\",\"turbo_reason\":\"CPUID.06h:EAX[1] clear: no turbo\","
		"\"smi\":\"msr\",\"lapic\":\"x2apic\",\"lvt_masked\":7,\"pic_masked\":true,"
		"\"ioapic_masked\":120,\"tpr\":\"0xf0\",\"interrupts_masked\":true,"
		"\"samples\":1000,\"warmup\":100,\"samples_max\":100000,\"emulated\":false");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ratio),
		cmocka_unit_test(test_meas_no_cycles),
		cmocka_unit_test(test_meas_hist),
		cmocka_unit_test(test_meas_cycles_negative),
		cmocka_unit_test(test_meas_median_ci),
		cmocka_unit_test(test_meas_all_discarded),
		cmocka_unit_test(test_timing_record),
		cmocka_unit_test(test_meas_counters),
		cmocka_unit_test(test_irq_pending),
		cmocka_unit_test(test_timing_counters),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
