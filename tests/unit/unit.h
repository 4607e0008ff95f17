/** @file
 * Common includes for the cmocka unit tests, and where the shared real-CPU
 * data lives (../shared/data/real-cpus, overridable with VMXB_SHARED).
 */
#ifndef VMXB_TESTS_UNIT_H
#define VMXB_TESTS_UNIT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

static inline const char *shared_dir(void)
{
	const char *e = getenv("VMXB_SHARED");

	return e && *e ? e : SHARED_DIR;
}

#endif
