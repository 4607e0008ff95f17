/** @file
 * The known-good baseline VMCS: a 64-bit guest on the payload's own page
 * tables, GDT and IDT, running vmx_guest_entry on its own stack; host state
 * read from the live CPU; controls adjusted from the capability MSRs.
 * Every entry-suite case starts from it and changes one thing.
 */
#ifndef VMXB_VMX_BASELINE_H
#define VMXB_VMX_BASELINE_H

#include <stdbool.h>
#include <stdint.h>
#include "vmx/caps.h"

#define BASELINE_MAX_FIELDS 96

struct baseline {
	unsigned n;
	struct { uint32_t enc; uint64_t val; } f[BASELINE_MAX_FIELDS];
	/* Control values as written (after adjustment). */
	uint32_t pin, proc, proc2, exit, entry;
	bool preempt_timer;   /**< the VMX-preemption timer is the watchdog */
	uint32_t preempt_value;
	void *guest_stack;    /**< one page; RSP starts at its end */
	const char *error;    /**< why baseline_build failed */
};

/**
 * Build the baseline from @p caps and the live CPU state (call in VMX root
 * operation on the CPU that will run it).
 * @return 0, or -1 with b->error set
 */
int baseline_build(struct baseline *b, const struct vmx_caps *caps);

/** Set (or add) a field value in the baseline itself. @return 0 or -1 when full */
int baseline_set(struct baseline *b, uint32_t enc, uint64_t val);

/**
 * Write every baseline field into the current VMCS.
 * @return 0, or -1 with *bad_enc set to the field whose VMWRITE failed
 */
int baseline_apply(const struct baseline *b, uint32_t *bad_enc);

/** MSRs read for host state (SDM Vol. 4). */
#define MSR_IA32_SYSENTER_CS 0x174
#define MSR_IA32_SYSENTER_ESP 0x175
#define MSR_IA32_SYSENTER_EIP 0x176
#define MSR_IA32_DEBUGCTL 0x1d9

#endif
