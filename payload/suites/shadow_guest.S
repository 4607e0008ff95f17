/** @file
 * Guest-side code of the shadow suite, in assembly so the registers and
 * lengths of the VMREAD/VMWRITE under test are fixed and known (the
 * VM-exit instruction information and length are checked against them).
 * Register forms: encoding in R9 (Reg2 = 9), value in R10 (Reg1 = 10).
 * Memory forms: encoding in R9, operand at 0x48(%rsi) (base RSI = 6, no
 * index, DS, 64-bit address, displacement 0x48 = exit qualification).
 */

#include "vmx/guest_calls.h"

	.text
/* Guest entry: RBX = function, RDI = its argument; then report done. */
	.globl shadow_guest_tramp
	.type shadow_guest_tramp, @function
shadow_guest_tramp:
	call *%rbx
	mov $GUEST_CALL_DONE, %eax
	vmcall
	ud2

/* uint64_t shadow_g_read(uint64_t enc, uint64_t *val): RFLAGS after VMREAD. */
	.globl shadow_g_read, shadow_g_read_insn, shadow_g_read_end
	.type shadow_g_read, @function
shadow_g_read:
	mov %rdi, %r9
	movabs $0x5a5a5a5a5a5a5a5a, %r10
	xor %eax, %eax			/* known flags before: ZF=1 PF=1 */
shadow_g_read_insn:
	vmread %r9, %r10
shadow_g_read_end:
	pushfq
	pop %rax
	mov %r10, (%rsi)
	ret

/* uint64_t shadow_g_write(uint64_t enc, uint64_t val): RFLAGS after VMWRITE. */
	.globl shadow_g_write, shadow_g_write_insn, shadow_g_write_end
	.type shadow_g_write, @function
shadow_g_write:
	mov %rdi, %r9
	mov %rsi, %r10
	xor %eax, %eax
shadow_g_write_insn:
	vmwrite %r10, %r9
shadow_g_write_end:
	pushfq
	pop %rax
	ret

/* uint64_t shadow_g_read_mem(uint64_t enc, void *buf): VMREAD into 0x48(buf). */
	.globl shadow_g_read_mem, shadow_g_read_mem_insn, shadow_g_read_mem_end
	.type shadow_g_read_mem, @function
shadow_g_read_mem:
	mov %rdi, %r9
	xor %eax, %eax
shadow_g_read_mem_insn:
	vmread %r9, 0x48(%rsi)
shadow_g_read_mem_end:
	pushfq
	pop %rax
	ret

/* uint64_t shadow_g_write_mem(uint64_t enc, void *buf): VMWRITE from 0x48(buf). */
	.globl shadow_g_write_mem, shadow_g_write_mem_insn, shadow_g_write_mem_end
	.type shadow_g_write_mem, @function
shadow_g_write_mem:
	mov %rdi, %r9
	xor %eax, %eax
shadow_g_write_mem_insn:
	vmwrite 0x48(%rsi), %r9
shadow_g_write_mem_end:
	pushfq
	pop %rax
	ret

/*
 * Entered at CPL 3 (shadow_sem.c's cpl3 cases): R9 = encoding, R10 = value,
 * R12 = 0 for VMREAD, 1 for VMWRITE; then report done (VMCALL exits at any CPL).
 */
	.globl shadow_g_cpl3, shadow_g_cpl3_read, shadow_g_cpl3_read_end
	.globl shadow_g_cpl3_write, shadow_g_cpl3_write_end
	.type shadow_g_cpl3, @function
shadow_g_cpl3:
	test %r12, %r12
	jnz 1f
shadow_g_cpl3_read:
	vmread %r9, %r10
shadow_g_cpl3_read_end:
	jmp 2f
1:
shadow_g_cpl3_write:
	vmwrite %r10, %r9
shadow_g_cpl3_write_end:
2:	mov $GUEST_CALL_DONE, %eax
	vmcall
	ud2

/* void shadow_g_errno(void): ask the host to read both VM-instruction error fields. */
	.globl shadow_g_errno
	.type shadow_g_errno, @function
shadow_g_errno:
	mov $SHADOW_CALL_ERRNO, %eax
	vmcall
	ret

	.section .note.GNU-stack, "", @progbits
