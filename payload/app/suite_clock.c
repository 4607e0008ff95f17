/** @file
 * Suite timestamps (suite_clock.h). The rate comes from CPUID leaves 15h/16h
 * only (docs/measurement.md "TSC frequency", steps 1-2): the PIT calibration
 * costs 50 ms and belongs to the measuring suites, so without those leaves
 * `us` is left out and the host converts `tsc` with the run's `tsc_hz`.
 */
#include <stdbool.h>
#include "lib/tsc_us.h"
#include "measure/timing.h"
#include "platform/cpu.h"
#include "app/suite_clock.h"

static bool have_tsc;
static uint64_t begin_tsc, tsc_hz;

/* Ordered after earlier instructions (LFENCE, SDM Vol. 2B RDTSC); a timestamp needs no more. */
static uint64_t tsc_now(void)
{
	uint32_t lo, hi;

	__asm__ volatile("lfence\n\trdtsc" : "=a"(lo), "=d"(hi)::"memory");
	return ((uint64_t)hi << 32) | lo;
}

void suite_clock_start(void)
{
	uint32_t max_leaf = cpuid(0, 0).eax;
	uint32_t l15[4] = { 0, 0, 0, 0 }, l16[4] = { 0, 0, 0, 0 };

	/* CPUID.01H:EDX[4] TSC (SDM Vol. 2A, CPUID, Table 3-11) */
	have_tsc = cpuid(1, 0).edx & (1u << 4);
	if (!have_tsc)
		return;
	if (max_leaf >= 0x15)
		cpuid_array(0x15, 0, l15);
	if (max_leaf >= 0x16)
		cpuid_array(0x16, 0, l16);
	if (!timing_tsc_hz_cpuid(max_leaf, l15, l16, &tsc_hz))
		tsc_hz = 0;
	begin_tsc = tsc_now();
}

void suite_clock_stamp(struct rec *r)
{
	uint64_t t;

	if (!have_tsc)
		return;
	t = tsc_now();
	rec_u64(r, "tsc", t);
	if (tsc_hz)
		rec_u64(r, "us", tsc_to_us(t - begin_tsc, tsc_hz));
}
