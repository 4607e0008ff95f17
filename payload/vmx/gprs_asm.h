/** @file
 * Guest GPR layout and the load/save sequences shared by the two VM entry
 * paths (guest.S: one entry per call; loop.S: resume-in-place loop), and
 * their common host-side prologue and epilogue.
 * Offsets mirror struct vmx_gprs (vmx/guest.h), pinned by static asserts
 * in vmx/run.c. Included by assembler files only.
 */
#ifndef VMXB_VMX_GPRS_ASM_H
#define VMXB_VMX_GPRS_ASM_H

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

#define VMCS_HOST_RSP 0x6C14
#define VMCS_HOST_RIP 0x6C16

/* Entry of vmx_enter/vmx_loop_enter: the SysV callee-saved registers, then
 * the struct pointer %rdi last, so that it sits at 0(%rsp) where HOST_RSP
 * will point (and RSP is 16-byte aligned). */
.macro HOST_SAVE
	push %rbp
	push %rbx
	push %r12
	push %r13
	push %r14
	push %r15
	push %rdi
.endm

/* The matching return to the C caller (RAX already set). */
.macro HOST_RESTORE_RET
	pop %rdi
	pop %r15
	pop %r14
	pop %r13
	pop %r12
	pop %rbx
	pop %rbp
	ret
.endm

/* Load guest GPRs from *rdi (rdi last). MOV leaves RFLAGS alone, so a
 * following JCC still sees the flags of what came before. */
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

/* At HOST_RIP after a VM exit, with the struct pointer at 0(%rsp) (pushed
 * before entry; HOST_RSP points at it): save every guest GPR into it.
 * Leaves the pointer in %rdi and the stack as it found it. */
.macro SAVE_GUEST
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
.endm

#endif
