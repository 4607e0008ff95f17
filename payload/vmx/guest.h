/** @file
 * Running a guest: the VM-entry/VM-exit path (guest.S) and the guest code
 * that calls back to the host with VMCALL.
 *
 * Call protocol: the guest puts a command in RAX and executes VMCALL (exit
 * reason 18). The baseline guest calls GUEST_CALL_ALIVE as its first
 * instruction, then GUEST_CALL_DONE, then executes UD2 (which exits through
 * the exception bitmap): it can never run away.
 */
#ifndef VMXB_VMX_GUEST_H
#define VMXB_VMX_GUEST_H

#include <stdbool.h>
#include <stdint.h>
#include "vmx/guest_calls.h"
#include "vmx/outcome.h"

/** Guest general-purpose registers, saved on every exit, loaded on every entry. */
struct vmx_gprs {
	uint64_t rax, rbx, rcx, rdx, rsi, rdi, rbp;
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
};

/** What a VM exit left in the VMCS (valid when exited is true). */
struct vmx_exit {
	bool exited;          /**< a VM exit happened (also a failed-entry exit) */
	uint32_t reason;      /**< full exit reason (bit 31: entry failure) */
	uint64_t qual;        /**< exit qualification */
	uint64_t guest_rip;
	uint32_t insn_len;
	uint32_t intr_info;   /**< VM-exit interruption information */
};

/** Guest code entry point (guest.S). */
void vmx_guest_entry(void);
/** Host RIP of the baseline VMCS (guest.S). */
void vmx_exit_stub(void);

/**
 * VMLAUNCH (or VMRESUME when @p resume) the current VMCS with guest GPRs
 * @p g, and classify what happens into @p out (outcome.h):
 * ok when the guest called back with GUEST_CALL_ALIVE or GUEST_CALL_DONE,
 * vmfail-*, exit:R:Q for an entry-failure exit, timeout for a
 * VMX-preemption-timer exit, vmexit:R for any other exit, exception:V when
 * the instruction faulted. HOST_RSP is written here; the rest of the VMCS
 * must be ready. Host GDTR/IDTR limits (set to 0xFFFF by the exit, SDM
 * §27.5.2) and RFLAGS are restored. @p ex (may be NULL) gets exit details.
 * @return 0 when the outcome is "ok", -1 otherwise
 */
int vmx_run(struct vmx_gprs *g, bool resume, struct outcome *out, struct vmx_exit *ex);

#define VMX_RUN_RESUME 1u /**< VMRESUME instead of VMLAUNCH */
#define VMX_RUN_MOVSS 2u  /**< MOV to SS immediately before (blocking by MOV SS) */
/** vmx_run with @p mode flags VMX_RUN_*. */
int vmx_run_mode(struct vmx_gprs *g, unsigned mode, struct outcome *out, struct vmx_exit *ex);

#endif
