/** @file
 * VM entry and exit: vmx_enter loads the guest GPRs and executes
 * VMLAUNCH/VMRESUME; a VM exit lands in vmx_exit_stub (HOST_RIP), which saves
 * all guest GPRs and returns to vmx_enter's caller as if VMLAUNCH had
 * returned. Also the guest code itself (vmx_guest_entry).
 */

/* struct vmx_gprs offsets (guest.h). */
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
	push %rbp
	push %rbx
	push %r12
	push %r13
	push %r14
	push %r15
	push %rdi			/* *g, found again at 0(%rsp) on exit */
	mov $VMCS_HOST_RSP, %eax
	vmwrite %rsp, %rax
	/* VMfailValid here is our error: report it. VMfailInvalid means there
	 * is no current VMCS; VMLAUNCH must then fail on its own, so go on and
	 * let it report (a case "VMLAUNCH with no current VMCS" tests VMLAUNCH). */
	jz 8f
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
	xor %eax, %eax
9:	pop %rdi
	pop %r15
	pop %r14
	pop %r13
	pop %r12
	pop %rbx
	pop %rbp
	ret

/* The guest: call back at once, again after a VMRESUME, then stop. */
	.globl vmx_guest_entry
	.type vmx_guest_entry, @function
vmx_guest_entry:
	mov $0x56a11e00, %eax
	vmcall
	mov $0x56d00e00, %eax
	vmcall
	ud2
	jmp vmx_guest_entry

	.section .note.GNU-stack, "", @progbits
