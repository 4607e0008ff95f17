/** @file
 * Unit tests of timing_cpuid.c against leaves 0, 0Ah, 15h and 16h of the
 * real CPUs in tests/data/real-cpus/cpuid/ (read from the dump files) and
 * the Bochs models, with expectations worked out by hand from the SDM.
 */
#include "unit.h"
#include <stdio.h>
#include <string.h>
#include "measure/timing.h"

/* Leaf @p leaf (sub-leaf 0) of the first logical CPU of a libcpuid .test
 * dump; both formats (CPUID xxxxxxxx: a-b-c-d and basic_cpuid[n]=a b c d). */
static int dump_leaf(const char *file, uint32_t leaf, uint32_t r[4])
{
	char path[512], line[512];
	int found = -1, cpus = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/real-cpus/cpuid/%s", data_dir(), file);
	f = fopen(path, "r");
	if (!f)
		return -2;
	while (found && fgets(line, sizeof(line), f)) {
		unsigned l, a, b, c, d;

		if (strstr(line, "Logical CPU #") && ++cpus > 1)
			break;
		if (!strncmp(line, "-----", 5) && cpus == 0)
			break;
		if ((sscanf(line, "CPUID %x: %x-%x-%x-%x", &l, &a, &b, &c, &d) == 5 ||
		     sscanf(line, "basic_cpuid[%u]=%x %x %x %x", &l, &a, &b, &c, &d) == 5) &&
		    l == leaf) {
			r[0] = a, r[1] = b, r[2] = c, r[3] = d;
			found = 0;
		}
	}
	fclose(f);
	return found;
}

struct tsc_case {
	const char *file;
	const char *source; /* NULL: calibrate */
	uint64_t hz;
	bool fixed1;
	uint8_t version, nfixed;
};

static const struct tsc_case cases[] = {
	/* max leaf 0Bh / 0Dh / 14h: no leaf 15h, calibrate; perfmon v3, 3 fixed */
	{ "intel-core-i7-cpu-920.test", NULL, 0, true, 3, 3 },
	{ "intel-core-i7-2600k-cpu.test", NULL, 0, true, 3, 3 },
	{ "intel-core-i7-3770k-cpu.test", NULL, 0, true, 3, 3 },
	{ "intel-core-i7-4770-cpu.test", NULL, 0, true, 3, 3 },
	{ "intel-core-i7-5775c-cpu.test", NULL, 0, true, 3, 3 },
	/* 15h: 334/2 without crystal; 16h: base 4000 MHz */
	{ "intel-core-i7-6700k-cpu.test", "cpuid16", 4000000000ull, true, 4, 3 },
	/* 15h: 38.4 MHz * 146 / 2 = 2803.2 MHz; perfmon v5, 4 fixed */
	{ "11th-gen-intel-core-i7-1165g7.test", "cpuid15", 2803200000ull, true, 5, 4 },
	/* 15h: 38.4 MHz * 166 / 2 = 3187.2 MHz; perfmon v5, 3 fixed */
	{ "12th-gen-intel-core-i9-12900k.test", "cpuid15", 3187200000ull, true, 5, 3 },
};

static void test_real_cpus(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct tsc_case *c = &cases[i];
		uint32_t l0[4], l0a[4] = { 0 }, l15[4] = { 0 }, l16[4] = { 0 };
		uint64_t hz = 1;
		uint8_t ver, nfix;
		const char *src;

		print_message("%s\n", c->file);
		assert_int_equal(dump_leaf(c->file, 0, l0), 0);
		dump_leaf(c->file, 0xa, l0a);
		/* Old dumps list leaves past the maximum: what CPUID returns there is
		 * not leaf 15h, and the decoder must not look at it. */
		dump_leaf(c->file, 0x15, l15);
		dump_leaf(c->file, 0x16, l16);
		src = timing_tsc_hz_cpuid(l0[0], l15, l16, &hz);
		if (c->source) {
			assert_non_null(src);
			assert_string_equal(src, c->source);
		} else {
			assert_null(src);
		}
		assert_int_equal(hz, c->hz);
		assert_int_equal(timing_fixed1_cpuid(l0[0], l0a, &ver, &nfix), c->fixed1);
		assert_int_equal(ver, c->version);
		assert_int_equal(nfix, c->nfixed);
	}
}

static void test_edges(void **state)
{
	const uint32_t zero[4] = { 0, 0, 0, 0 };
	const uint32_t ratio_only[4] = { 2, 334, 0, 0 };
	const uint32_t full[4] = { 3, 250, 25000000, 0 };   /* 25 MHz * 250/3 */
	const uint32_t base[4] = { 0x0fa0, 0x1068, 0x64, 0 };
	const uint32_t v1[4] = { 0x07300401, 0, 0, 0x603 }; /* version 1: EDX reserved */
	const uint32_t v2one[4] = { 0x07300402, 0, 0, 0x601 };
	uint64_t hz;
	uint8_t ver, nfix;

	(void)state;
	assert_null(timing_tsc_hz_cpuid(0x14, full, base, &hz));
	assert_int_equal(hz, 0);
	assert_string_equal(timing_tsc_hz_cpuid(0x15, full, zero, &hz), "cpuid15");
	assert_int_equal(hz, 2083333333ull);
	/* ratio without crystal and no leaf 16h: calibrate */
	assert_null(timing_tsc_hz_cpuid(0x15, ratio_only, base, &hz));
	assert_null(timing_tsc_hz_cpuid(0x16, ratio_only, zero, &hz));
	/* leaf 15h all zero (not enumerated): calibrate even with leaf 16h */
	assert_null(timing_tsc_hz_cpuid(0x16, zero, base, &hz));
	assert_false(timing_fixed1_cpuid(0x9, v2one, &ver, &nfix));
	assert_int_equal(ver, 0);
	assert_false(timing_fixed1_cpuid(0xa, v1, &ver, &nfix));
	assert_int_equal(ver, 1);
	assert_int_equal(nfix, 0);
	assert_false(timing_fixed1_cpuid(0xa, v2one, &ver, &nfix));
	assert_int_equal(nfix, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_cpus),
		cmocka_unit_test(test_edges),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
