/** @file
 * turbo=off (timing.h, docs/measurement.md "Turbo"): IA32_MISC_ENABLE[38]
 * "IDA disable" (SDM Vol. 4 Table 2-2, Vol. 3B §15.3.2.1) for the run,
 * the value found written back before the end record.
 */
#include "measure/timing_hw.h"
#include "platform/cpu.h"
#include "platform/trap.h"

#define MSR_IA32_MISC_ENABLE 0x1a0
#define MISC_ENABLE_IDA_DISABLE (1ull << 38)

static const char *turbo_state = "as-found", *turbo_why;
static bool turbo_restore;
static uint64_t misc_found;

void timing_turbo_off(bool off)
{
	uint32_t l6[4] = { 0, 0, 0, 0 };
	uint32_t max_leaf = cpuid(0, 0).eax;
	uint64_t misc;
	bool turbo, aperf;

	if (!off)
		return;
	if (max_leaf >= 6)
		cpuid_array(6, 0, l6);
	timing_leaf6_cpuid(max_leaf, l6, &turbo, &aperf);
	turbo_state = "off-unsupported";
	if (rdmsr_safe(MSR_IA32_MISC_ENABLE, &misc) != FAULT_NONE) {
		turbo_why = "RDMSR of IA32_MISC_ENABLE faulted";
		return;
	}
	if (!turbo) {
		/* CPUID.06h:EAX[1] reads 0 while IDA disable is set (SDM Vol. 2A CPUID) */
		if (misc & MISC_ENABLE_IDA_DISABLE) {
			turbo_state = "off-requested";
			turbo_why = "already off as found (IA32_MISC_ENABLE[38] set)";
		} else {
			turbo_why = "CPUID.06h:EAX[1] clear: no turbo";
		}
		return;
	}
	if (wrmsr_safe(MSR_IA32_MISC_ENABLE, misc | MISC_ENABLE_IDA_DISABLE) != FAULT_NONE) {
		turbo_why = "WRMSR of IA32_MISC_ENABLE faulted";
		return;
	}
	misc_found = misc;
	turbo_restore = true;
	if (rdmsr_safe(MSR_IA32_MISC_ENABLE, &misc) != FAULT_NONE || !(misc & MISC_ENABLE_IDA_DISABLE)) {
		turbo_why = "IA32_MISC_ENABLE[38] did not stay set";
		return;
	}
	turbo_state = "off-requested";
}

void timing_turbo_restore(void)
{
	if (!turbo_restore)
		return;
	turbo_restore = false;
	wrmsr_safe(MSR_IA32_MISC_ENABLE, misc_found);
}

void timing_turbo_state(const char **state, const char **reason)
{
	*state = turbo_state;
	*reason = turbo_why;
}
