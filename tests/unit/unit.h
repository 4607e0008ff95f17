/** @file
 * Common includes for the cmocka unit tests, and where the test data lives
 * (tests/data: real CPUs' CPUID dumps and VMX MSRs; VMXB_TESTDATA overrides).
 */
#ifndef VMXB_TESTS_UNIT_H
#define VMXB_TESTS_UNIT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

static inline const char *data_dir(void)
{
	const char *e = getenv("VMXB_TESTDATA");

	return e && *e ? e : TESTDATA_DIR;
}

/** The whole file @p path, NUL-terminated (small test files; caller frees); its size in *@p len. */
static inline char *unit_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n >= 0);
	rewind(f);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = 0;
	fclose(f);
	if (len)
		*len = (size_t)n;
	return buf;
}

#endif
