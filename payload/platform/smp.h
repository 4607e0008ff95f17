/** @file
 * The other logical processors: start them (INIT-SIPI-SIPI, SDM Vol. 3A
 * §9.4.4) and give them work (run_on). Started APs wait in HLT with
 * interrupts enabled, so they take no execution resources from a sibling
 * that measures; a fixed IPI (SMP_WAKE_VECTOR) wakes one for its work.
 *
 * Indexes are cpu_index() values: 0 is the boot CPU, APs get 1, 2, ... in
 * the order they started. Up to CPU_MAX (platform/desc.h) CPUs.
 */
#ifndef VMXB_PLATFORM_SMP_H
#define VMXB_PLATFORM_SMP_H

#include <stdbool.h>
#include <stdint.h>

#include "platform/desc.h"

#define SMP_WAKE_VECTOR 0xf0
#define RUN_NO_ANSWER (-2)
#define SMP_AP_STACK_PAGES 4

/** What became of one processor the firmware listed. */
struct smp_ap {
	uint32_t apic_id;
	bool x2apic;       /**< listed as an x2APIC */
	bool started;      /**< reached 64-bit C and waits for work */
	unsigned index;    /**< its cpu_index() when started */
	const char *why;   /**< why not started */
};

/**
 * Start every processor in @p apic_ids (@p n of them) except this one, one
 * at a time. @p out (n entries) says what became of each.
 * @return the number started.
 */
unsigned smp_start(const uint32_t *apic_ids, const bool *x2apic, unsigned n, struct smp_ap *out);

/**
 * Use the page at physical @p page (below 1 MiB, 4 KiB aligned) for the AP
 * start-up code instead of AP_TRAMP_BASE (platform/ap_tramp.h); 0 keeps it.
 * Any other value starts no AP (each says why).
 */
void smp_set_trampoline(uint64_t page);

/**
 * Put every started AP back into wait-for-SIPI (an INIT IPI), as firmware
 * keeps its APs: before the payload hands the machine back (exit=return).
 */
void smp_stop_aps(void);

/** CPUs online: the boot CPU and every AP started. */
unsigned smp_online(void);

/** The APIC id of the CPU with index @p cpu. */
uint32_t smp_apic_id(unsigned cpu);

/**
 * Run @p fn(@p arg) on CPU @p cpu and wait until it returns (on this CPU:
 * directly). An exception in @p fn is contained on that CPU.
 * @return FAULT_NONE (platform/trap.h) when it returned, the exception's
 * vector, or RUN_NO_ANSWER when @p cpu is not online or did not answer
 * within about a second.
 */
int run_on(unsigned cpu, void (*fn)(void *), void *arg);

/**
 * run_on() in two halves, for work that must run on @p cpu while this CPU
 * goes on (the two-CPU hand-off, platform/handoff.h): post @p fn and return.
 * @return 0, or -1 when @p cpu is this CPU, not online or still busy
 */
int run_start(unsigned cpu, void (*fn)(void *), void *arg);
/** Wait (about a second at most) for the work run_start() posted. @return as run_on() */
int run_wait(unsigned cpu);

#endif
