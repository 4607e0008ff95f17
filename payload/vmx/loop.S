/** @file
 * The run loop of vmx/loop.h: enter, and on every VM exit save the guest
 * GPRs, call the handler, and VMRESUME directly while it returns 0.
 */

#include "vmx/gprs_asm.h"

/* struct vmx_loop offsets past its gprs (loop.h; asserted in loop.c). */
#define L_HANDLER 120
#define L_RESUME 128
#define L_STOP 152

	.text
/*
 * uint64_t vmx_loop_enter(struct vmx_loop *l)
 * 0: the handler stopped the loop; else RFLAGS after a failed
 * VMLAUNCH/VMRESUME (bit 1 always set), or bit 63 | RFLAGS when writing
 * HOST_RSP/HOST_RIP failed.
 */
	.globl vmx_loop_enter
	.type vmx_loop_enter, @function
vmx_loop_enter:
	HOST_SAVE			/* l at 0(%rsp) */
	mov $VMCS_HOST_RSP, %eax
	vmwrite %rsp, %rax
	jbe 8f
	mov $VMCS_HOST_RIP, %eax
	lea vmx_loop_exit(%rip), %rdx
	vmwrite %rdx, %rax
	jbe 8f
	testl $1, L_RESUME(%rdi)
	LOAD_GUEST
	jnz 1f
	vmlaunch
	jmp 2f
1:	vmresume
2:	pushfq				/* entry failed */
	pop %rax
	jmp 9f
8:	pushfq
	pop %rax
	bts $63, %rax
	jmp 9f

	.type vmx_loop_exit, @function
vmx_loop_exit:
	SAVE_GUEST
	mov %rdi, %rbx			/* callee-saved across the handler */
	call *L_HANDLER(%rdi)		/* RSP = HOST_RSP: 16-byte aligned */
	mov %eax, L_STOP(%rbx)
	test %eax, %eax
	jnz 7f
	mov %rbx, %rdi
	LOAD_GUEST
	vmresume
	jmp 2b
7:	xor %eax, %eax
9:	HOST_RESTORE_RET

	.section .note.GNU-stack, "", @progbits
