/** @file
 * Unit tests of the CPUID dump reader (host-tools/lib/cpudump_text.c) on
 * hostile and edge inputs; the real dumps are read in test_identify.c.
 */
#include <errno.h>
#include <string.h>

#include "unit.h"
#include "lib/cpudump_text.h"

static int parse(const char *text, struct cpuid_dump *d, char *err, size_t errsz)
{
	memset(d, 0, sizeof(*d));
	return cpudump_parse(text, strlen(text), d, err, errsz);
}

/* Only the first logical CPU, and nothing after a .test file's dashed line. */
static void test_listing_first_cpu(void **state)
{
	const char *t = "------[ Logical CPU #0 ]------\r\n"
			"CPUID 00000000: 0000000B-756E6547-6C65746E-49656E69 [GenuineIntel]\n"
			"CPUID 00000001: 000306C3-00100800-7FFAFBBF-BFEBFBFF\n"
			"CPUID 00000004: 1C004122-01C0003F-0000003F-00000000 [SL 01]\n"
			"CPUID 0000000D: 00000007-00000000-00000000-00000000 [SL 00]\n"
			"------[ Logical CPU #1 ]------\n"
			"CPUID 00000001: 000306C3-01100800-7FFAFBBF-BFEBFBFF\n";
	struct cpuid_dump d;
	char err[128];

	(void)state;
	assert_int_equal(cpudump_detect(t, strlen(t)), CPUDUMP_LISTING);
	assert_int_equal(parse(t, &d, err, sizeof(err)), 0);
	assert_int_equal(cpuid_dump_get(&d, 1, 0)->r[1], 0x00100800u); /* CPU #0's, not #1's */
	assert_int_equal(cpuid_dump_get(&d, 4, 1)->r[0], 0x1c004122u);
	assert_null(cpuid_dump_get(&d, 0xd, 0)); /* above leaf 0's maximum (0Bh) */
	assert_int_equal(d.n, 3);
	cpuid_dump_free(&d);
}

static void test_libcpuid_raw(void **state)
{
	const char *t = "version=0.6.2\n\n"
			"basic_cpuid[0]=00000001 68747541 444d4163 69746e65\n"
			"basic_cpuid[1]=00a20f10 00020800 7ed8320b 178bfbff\n"
			"basic_cpuid[2]=00000000 00000000 00000000 00000000\n"
			"ext_cpuid[0]=80000004 68747541 444d4163 69746e65\n"
			"ext_cpuid[9]=11111111 00000000 00000000 00000000\n"
			"intel_fn4[1]=00000001 00000002 00000003 00000004\n"
			"--------------------------------------------------------------------------------\n"
			"x86\nbasic_cpuid[1]=ffffffff ffffffff ffffffff ffffffff\n";
	struct cpuid_dump d;
	char err[128];

	(void)state;
	assert_int_equal(cpudump_detect(t, strlen(t)), CPUDUMP_LIBCPUID);
	assert_int_equal(parse(t, &d, err, sizeof(err)), 0);
	assert_int_equal(cpuid_dump_get(&d, 1, 0)->r[0], 0x00a20f10u);
	assert_null(cpuid_dump_get(&d, 2, 0));           /* above basic max 1 */
	assert_null(cpuid_dump_get(&d, 0x80000009u, 0)); /* above ext max 80000004h */
	assert_null(cpuid_dump_get(&d, 4, 1));           /* leaf 4 above max 1 */
	cpuid_dump_free(&d);
}

/* Every malformed line is an error naming the line; nothing is guessed. */
static void test_hostile(void **state)
{
	static const struct {
		const char *text, *msg;
	} bad[] = {
		{ "", "not a CPUID dump" },
		{ "hello\nworld\n", "not a CPUID dump" },
		{ "CPUID 00000000: 0000000B-756E6547-6C65746E\n", "line 1" },
		{ "CPUID 00000000: 0000000B-756E6547-6C65746E-49656E6G\n", "line 1" },
		{ "CPUID 00000000: 0000000B-756E6547-6C65746E-49656E69 [SL zz]\n", "line 1" },
		{ "CPUID 00000000: 0000000B-756E6547-6C65746E-49656E69\nCPUID 1: 1-2-3-4\n", "line 2" },
		{ "basic_cpuid[0]=0000000b 756e6547 6c65746e 49656e69\nbasic_cpuid[99999]=0 0 0 0\n",
		  "line 2" },
		{ "basic_cpuid[0]=0000000b 756e6547 6c65746e 49656e69 00\n", "line 1" },
		{ "basic_cpuid[256]=0000000b 756e6547 6c65746e 49656e69\n", "line 1" },
		{ "CPUID 00000001: 000306C3-00100800-7FFAFBBF-BFEBFBFF\n", "no CPUID leaf 0" },
	};
	struct cpuid_dump d;
	char err[128];

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = 0;
		assert_int_equal(parse(bad[i].text, &d, err, sizeof(err)), -EINVAL);
		if (!strstr(err, bad[i].msg))
			fail_msg("case %zu: \"%s\" does not say \"%s\"", i, err, bad[i].msg);
		assert_null(d.v);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_listing_first_cpu),
		cmocka_unit_test(test_libcpuid_raw),
		cmocka_unit_test(test_hostile),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
