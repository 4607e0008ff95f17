/** @file
 * Exception entry stubs and trap_call()'s save/landing code.
 *
 * 256 stubs, 16 bytes apart from isr_stubs (the IDT points at
 * isr_stubs + 16 * vector): each pushes a 0 error code when the CPU pushes
 * none, then the vector, and joins isr_common, which saves all general
 * registers (struct trap_frame in trap.c) and calls trap_dispatch(). The
 * dispatcher may rewrite the frame to resume at trap_landing instead.
 */
/* Vectors with a CPU-pushed error code: 8 10 11 12 13 14 17 21 29 30. */
#define ERRMASK 0x60227d00

	.text
	.balign 16
	.globl isr_stubs
isr_stubs:
	.set vec, 0
	.rept 256
	.balign 16
	.if vec < 32
	.if ((1 << vec) & ERRMASK) == 0
	pushq $0
	.endif
	.else
	pushq $0
	.endif
	pushq $vec
	jmp isr_common
	.set vec, vec + 1
	.endr
	.globl isr_stubs_end
isr_stubs_end:

isr_common:
	cld
	push %rax
	push %rbx
	push %rcx
	push %rdx
	push %rsi
	push %rdi
	push %rbp
	push %r8
	push %r9
	push %r10
	push %r11
	push %r12
	push %r13
	push %r14
	push %r15
	mov %rsp, %rdi
	mov %rsp, %rbx
	and $-16, %rsp
	call trap_dispatch
	mov %rbx, %rsp
	pop %r15
	pop %r14
	pop %r13
	pop %r12
	pop %r11
	pop %r10
	pop %r9
	pop %r8
	pop %rbp
	pop %rdi
	pop %rsi
	pop %rdx
	pop %rcx
	pop %rbx
	pop %rax
	add $16, %rsp
	iretq

/*
 * int trap_call(void (*fn)(void *), void *arg, struct fault *f)
 *
 * Callee-saved registers are pushed here; the context (struct trap_ctx, 56
 * bytes) sits right below them and its address is the RSP to resume at.
 * trap_dispatch() pops the context and IRETs to trap_landing with
 * RSP = context and RAX = vector: the common epilogue then restores the
 * registers and returns the vector.
 */
#define CTX_SIZE 56
	.globl trap_call
trap_call:
	push %rbp
	mov %rsp, %rbp
	push %rbx
	push %r12
	push %r13
	push %r14
	push %r15
	sub $CTX_SIZE, %rsp
	mov %rdi, %r12
	mov %rsi, %r13
	mov %rsp, %rdi
	mov %rdx, %rsi
	call trap_ctx_push
	mov %r13, %rdi
	call *%r12
	mov %rsp, %rdi
	call trap_ctx_pop
	mov $-1, %eax
	.globl trap_landing
trap_landing:
	add $CTX_SIZE, %rsp
	pop %r15
	pop %r14
	pop %r13
	pop %r12
	pop %rbx
	pop %rbp
	ret

	.section .note.GNU-stack, "", @progbits
