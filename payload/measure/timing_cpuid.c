/** @file
 * What the measurement method reads off CPUID: the TSC frequency (leaves
 * 15h/16h) and whether architectural fixed counter 1 exists (leaf 0Ah).
 * Pure, so it is unit-tested against real CPUs' dumps.
 */
#include "measure/timing.h"

const char *timing_tsc_hz_cpuid(uint32_t max_leaf, const uint32_t l15[4], const uint32_t l16[4],
				uint64_t *hz)
{
	*hz = 0;
	if (max_leaf < 0x15)
		return NULL;
	/* SDM Vol. 3B 18.7.3: TSC = crystal (ECX) * EBX / EAX. */
	if (l15[0] && l15[1] && l15[2]) {
		*hz = (uint64_t)l15[2] * l15[1] / l15[0];
		return "cpuid15";
	}
	/* Ratio without crystal (e.g. Skylake client): the TSC runs at the base
	 * frequency, CPUID.16h:EAX[15:0] in MHz. */
	if (l15[0] && l15[1] && max_leaf >= 0x16 && (l16[0] & 0xffff)) {
		*hz = (uint64_t)(l16[0] & 0xffff) * 1000000u;
		return "cpuid16";
	}
	return NULL;
}

bool timing_fixed1_cpuid(uint32_t max_leaf, const uint32_t l0a[4], uint8_t *version,
			 uint8_t *nfixed)
{
	*version = 0;
	*nfixed = 0;
	if (max_leaf < 0xa)
		return false;
	*version = (uint8_t)l0a[0];
	/* EDX[4:0] counts fixed counters from version 2 on (SDM Vol. 2A CPUID). */
	if (*version >= 2)
		*nfixed = (uint8_t)(l0a[3] & 0x1f);
	return *version >= 2 && *nfixed >= 2;
}

uint8_t timing_fixed_mask_cpuid(uint32_t max_leaf, const uint32_t l0a[4])
{
	unsigned n, mask;

	if (max_leaf < 0xa || (uint8_t)l0a[0] < 2)
		return 0;
	n = l0a[3] & 0x1f;
	mask = n >= 3 ? 7u : (1u << n) - 1u;
	/* Version 5 enumerates fixed counters by bitmap too (ECX[31:0]). */
	if ((uint8_t)l0a[0] >= 5)
		mask |= l0a[2] & 7u;
	return (uint8_t)mask;
}

void timing_leaf6_cpuid(uint32_t max_leaf, const uint32_t l6[4], bool *turbo, bool *aperf)
{
	*turbo = max_leaf >= 6 && (l6[0] & (1u << 1));
	*aperf = max_leaf >= 6 && (l6[2] & 1u);
}

bool timing_freeze_smm_cap(uint64_t perf_capabilities)
{
	return perf_capabilities & (1ull << 12);
}

int64_t timing_ratio_milli(uint64_t da, uint64_t dm)
{
	/* Shift both until 1000 x da cannot overflow; the ratio stays. */
	while (da > UINT64_MAX / 1000u) {
		da >>= 1;
		dm >>= 1;
	}
	if (!dm)
		return 0;
	return (int64_t)(da * 1000u / dm);
}
