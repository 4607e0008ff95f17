/** @file
 * Multiboot v1 entry: from the loader's 32-bit protected mode to 64-bit C.
 *
 * Loaders (iPXE BIOS, QEMU -kernel, GRUB) jump to _start in 32-bit protected
 * mode, paging off, EAX = 0x2BADB002, EBX = physical address of the
 * Multiboot information. We zero BSS, identity-map the first 4 GiB with
 * 2 MiB pages, enable PAE + EFER.LME + paging, load a 64-bit GDT and jump to
 * 64-bit code, which calls multiboot_main(magic, info).
 *
 * The first 2 MiB use 4 KiB pages: firmware MTRRs make the legacy VGA and
 * ROM areas (0xA0000..0xFFFFF) uncached, and a large page spanning several
 * memory types is undefined (SDM Vol. 3A §12.11.9, Large Page Size
 * Considerations; §11.11.9 in older editions), which would put the
 * payload's own code (at 1 MiB) at risk of running uncached.
 *
 * Caching: 0..3 GiB is write-back (PAT entry 0); 3..4 GiB, where the PCI
 * hole, the IOAPIC (0xFEC00000) and the local APIC (0xFEE00000) live, is
 * mapped PCD|PWT (PAT entry 3, UC) so MMIO is never cached even where the
 * firmware's MTRRs do not say so. The tables live in BSS (.bss.pagetables)
 * and stay in use for the whole run: guests share them (paging_cr3()).
 */
#define MB_MAGIC 0x1BADB002
/* Flags: bit 0 = page-align modules, bit 1 = want memory info. No a.out
 * kludge (bit 16): loaders read the ELF32 program headers. */
#define MB_FLAGS 0x00000003

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
#define PTE_PWT 0x008
#define PTE_PCD 0x010
#define PTE_PS 0x080

#define BOOT_STACK_SIZE 0x10000

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

	/* PML4[0] -> PDPT; PDPT[0..3] -> PD0..PD3. */
	mov $boot_pdpt, %eax
	or $(PTE_P | PTE_W), %eax
	mov %eax, boot_pml4
	mov $boot_pd, %eax
	or $(PTE_P | PTE_W), %eax
	xor %ecx, %ecx
1:	mov %eax, boot_pdpt(, %ecx, 8)
	add $0x1000, %eax
	inc %ecx
	cmp $4, %ecx
	jb 1b

	/* PT0: 512 4 KiB pages over the first 2 MiB. */
	mov $(PTE_P | PTE_W), %eax
	xor %ecx, %ecx
5:	mov %eax, boot_pt0(, %ecx, 8)
	add $0x1000, %eax
	inc %ecx
	cmp $512, %ecx
	jb 5b

	/* 2048 2 MiB pages over 4 GiB; the last 512 (3..4 GiB) uncached. */
	xor %ecx, %ecx
2:	mov %ecx, %eax
	shl $21, %eax
	or $(PTE_P | PTE_W | PTE_PS), %eax
	cmp $1536, %ecx
	jb 3f
	or $(PTE_PCD | PTE_PWT), %eax
3:	mov %eax, boot_pd(, %ecx, 8)
	inc %ecx
	cmp $2048, %ecx
	jb 2b
	/* ... except the first, which points at PT0. */
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

	.section .bss.pagetables, "aw", @nobits
	.balign 4096
	.globl boot_pml4, boot_pdpt, boot_pd, boot_pt0
boot_pml4: .skip 4096
boot_pdpt: .skip 4096
boot_pd: .skip 4 * 4096
boot_pt0: .skip 4096

	.bss
	.balign 16
	.globl boot_stack_top
boot_stack: .skip BOOT_STACK_SIZE
boot_stack_top:

	.section .note.GNU-stack, "", @progbits
