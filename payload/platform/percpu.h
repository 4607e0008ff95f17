/** @file
 * Per-CPU data. A CPU finds its own from its task register (cpu_index(),
 * platform/desc.h), never from a global "current CPU" that a second CPU
 * would overwrite.
 */
#ifndef VMXB_PLATFORM_PERCPU_H
#define VMXB_PLATFORM_PERCPU_H

#include "platform/desc.h"
#include "platform/lapic.h"

struct vmx_cpu;

struct cpu_local {
	unsigned index;      /**< cpu_index() of its CPU */
	struct vmx_cpu *vmx; /**< VMX operation in use on this CPU (vmx/vmxon.c), NULL: none */
	struct lapic lapic;  /**< its local APIC (platform/lapic.h) */
	uint32_t apic_id;    /**< its APIC id (smp.c) */
	bool online;         /**< started and waiting for work (smp.c) */
	/* run_on() mailbox: work is pending while call_req != call_done */
	void (*call_fn)(void *);
	void *call_arg;
	int call_fault;      /**< trap_call()'s result: FAULT_NONE, or the vector of an exception */
	uint32_t call_req, call_done;
} __attribute__((aligned(64))); /* one cache line each: no false sharing */

extern struct cpu_local cpu_locals[CPU_MAX];

/** This CPU's data. */
static inline struct cpu_local *this_cpu(void)
{
	return &cpu_locals[cpu_index()];
}

/** Set up this CPU's data (after trap_init_cpu() gave it its index). */
void percpu_init(void);

#endif
