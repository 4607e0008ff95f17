/** @file
 * Core-cycle and instruction counters and APERF/MPERF for the
 * measurement harness (timing_hw.h, docs/measurement.md "Counters").
 * Everything is probed: CPUID first, then each MSR with rdmsr_safe/
 * wrmsr_safe (Bochs 2.7 implements none of these MSRs and, with
 * ignore_bad_msrs=0, raises #GP; with 1 it reads them as 0). Turbo:
 * timing_turbo.c.
 */
#include "measure/timing_hw.h"
#include "platform/cpu.h"
#include "platform/trap.h"

/* SDM Vol. 4 Table 2-2 (architectural MSRs); Vol. 3B §20.2.2 (fixed counters, v2) */
#define MSR_IA32_MPERF 0xe7
#define MSR_IA32_APERF 0xe8
#define MSR_IA32_DEBUGCTL 0x1d9
#define DEBUGCTL_FREEZE_WHILE_SMM (1ull << 14) /* Vol. 3B §18.4.1 */
#define MSR_IA32_FIXED_CTR0 0x309             /* + i: fixed counter i */
#define MSR_IA32_PERF_CAPABILITIES 0x345
#define MSR_IA32_FIXED_CTR_CTRL 0x38d
#define MSR_IA32_PERF_GLOBAL_STATUS 0x38e
#define MSR_IA32_PERF_GLOBAL_CTRL 0x38f
#define MSR_IA32_PERF_GLOBAL_OVF_CTRL 0x390   /* write 1 to clear a status bit */
#define GLOBAL_FIXED_SHIFT 32                 /* fixed counter i: bit 32 + i in the three above */
#define RDPMC_FIXED(i) ((1u << 30) | (i))

struct rdpmc_probe {
	uint32_t ecx;
	uint64_t a, b;
};

static uint64_t rdpmc(uint32_t ecx)
{
	uint32_t lo, hi;

	__asm__ volatile("rdpmc" : "=a"(lo), "=d"(hi) : "c"(ecx));
	return ((uint64_t)hi << 32) | lo;
}

static void rdpmc_probe_fn(void *arg)
{
	struct rdpmc_probe *p = arg;

	p->a = rdpmc(p->ecx);
	for (volatile int i = 0; i < 100; i++)
		;
	p->b = rdpmc(p->ecx);
}

/* NULL when RDPMC of fixed counter @p i works and the counter advances. */
static const char *counts(unsigned i)
{
	static const char *const faulted[3] = { "RDPMC of fixed counter 0 faulted",
						"RDPMC of fixed counter 1 faulted",
						"RDPMC of fixed counter 2 faulted" };
	static const char *const still[3] = { "fixed counter 0 does not count",
					      "fixed counter 1 does not count",
					      "fixed counter 2 does not count" };
	struct rdpmc_probe p = { RDPMC_FIXED(i), 0, 0 };

	if (trap_call(rdpmc_probe_fn, &p, NULL) != FAULT_NONE)
		return faulted[i];
	if (p.b <= p.a)
		return still[i];
	return NULL;
}

static void set_reason(struct timing_info *ti, const char *why)
{
	ti->cycles_reason = ti->cycles_reason ? ti->cycles_reason : why;
	ti->instructions_reason = ti->instructions_reason ? ti->instructions_reason : why;
}

