/** @file
 * The shadow suite's measured bodies (docs/shadow-suite.md "Cost"), in
 * assembly so the loop is exactly what the docs say: SHADOW_UNROLL (8)
 * operations per iteration, then DEC/JNZ (the loop overhead amortised over
 * 8), each loop start aligned to 64 bytes (.p2align 6; the suite records the
 * start address mod 64 read at run time). meas_body_fn signature:
 * void body(void *ctx = RDI, uint32_t reps = ESI); ctx points at
 * { uint64_t enc, val }; reps is a multiple of 8 (the suite's N is).
 *
 * throughput: independent accesses to one field (no access waits for the
 *   result of another);
 * latency: a dependent chain. VMREAD: the field holds its own encoding, so
 *   "vmread %rax, %rax" takes each read's encoding from the previous read's
 *   result. VMWRITE: "vmwrite %rax, %rcx; vmread %rcx, %rax": the write's
 *   value is the previous read's result and the read follows the write
 *   (one op = a write-to-read round trip; subtract the VMREAD latency to
 *   see the write).
 * Registers: RAX, RCX, RDX, RSI only (caller-saved), so the guest's exit
 * handler sees the encoding in RCX or RAX and the value in RDX or RAX.
 */
#include "vmx/guest_calls.h"

	.text

	.globl shadow_b_read_tp, shadow_lp_read_tp
	.type shadow_b_read_tp, @function
shadow_b_read_tp:
	mov (%rdi), %rcx
	shr $3, %esi
	.p2align 6
shadow_lp_read_tp:
	.rept 8
	vmread %rcx, %rax
	.endr
	dec %esi
	jnz shadow_lp_read_tp
	ret

	.globl shadow_b_read_lat, shadow_lp_read_lat
	.type shadow_b_read_lat, @function
shadow_b_read_lat:
	mov (%rdi), %rax
	shr $3, %esi
	.p2align 6
shadow_lp_read_lat:
	.rept 8
	vmread %rax, %rax
	.endr
	dec %esi
	jnz shadow_lp_read_lat
	ret

	.globl shadow_b_write_tp, shadow_lp_write_tp
	.type shadow_b_write_tp, @function
shadow_b_write_tp:
	mov (%rdi), %rcx
	mov 8(%rdi), %rdx
	shr $3, %esi
	.p2align 6
shadow_lp_write_tp:
	.rept 8
	vmwrite %rdx, %rcx
	.endr
	dec %esi
	jnz shadow_lp_write_tp
	ret

	.globl shadow_b_write_lat, shadow_lp_write_lat
	.type shadow_b_write_lat, @function
shadow_b_write_lat:
	mov (%rdi), %rcx
	mov 8(%rdi), %rax
	shr $3, %esi
	.p2align 6
shadow_lp_write_lat:
	.rept 8
	vmwrite %rax, %rcx
	vmread %rcx, %rax
	.endr
	dec %esi
	jnz shadow_lp_write_lat
	ret

/* The bare transition: VMCALL with the "advance RIP only" command. */
	.globl shadow_b_vmcall, shadow_lp_vmcall
	.type shadow_b_vmcall, @function
shadow_b_vmcall:
	shr $3, %esi
	.p2align 6
shadow_lp_vmcall:
	.rept 8
	mov $SHADOW_CALL_NOP, %eax
	vmcall
	.endr
	dec %esi
	jnz shadow_lp_vmcall
	ret

	.section .note.GNU-stack, "", @progbits
