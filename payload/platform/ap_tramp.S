/** @file
 * The application processors' way from reset to 64-bit C (smp.c).
 *
 * A Startup IPI starts an AP in real mode at CS = vector << 8, IP = 0 (SDM
 * Vol. 3A §9.4.4): smp.c copies this code to a page below 1 MiB (BIOS:
 * AP_TRAMP_BASE; UEFI: a page the firmware allocated) and fills the data
 * block at its end before each start. The code runs at any such page: it
 * takes its base from CS (EBX = CS << 4), adds it to the three addresses
 * its copy holds as offsets (the GDT pointer and the two far jumps), and
 * addresses its data through EBX/RBX afterwards. The
 * AP loads a small GDT with the payload's selectors (0x08 64-bit code, 0x10
 * data, 0x18 32-bit code), enters protected mode, turns on PAE, the
 * payload's page tables and EFER.LME, then paging (long mode), and calls the
 * entry with its argument on its own stack. trap_init_cpu() then moves it
 * onto the payload's GDT, its own TSS and the IDT.
 */
#include "platform/ap_tramp.h"

#define CR0_PE 0x00000001
#define CR0_ET 0x00000010
#define CR0_NE 0x00000020
#define CR0_WP 0x00010000
#define CR0_PG 0x80000000
#define CR4_PAE 0x20
#define MSR_EFER 0xc0000080
#define EFER_LME 0x100

/* A label's offset from the start of the code (the copy's base in EBX). */
#define OFF(label) (label - ap_tramp_start)

	.section .rodata.ap_tramp, "a"
	.balign 16
	.globl ap_tramp_start, ap_tramp_end
	.code16
ap_tramp_start:
	cli
	cld
	mov %cs, %ax
	mov %ax, %ds
	movzwl %ax, %ebx
	shl $4, %ebx
	add %ebx, OFF(tramp_gdt_ptr) + 2
	add %ebx, OFF(far_pm32)
	add %ebx, OFF(far_lm64)
	lgdtl OFF(tramp_gdt_ptr)
	mov %cr0, %eax
	or $CR0_PE, %eax
	mov %eax, %cr0
	ljmpl *OFF(far_pm32)

	.code32
pm32:
	mov $0x10, %eax
	mov %eax, %ds
	mov %eax, %es
	mov %eax, %ss
	mov %cr4, %eax
	or $CR4_PAE, %eax
	mov %eax, %cr4
	mov OFF(tramp_cr3)(%ebx), %eax
	mov %eax, %cr3
	mov $MSR_EFER, %ecx
	rdmsr
	or $EFER_LME, %eax
	wrmsr
	/* caches on (CD, NW clear), NE for VMXON, WP, paging: long mode */
	mov $(CR0_PE | CR0_ET | CR0_NE | CR0_WP | CR0_PG), %eax
	mov %eax, %cr0
	ljmpl *OFF(far_lm64)(%ebx)

	.code64
lm64:
	mov %ebx, %ebx /* the upper half is undefined after the mode switch */
	mov $0x10, %eax
	mov %eax, %ds
	mov %eax, %es
	mov %eax, %ss
	xor %eax, %eax
	mov %eax, %fs
	mov %eax, %gs
	mov OFF(tramp_stack)(%rbx), %rsp
	mov OFF(tramp_arg)(%rbx), %rdi
	mov OFF(tramp_entry)(%rbx), %rax
	xor %ebp, %ebp
	call *%rax
1:	cli
	hlt
	jmp 1b

	.balign 8
tramp_gdt:
	.quad 0
	.quad 0x00209b0000000000 /* 0x08: 64-bit code */
	.quad 0x00cf93000000ffff /* 0x10: data, 4 GiB */
	.quad 0x00cf9b000000ffff /* 0x18: 32-bit code */
tramp_gdt_ptr:
	.word 4 * 8 - 1
	.long OFF(tramp_gdt) /* + base */
	/* far pointers (offset, selector), offsets + base */
far_pm32:
	.long OFF(pm32)
	.word 0x18
far_lm64:
	.long OFF(lm64)
	.word 0x08
	.balign 8
	/* struct ap_tramp_data (ap_tramp.h): filled by smp.c before each start */
tramp_cr3: .quad 0
tramp_stack: .quad 0
tramp_entry: .quad 0
tramp_arg: .quad 0
ap_tramp_end:

	.section .note.GNU-stack, "", @progbits
