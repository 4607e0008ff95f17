/** @file
 * RDRAND (SDM Vol. 1 §7.3.17): CPUID.1:ECX[30]; CF=0 means no value yet,
 * so retry a few times (Intel's DRNG guide suggests 10).
 */
#include "platform/cpu.h"
#include "platform/rng.h"

bool rng_rdrand64(uint64_t *out)
{
	if (!(cpuid(1, 0).ecx & (1u << 30)))
		return false;
	for (int i = 0; i < 10; i++) {
		uint64_t v;
		uint8_t ok;

		__asm__ volatile("rdrand %0; setc %1" : "=r"(v), "=qm"(ok) : : "cc");
		if (ok) {
			*out = v;
			return true;
		}
	}
	return false;
}

uint64_t rng_tsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}
