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
#include <stdlib.h>
#include <cmocka.h>

static inline const char *data_dir(void)
{
	const char *e = getenv("VMXB_TESTDATA");

	return e && *e ? e : TESTDATA_DIR;
}

#endif
