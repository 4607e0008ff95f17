/** @file
 * The GDT (64-bit code, data, 32-bit code, one TSS per CPU) and the TSSs with
 * their IST stacks, so #DF, NMI and #MC always run on a known-good stack.
 */
#include <stdbool.h>
#include <stdint.h>
#include "platform/desc.h"

/* 64-bit TSS (SDM Vol. 3A §8.7). */
struct tss64 {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __attribute__((packed));

_Static_assert(sizeof(struct tss64) == 104, "TSS layout");

#define GDT_ENTRIES (4 + 2 * CPU_MAX)

static uint64_t gdt[GDT_ENTRIES] __attribute__((aligned(16))) = {
	0,
	0x00209b0000000000ull, /* 0x08: 64-bit code, DPL0, accessed */
	0x00cf93000000ffffull, /* 0x10: data, 4 GiB, accessed */
	0x00cf9b000000ffffull, /* 0x18: 32-bit code */
};

static struct tss64 tss[CPU_MAX] __attribute__((aligned(16)));
static uint8_t ist_stacks[CPU_MAX][3][IST_STACK_SIZE] __attribute__((aligned(16)));

uint64_t gdt_tss_base(unsigned cpu)
{
	return (uint64_t)(uintptr_t)&tss[cpu];
}

static void gdt_set_tss(unsigned cpu)
{
	uint64_t base = gdt_tss_base(cpu);
	uint64_t limit = sizeof(struct tss64) - 1;
	unsigned i = SEL_TSS(cpu) / 8;

	/* Type 9 = available 64-bit TSS, present, DPL0. */
	gdt[i] = (limit & 0xffff) | (base & 0xffffff) << 16 | 0x89ull << 40 |
		 ((limit >> 16) & 0xf) << 48 | ((base >> 24) & 0xff) << 56;
	gdt[i + 1] = base >> 32;
}

bool gdt_is_loaded(void)
{
	struct desc_ptr cur;

	__asm__ volatile("sgdt %0" : "=m"(cur));
	return cur.base == (uint64_t)(uintptr_t)gdt;
}

void gdt_init_cpu(unsigned cpu)
{
	struct tss64 *t = &tss[cpu];
	struct desc_ptr p = { sizeof(gdt) - 1, (uint64_t)(uintptr_t)gdt };

	for (int k = 0; k < 3; k++)
		t->ist[k] = (uint64_t)(uintptr_t)&ist_stacks[cpu][k][IST_STACK_SIZE];
	t->iomap_base = sizeof(struct tss64); /* no I/O bitmap */
	gdt_set_tss(cpu);

	__asm__ volatile("lgdt %0\n\t"
			 "pushq %1\n\t"
			 "leaq 1f(%%rip), %%rax\n\t"
			 "pushq %%rax\n\t"
			 "lretq\n"
			 "1:\n\t"
			 "movl %2, %%eax\n\t"
			 "movl %%eax, %%ds\n\t"
			 "movl %%eax, %%es\n\t"
			 "movl %%eax, %%ss\n\t"
			 "ltr %w3"
			 :
			 : "m"(p), "i"(SEL_CODE64), "i"(SEL_DATA), "r"((uint16_t)SEL_TSS(cpu))
			 : "rax", "memory");
}
