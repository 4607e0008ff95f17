/** @file
 * Multiboot v1 entry: from the loader's 32-bit protected mode to 64-bit C.
 *
 * Loaders (iPXE BIOS, QEMU -kernel, GRUB) jump to _start in 32-bit protected
 * mode, paging off, EAX = 0x2BADB002, EBX = physical address of the
 * Multiboot information. We zero BSS, map the first GiB 1:1 (a bootstrap:
 * multiboot_main builds the payload's whole map in C, platform/paging.c),
 * enable PAE + EFER.LME + paging, load a 64-bit GDT and jump to 64-bit code,
 * which calls multiboot_main(magic, info).
 */
#define MB_MAGIC 0x1BADB002
/* Flags: bit 0 = page-align modules, bit 1 = want memory info. No a.out
 * kludge (bit 16): loaders read the ELF32 program headers. */
#define MB_FLAGS 0x00000003
/* What the loader passes (Multiboot 0.6.96 §3.2, §3.3): EAX, the
 * information's flags bit 2 and its cmdline member at offset 16. */
#define MB_BOOT_MAGIC 0x2BADB002
#define MB_INFO_CMDLINE 0x4
#define MB_INFO_CMDLINE_OFF 16
#define BOOT_CMDLINE_MAX 4096

#define CR0_PE (1 << 0)
#define CR0_NE (1 << 5)
#define CR0_WP (1 << 16)
#define CR0_NW (1 << 29)
#define CR0_CD (1 << 30)
#define CR0_PG (1 << 31)
#define CR4_PAE (1 << 5)
#define EFER_MSR 0xC0000080
#define EFER_LME (1 << 8)

#define PTE_P 0x001
#define PTE_W 0x002
#define PTE_PS 0x080

#define BOOT_STACK_SIZE 0x10000

/* The tables of platform/paging.c (struct paging_tables). */
#define boot_pml4 (paging_tables)
#define boot_pdpt (paging_tables + 0x1000)
#define boot_pd (paging_tables + 0x2000)
#define boot_pt0 (paging_tables + 0x6000)

	.section .multiboot, "a"
	.balign 4
multiboot_header:
	.long MB_MAGIC
	.long MB_FLAGS
	.long -(MB_MAGIC + MB_FLAGS)

	.section .boot.text, "ax"
	.code32
	.globl _start
_start:
	cli
	cld
	/*
	 * Copy the command line into .data before anything is cleared: .bss
	 * is in no PT_LOAD segment (payload/link.ld), so the loader did not
	 * reserve it and may have put its information there (QEMU -kernel puts
	 * it right after the loaded segments). The command line is the only
	 * loader data the payload reads (multiboot.c).
	 */
	mov %eax, %edx
	cmp $MB_BOOT_MAGIC, %eax
	jne 3f
	testl $MB_INFO_CMDLINE, (%ebx)
	jz 3f
	mov MB_INFO_CMDLINE_OFF(%ebx), %esi
	test %esi, %esi
	jz 3f
	mov $boot_cmdline, %edi
	mov $(BOOT_CMDLINE_MAX - 1), %ecx
1:	lodsb
	stosb
	test %al, %al
	jz 2f
	loop 1b
	movb $0, (%edi)
2:	movl $1, boot_cmdline_copied
3:	mov %edx, %eax
	/* Zero BSS first: page tables and stack live there. */
	mov %eax, %esi
	mov $__bss_start, %edi
	mov $__bss_end, %ecx
	sub %edi, %ecx
	shr $2, %ecx
	xor %eax, %eax
	rep stosl
	mov %esi, boot_mb_magic
	mov %ebx, boot_mb_info
	mov $boot_stack_top, %esp

	/*
	 * Bootstrap map, just enough to reach 64-bit C: the first GiB, 4 KiB
	 * pages below 2 MiB (see platform/paging.c for why), written into the
	 * payload's own tables, where paging_init() then builds the whole map
	 * (the same values for these entries, so they stay valid meanwhile).
	 */
	mov $boot_pdpt, %eax
	or $(PTE_P | PTE_W), %eax
	mov %eax, boot_pml4
	mov $boot_pd, %eax
	or $(PTE_P | PTE_W), %eax
	mov %eax, boot_pdpt

	/* PT0: 512 4 KiB pages over the first 2 MiB. */
	mov $(PTE_P | PTE_W), %eax
	xor %ecx, %ecx
5:	mov %eax, boot_pt0(, %ecx, 8)
	add $0x1000, %eax
	inc %ecx
	cmp $512, %ecx
	jb 5b

	/* PD0: 2 MiB pages over the first GiB, except the first: PT0. */
	mov $1, %ecx
2:	mov %ecx, %eax
	shl $21, %eax
	or $(PTE_P | PTE_W | PTE_PS), %eax
	mov %eax, boot_pd(, %ecx, 8)
	inc %ecx
	cmp $512, %ecx
	jb 2b
	mov $boot_pt0, %eax
	or $(PTE_P | PTE_W), %eax
	mov %eax, boot_pd

	mov %cr4, %eax
	or $CR4_PAE, %eax
	mov %eax, %cr4
	mov $boot_pml4, %eax
	mov %eax, %cr3
	mov $EFER_MSR, %ecx
	rdmsr
	or $EFER_LME, %eax
	wrmsr
	/* Caches on, NE (VMXON needs it), WP, then paging: long mode. */
	mov %cr0, %eax
	and $~(CR0_CD | CR0_NW), %eax
	or $(CR0_PE | CR0_NE | CR0_WP | CR0_PG), %eax
	mov %eax, %cr0

	lgdt boot_gdt_ptr
	ljmp $0x08, $start64

	.code64
start64:
	mov $0x10, %eax
	mov %eax, %ds
	mov %eax, %es
	mov %eax, %ss
	xor %eax, %eax
	mov %eax, %fs
	mov %eax, %gs
	mov $boot_stack_top, %rsp
	xor %ebp, %ebp
	mov boot_mb_magic, %edi
	mov boot_mb_info, %esi
	call multiboot_main
4:	cli
	hlt
	jmp 4b

	.section .rodata
	.balign 16
/* Temporary GDT until trap_init_cpu(): same selectors (0x08 code64,
 * 0x10 data) as the final one in platform/gdt.c. */
boot_gdt:
	.quad 0
	.quad 0x00209b0000000000
	.quad 0x00cf93000000ffff
boot_gdt_end:
boot_gdt_ptr:
	.word boot_gdt_end - boot_gdt - 1
	.quad boot_gdt

	.data
	.balign 4
	.globl boot_mb_magic, boot_mb_info
boot_mb_magic: .long 0
boot_mb_info: .long 0
	.globl boot_cmdline, boot_cmdline_copied
boot_cmdline_copied: .long 0
boot_cmdline: .skip BOOT_CMDLINE_MAX

	.bss
	.balign 16
	.globl boot_stack_top
boot_stack: .skip BOOT_STACK_SIZE
boot_stack_top:

	.section .note.GNU-stack, "", @progbits
