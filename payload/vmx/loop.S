/** @file
 * The run loop of vmx/loop.h: enter, and on every VM exit save the guest
 * GPRs, call the handler, and VMRESUME directly while it returns 0.
 */

#define G_RAX 0
#define G_RBX 8
#define G_RCX 16
#define G_RDX 24
#define G_RSI 32
#define G_RDI 40
#define G_RBP 48
#define G_R8 56
#define G_R9 64
#define G_R10 72
#define G_R11 80
#define G_R12 88
#define G_R13 96
#define G_R14 104
#define G_R15 112
#define L_HANDLER 120
#define L_RESUME 128
#define L_STOP 152

#define VMCS_HOST_RSP 0x6C14
#define VMCS_HOST_RIP 0x6C16

/* Load guest GPRs from *rdi (rdi last). MOV leaves RFLAGS alone. */
.macro LOAD_GUEST
	mov G_RAX(%rdi), %rax
	mov G_RBX(%rdi), %rbx
	mov G_RCX(%rdi), %rcx
	mov G_RDX(%rdi), %rdx
	mov G_RSI(%rdi), %rsi
	mov G_RBP(%rdi), %rbp
	mov G_R8(%rdi), %r8
	mov G_R9(%rdi), %r9
	mov G_R10(%rdi), %r10
	mov G_R11(%rdi), %r11
	mov G_R12(%rdi), %r12
	mov G_R13(%rdi), %r13
	mov G_R14(%rdi), %r14
	mov G_R15(%rdi), %r15
	mov G_RDI(%rdi), %rdi
.endm

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
	push %rbp
	push %rbx
	push %r12
	push %r13
	push %r14
	push %r15
	push %rdi			/* l at 0(%rsp); RSP is now 16-byte aligned */
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
	push %rdi
	mov 8(%rsp), %rdi
	mov %rax, G_RAX(%rdi)
	mov %rbx, G_RBX(%rdi)
	mov %rcx, G_RCX(%rdi)
	mov %rdx, G_RDX(%rdi)
	mov %rsi, G_RSI(%rdi)
	mov %rbp, G_RBP(%rdi)
	mov %r8, G_R8(%rdi)
	mov %r9, G_R9(%rdi)
	mov %r10, G_R10(%rdi)
	mov %r11, G_R11(%rdi)
	mov %r12, G_R12(%rdi)
	mov %r13, G_R13(%rdi)
	mov %r14, G_R14(%rdi)
	mov %r15, G_R15(%rdi)
	pop %rax
	mov %rax, G_RDI(%rdi)
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
9:	pop %rdi
	pop %r15
	pop %r14
	pop %r13
	pop %r12
	pop %rbx
	pop %rbp
	ret

	.section .note.GNU-stack, "", @progbits