/* Fixed counters 0, 1, 2: count in rings 0 and 3, no AnyThread, no PMI. */
static void probe_fixed(struct timing_info *ti, uint32_t max_leaf)
{
	uint32_t l0a[4] = { 0, 0, 0, 0 };
	uint64_t ctrl, global, status;
	uint8_t mask;
	bool fixed1;

	if (max_leaf >= 0xa)
		cpuid_array(0xa, 0, l0a);
	fixed1 = timing_fixed1_cpuid(max_leaf, l0a, &ti->pmu_version, &ti->fixed_counters);
	mask = timing_fixed_mask_cpuid(max_leaf, l0a);
	if (!fixed1)
		ti->cycles_reason = max_leaf < 0xa ? "no CPUID leaf 0Ah"
			: "CPUID.0Ah: perfmon version < 2 or < 2 fixed counters";
	if (!(mask & 1))
		ti->instructions_reason = max_leaf < 0xa ? "no CPUID leaf 0Ah"
			: "CPUID.0Ah: perfmon version < 2 or no fixed counter 0";
	if (!mask)
		return;
	if (rdmsr_safe(MSR_IA32_FIXED_CTR_CTRL, &ctrl) != FAULT_NONE ||
	    rdmsr_safe(MSR_IA32_PERF_GLOBAL_CTRL, &global) != FAULT_NONE) {
		set_reason(ti, "RDMSR of IA32_FIXED_CTR_CTRL/PERF_GLOBAL_CTRL faulted");
		return;
	}
	for (unsigned i = 0; i < 3; i++)
		if (mask & (1u << i))
			ctrl = (ctrl & ~(0xfull << (4 * i))) | (0x3ull << (4 * i));
	global |= (uint64_t)mask << GLOBAL_FIXED_SHIFT;
	if (wrmsr_safe(MSR_IA32_FIXED_CTR_CTRL, ctrl) != FAULT_NONE ||
	    wrmsr_safe(MSR_IA32_PERF_GLOBAL_CTRL, global) != FAULT_NONE) {
		set_reason(ti, "WRMSR of IA32_FIXED_CTR_CTRL/PERF_GLOBAL_CTRL faulted");
		return;
	}
	if (fixed1 && !ti->cycles_reason)
		ti->cycles_reason = counts(1);
	ti->cycles = fixed1 && !ti->cycles_reason;
	if ((mask & 1) && !ti->instructions_reason)
		ti->instructions_reason = counts(0);
	ti->instructions = (mask & 1) && !ti->instructions_reason;
	/* Only counters that count are zeroed and checked (an emulator may
	 * accept the writes and count nothing). */
	ti->fixed_mask = (uint8_t)((ti->instructions ? 1u : 0u) | (ti->cycles ? 2u : 0u) |
				   ((mask & 4) && !counts(2) ? 4u : 0u));
	/* GLOBAL_STATUS and GLOBAL_OVF_CTRL exist from version 2 on (§20.2.2) */
	ti->overflow_check = ti->fixed_mask &&
			     rdmsr_safe(MSR_IA32_PERF_GLOBAL_STATUS, &status) == FAULT_NONE;
}

/* IA32_PERF_CAPABILITIES exists when CPUID.1:ECX[15] (PDCM) is set. */
static void probe_freeze(struct timing_info *ti)
{
	uint64_t caps, dbg;

	if (!(cpuid(1, 0).ecx & (1u << 15))) {
		ti->freeze_reason = "CPUID.1:ECX[15] (PDCM) clear: no IA32_PERF_CAPABILITIES";
		return;
	}
	if (rdmsr_safe(MSR_IA32_PERF_CAPABILITIES, &caps) != FAULT_NONE) {
		ti->freeze_reason = "RDMSR of IA32_PERF_CAPABILITIES faulted";
		return;
	}
	if (!timing_freeze_smm_cap(caps)) {
		ti->freeze_reason = "IA32_PERF_CAPABILITIES[12] clear: not supported";
		return;
	}
	if (rdmsr_safe(MSR_IA32_DEBUGCTL, &dbg) != FAULT_NONE ||
	    wrmsr_safe(MSR_IA32_DEBUGCTL, dbg | DEBUGCTL_FREEZE_WHILE_SMM) != FAULT_NONE) {
		ti->freeze_reason = "RDMSR/WRMSR of IA32_DEBUGCTL faulted";
		return;
	}
	if (rdmsr_safe(MSR_IA32_DEBUGCTL, &dbg) != FAULT_NONE || !(dbg & DEBUGCTL_FREEZE_WHILE_SMM)) {
		ti->freeze_reason = "IA32_DEBUGCTL[14] did not stay set";
		return;
	}
	ti->freeze_smm = true;
}

