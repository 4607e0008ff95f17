/** @file
 * A guest that runs for a while: VM exits go to a C handler that decides
 * whether to VMRESUME at once (without returning to the caller) or to stop.
 * What a hypervisor's run loop is; vmx_run (guest.h) stops at the first exit.
 * Used where the guest performs many operations whose exits are handled in
 * place (the shadow suite's nested-hypervisor path, semantics loops).
 *
 * The handler runs in VMX root operation right after the exit, with host
 * state as the VMCS's host area loaded it (RFLAGS = 2: interrupts off,
 * GDTR/IDTR limits 0xFFFF until vmx_loop_run returns). It reads the guest's
 * GPRs from / writes them to l->g (saved on exit, loaded on entry), may
 * VMREAD/VMWRITE the current VMCS (and VMPTRLD another VMCS as long as it
 * makes this one current again), and returns 0 to resume or a positive
 * value to stop.
 */
#ifndef VMXB_VMX_LOOP_H
#define VMXB_VMX_LOOP_H

#include <stdbool.h>
#include <stdint.h>
#include "vmx/guest.h"
#include "vmx/outcome.h"

struct vmx_loop;
typedef int (*vmx_loop_fn)(struct vmx_loop *l);

struct vmx_loop {
	struct vmx_gprs g;    /**< guest GPRs; must stay the first member (loop.S) */
	vmx_loop_fn handler;  /**< offset 120 (loop.S) */
	uint32_t resume;      /**< offset 128: 1 = VMRESUME, 0 = VMLAUNCH (loop.S) */
	uint32_t pad;
	void *ctx;            /**< for the handler */
	uint64_t exits;       /**< VM exits handled (the handler counts, if it wants) */
	int stop;             /**< offset 152: the handler's last return (loop.S) */
};

/**
 * VMLAUNCH (VMRESUME when @p resume) the current VMCS, whose guest state
 * must be ready; HOST_RSP and HOST_RIP are written here. Exits are handed
 * to l->handler until it returns non-zero.
 * @return 0 when the handler stopped the loop (l->stop set), -1 when the
 * entry failed (vmfail-*: @p out says which) or the handler or entry code
 * raised an exception (@p out exception:V)
 */
int vmx_loop_run(struct vmx_loop *l, bool resume, struct outcome *out);

/* Raw VMX instructions for handlers on a fast path (no trap guard). */
static inline uint64_t vmx_loop_vmread(uint64_t enc)
{
	uint64_t v;

	__asm__ volatile("vmread %1, %0" : "=r"(v) : "r"(enc) : "cc", "memory");
	return v;
}

static inline void vmx_loop_vmwrite(uint64_t enc, uint64_t v)
{
	__asm__ volatile("vmwrite %1, %0" :: "r"(enc), "r"(v) : "cc", "memory");
}

/** Advance the guest's RIP past the exiting instruction (VM-exit instruction length). */
static inline void vmx_loop_skip_insn(void)
{
	vmx_loop_vmwrite(0x681E, vmx_loop_vmread(0x681E) + vmx_loop_vmread(0x440C));
}

#endif
