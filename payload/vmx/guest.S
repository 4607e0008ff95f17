/** @file
 * VM entry and exit: vmx_enter loads the guest GPRs and executes
 * VMLAUNCH/VMRESUME; a VM exit lands in vmx_exit_stub (HOST_RIP), which saves
 * all guest GPRs and returns to vmx_enter's caller as if VMLAUNCH had
 * returned. Also the guest code itself (vmx_guest_entry).
 */

#include "vmx/gprs_asm.h"
#include "vmx/guest_calls.h"

	.text
	.data
	.globl vmx_enter_mode, vmx_enter_ss
vmx_enter_mode:	.long 0		/* bit 0 VMRESUME, bit 1 MOV SS right before */
vmx_enter_ss:	.word 0		/* selector reloaded by that MOV SS */
	.text
/*
 * uint64_t vmx_enter(struct vmx_gprs *g) in the mode of vmx_enter_mode
 * Returns 0 after a VM exit (guest GPRs saved in *g), else RFLAGS after the
 * failed VMLAUNCH/VMRESUME (never 0: bit 1 is always set), or
 * 0x8000000000000000 | RFLAGS when writing HOST_RSP failed with VMfailValid.
 */
	.globl vmx_enter
	.type vmx_enter, @function
vmx_enter:
	HOST_SAVE			/* *g, found again at 0(%rsp) on exit */
	mov $VMCS_HOST_RSP, %eax
	vmwrite %rsp, %rax
	/* VMfailValid here is our error: report it. VMfailInvalid means there
	 * is no current VMCS; VMLAUNCH must then fail on its own, so go on and
	 * let it report (a case "VMLAUNCH with no current VMCS" tests VMLAUNCH). */
	jz 8f
	LOAD_GUEST
	testl $2, vmx_enter_mode(%rip)
	jnz 5f
	testl $1, vmx_enter_mode(%rip)
	jnz 1f
	vmlaunch
	jmp 2f
1:	vmresume
	jmp 2f
	/* MOV SS blocks events for one instruction: entry must fail (error 26). */
5:	testl $1, vmx_enter_mode(%rip)
	jnz 6f
	movw vmx_enter_ss(%rip), %ss
	vmlaunch
	jmp 2f
6:	movw vmx_enter_ss(%rip), %ss
	vmresume
2:	/* Entry did not happen: return RFLAGS. */
	pushfq
	pop %rax
	jmp 9f
8:	pushfq
	pop %rax
	bts $63, %rax
	jmp 9f

	.globl vmx_exit_stub
	.type vmx_exit_stub, @function
vmx_exit_stub:
	SAVE_GUEST
	xor %eax, %eax
9:	HOST_RESTORE_RET

/* The guest: call back at once, again after a VMRESUME, then stop. */
	.globl vmx_guest_entry
	.type vmx_guest_entry, @function
vmx_guest_entry:
	mov $GUEST_CALL_ALIVE, %eax
	vmcall
	mov $GUEST_CALL_DONE, %eax
	vmcall
	ud2
	jmp vmx_guest_entry

	.section .note.GNU-stack, "", @progbits