static void probe_aperf(struct timing_info *ti, uint32_t max_leaf)
{
	uint32_t l6[4] = { 0, 0, 0, 0 };
	uint64_t a, m, a2, m2;
	bool turbo, aperf;

	if (max_leaf >= 6)
		cpuid_array(6, 0, l6);
	timing_leaf6_cpuid(max_leaf, l6, &turbo, &aperf);
	if (!aperf) {
		ti->aperf_reason = max_leaf < 6 ? "no CPUID leaf 06h" : "CPUID.06h:ECX[0] clear";
		return;
	}
	if (rdmsr_safe(MSR_IA32_APERF, &a) != FAULT_NONE || rdmsr_safe(MSR_IA32_MPERF, &m) != FAULT_NONE) {
		ti->aperf_reason = "RDMSR of IA32_APERF/IA32_MPERF faulted";
		return;
	}
	/* Both count while the core runs (C0); an emulator may read them as 0. */
	for (volatile int i = 0; i < 1000; i++)
		;
	if (rdmsr_safe(MSR_IA32_APERF, &a2) != FAULT_NONE || rdmsr_safe(MSR_IA32_MPERF, &m2) != FAULT_NONE ||
	    a2 == a || m2 == m) {
		ti->aperf_reason = "IA32_APERF/IA32_MPERF do not count";
		return;
	}
	ti->aperf = true;
}

void timing_pmu_probe(struct timing_info *ti, uint32_t max_leaf)
{
	probe_fixed(ti, max_leaf);
	probe_freeze(ti);
	probe_aperf(ti, max_leaf);
}

void timing_pmu_start(const struct timing_info *ti, struct pmu_window *p)
{
	uint64_t dbg;

	if (ti->freeze_smm && rdmsr_safe(MSR_IA32_DEBUGCTL, &dbg) == FAULT_NONE &&
	    !(dbg & DEBUGCTL_FREEZE_WHILE_SMM))
		wrmsr_safe(MSR_IA32_DEBUGCTL, dbg | DEBUGCTL_FREEZE_WHILE_SMM);
	for (unsigned i = 0; i < 3; i++)
		if (ti->fixed_mask & (1u << i))
			wrmsr_safe(MSR_IA32_FIXED_CTR0 + i, 0);
	if (ti->overflow_check)
		wrmsr_safe(MSR_IA32_PERF_GLOBAL_OVF_CTRL, (uint64_t)ti->fixed_mask << GLOBAL_FIXED_SHIFT);
	p->aperf = p->mperf = 0;
	if (ti->aperf) {
		rdmsr_safe(MSR_IA32_MPERF, &p->mperf);
		rdmsr_safe(MSR_IA32_APERF, &p->aperf);
	}
}

void timing_pmu_stop(const struct timing_info *ti, const struct pmu_window *p,
		     struct meas_result *r)
{
	uint64_t a = 0, m = 0, status = 0, bits = (uint64_t)ti->fixed_mask << GLOBAL_FIXED_SHIFT;

	if (ti->aperf) {
		rdmsr_safe(MSR_IA32_APERF, &a);
		rdmsr_safe(MSR_IA32_MPERF, &m);
		r->has_aperf = m != p->mperf; /* no ratio over zero MPERF ticks */
		r->aperf_mperf_milli = timing_ratio_milli(a - p->aperf, m - p->mperf);
	}
	if (ti->overflow_check && rdmsr_safe(MSR_IA32_PERF_GLOBAL_STATUS, &status) == FAULT_NONE &&
	    (status & bits)) {
		r->counter_overflow = true;
		wrmsr_safe(MSR_IA32_PERF_GLOBAL_OVF_CTRL, status & bits);
	}
}
