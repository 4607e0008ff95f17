/** @file
 * TSC ticks to whole microseconds, integer only (the payload has no FPU state
 * to spare) and without overflow for any tick count a run can reach.
 * Pure, header-only; unit-tested in tests/unit/test_tsc_us.c.
 */
#ifndef VMXB_LIB_TSC_US_H
#define VMXB_LIB_TSC_US_H

#include <stdint.h>

/** floor(@p ticks * 10^6 / @p hz); 0 when hz is 0 (rate unknown). */
static inline uint64_t tsc_to_us(uint64_t ticks, uint64_t hz)
{
	if (!hz)
		return 0;
	/* split so neither product overflows: (ticks % hz) * 10^6 < hz * 10^6 < 2^64 for hz < 1.8e13 */
	return ticks / hz * 1000000u + ticks % hz * 1000000u / hz;
}

#endif
