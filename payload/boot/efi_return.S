/** @file
 * efi_run()/efi_return() (boot/efi.h): a one-shot setjmp/longjmp, so that
 * exit=return can hand the machine back to the firmware from deep inside
 * the payload with the callee-saved registers efi_main's caller expects.
 */
	.text
	.globl efi_run
	.type efi_run, @function
efi_run:
	push %rbp
	push %rbx
	push %r12
	push %r13
	push %r14
	push %r15
	sub $8, %rsp			/* 16-byte aligned at the call */
	mov %rsp, efi_run_rsp(%rip)
	mov %rdi, %rax
	mov %rsi, %rdi
	call *%rax
	xor %eax, %eax			/* fn returned: 0 */
	jmp 1f

	.globl efi_return
	.type efi_return, @function
efi_return:
	mov %rdi, %rax
	mov efi_run_rsp(%rip), %rsp
1:	add $8, %rsp
	pop %r15
	pop %r14
	pop %r13
	pop %r12
	pop %rbx
	pop %rbp
	ret

	.bss
	.balign 8
efi_run_rsp: .quad 0

	.section .note.GNU-stack, "", @progbits
