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
	uint8_t fixed_mask; /* fixed counters 0..2 CPUID.0Ah enumerates */
	bool turbo, aperf;  /* CPUID.06h:EAX[1], ECX[0] */
};

static const struct tsc_case cases[] = {
	/* max leaf 0Bh / 0Dh / 14h: no leaf 15h, calibrate; perfmon v3, 3 fixed.
	 * Leaf 06h: EAX 3 / 77h have bit 1 (turbo); the i7-4770's 75h has not
	 * (a dump taken with turbo disabled: the bit reads 0 then); ECX[0] set in all. */
	{ "intel-core-i7-cpu-920.test", NULL, 0, true, 3, 3, 7, true, true },
	{ "intel-core-i7-2600k-cpu.test", NULL, 0, true, 3, 3, 7, true, true },
	{ "intel-core-i7-3770k-cpu.test", NULL, 0, true, 3, 3, 7, true, true },
	{ "intel-core-i7-4770-cpu.test", NULL, 0, true, 3, 3, 7, false, true },
	{ "intel-core-i7-5775c-cpu.test", NULL, 0, true, 3, 3, 7, true, true },
	/* 15h: 334/2 without crystal; 16h: base 4000 MHz; 06h EAX 27F5h: bit 1 clear */
	{ "intel-core-i7-6700k-cpu.test", "cpuid16", 4000000000ull, true, 4, 3, 7, false, true },
	/* 15h: 38.4 MHz * 146 / 2 = 2803.2 MHz; perfmon v5, 4 fixed (ECX bitmap Fh) */
	{ "11th-gen-intel-core-i7-1165g7.test", "cpuid15", 2803200000ull, true, 5, 4, 7, true, true },
	/* 15h: 38.4 MHz * 166 / 2 = 3187.2 MHz; perfmon v5, 3 fixed */
	{ "12th-gen-intel-core-i9-12900k.test", "cpuid15", 3187200000ull, true, 5, 3, 7, true, true },
};

static void test_real_cpus(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct tsc_case *c = &cases[i];
		uint32_t l0[4], l0a[4] = { 0 }, l15[4] = { 0 }, l16[4] = { 0 }, l6[4] = { 0 };
		uint64_t hz = 1;
		uint8_t ver, nfix;
		const char *src;
		bool turbo, aperf;

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
		assert_int_equal(timing_fixed_mask_cpuid(l0[0], l0a), c->fixed_mask);
		assert_int_equal(dump_leaf(c->file, 6, l6), 0);
		timing_leaf6_cpuid(l0[0], l6, &turbo, &aperf);
		assert_int_equal(turbo, c->turbo);
		assert_int_equal(aperf, c->aperf);
	}
}

static void test_fixed_mask(void **state)
{
	const uint32_t v1[4] = { 0x07300401, 0, 0, 0x603 };   /* version 1: EDX reserved */
	const uint32_t v2one[4] = { 0x07300402, 0, 0, 0x601 }; /* one fixed counter */
	const uint32_t v2two[4] = { 0x07300402, 0, 0, 0x602 };
	const uint32_t v4bm[4] = { 0x07300404, 0, 0x5, 0x600 }; /* ECX ignored before v5 */
	const uint32_t v5bm[4] = { 0x07300405, 0, 0x5, 0x600 }; /* v5: counters 0 and 2 by bitmap */
	const uint32_t v5many[4] = { 0x07300405, 0, 0, 0x610 }; /* 16 fixed: we use 0..2 */

	(void)state;
	assert_int_equal(timing_fixed_mask_cpuid(0x9, v2two), 0); /* no leaf 0Ah */
	assert_int_equal(timing_fixed_mask_cpuid(0xa, v1), 0);
	assert_int_equal(timing_fixed_mask_cpuid(0xa, v2one), 1);
	assert_int_equal(timing_fixed_mask_cpuid(0xa, v2two), 3);
	assert_int_equal(timing_fixed_mask_cpuid(0xa, v4bm), 0);
	assert_int_equal(timing_fixed_mask_cpuid(0xa, v5bm), 5);
	assert_int_equal(timing_fixed_mask_cpuid(0xa, v5many), 7);
}

static void test_leaf6_freeze_ratio(void **state)
{
	const uint32_t l6[4] = { 0x2, 0, 0x1, 0 }, none[4] = { 0xfffffffd, 0, 0xfffffffe, 0 };
	bool turbo = false, aperf = false;

	(void)state;
	timing_leaf6_cpuid(6, l6, &turbo, &aperf);
	assert_true(turbo);
	assert_true(aperf);
	timing_leaf6_cpuid(5, l6, &turbo, &aperf); /* leaf 06h beyond the maximum */
	assert_false(turbo);
	assert_false(aperf);
	timing_leaf6_cpuid(6, none, &turbo, &aperf); /* every other bit set */
	assert_false(turbo);
	assert_false(aperf);
	/* IA32_PERF_CAPABILITIES bit 12 only */
	assert_true(timing_freeze_smm_cap(1ull << 12));
	assert_false(timing_freeze_smm_cap(~(1ull << 12)));
	assert_false(timing_freeze_smm_cap(0));
	/* ΔAPERF/ΔMPERF x 1000, rounded down */
	assert_int_equal(timing_ratio_milli(3000, 1000), 3000);
	assert_int_equal(timing_ratio_milli(1, 3), 333);
	assert_int_equal(timing_ratio_milli(5, 4), 1250);
	assert_int_equal(timing_ratio_milli(7, 0), 0);
	/* large deltas are scaled, not overflowed: 2^64-1 over 2^63-1 is 2 */
	assert_int_equal(timing_ratio_milli(UINT64_MAX, UINT64_MAX / 2), 2000);
	/* (2^63-1)/(2^64-1) is just under 1/2: rounded down */
	assert_int_equal(timing_ratio_milli(UINT64_MAX / 2, UINT64_MAX), 499);
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
		cmocka_unit_test(test_fixed_mask),
		cmocka_unit_test(test_leaf6_freeze_ratio),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
