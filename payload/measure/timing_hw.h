/** @file
 * The measurement harness's hardware helpers, shared by timing.c (not pure):
 * the fixed counters and APERF/MPERF (timing_pmu.c), turbo (timing_turbo.c), interrupt
 * masking at the source with the pending-interrupt check (timing_quiet.c).
 */
#ifndef VMXB_MEASURE_TIMING_HW_H
#define VMXB_MEASURE_TIMING_HW_H

#include "measure/timing.h"
#include "platform/lapic.h"

/** Probe and program the fixed counters, FREEZE_WHILE_SMM and APERF/MPERF into @p ti. */
void timing_pmu_probe(struct timing_info *ti, uint32_t max_leaf);

/** Counter state at the start of a measurement (timing_pmu_start). */
struct pmu_window {
	uint64_t aperf, mperf;
};

/**
 * Before a measurement: FREEZE_WHILE_SMM set again (a VM exit clears
 * IA32_DEBUGCTL), the fixed counters zeroed, their overflow bits cleared,
 * APERF/MPERF read.
 */
void timing_pmu_start(const struct timing_info *ti, struct pmu_window *p);

/** After it: APERF/MPERF ratio and overflow bits into @p r (bits cleared again). */
void timing_pmu_stop(const struct timing_info *ti, const struct pmu_window *p,
		     struct meas_result *r);

/** Turbo as requested by turbo=off (see timing.h timing_turbo_off); state for the timing record. */
void timing_turbo_state(const char **state, const char **reason);

/**
 * Mask interrupts at the source on this CPU (LVT entries, 8259 pair, I/O
 * APIC entries, TPR), then look at what is pending. @return true when every
 * LVT entry read back masked (the `lapic_masked` of before).
 */
bool timing_quiet_enter(struct lapic *l, struct meas_irq *irq);

/** Undo timing_quiet_enter() in reverse order. */
void timing_quiet_leave(struct lapic *l);

#endif
