/** @file
 * Building the payload's page tables (see paging.h).
 *
 * Why 4 KiB pages below 2 MiB: firmware MTRRs make the legacy VGA and ROM
 * areas (0xA0000..0xFFFFF) uncached, and a large page spanning several
 * memory types is undefined (SDM Vol. 3A §12.11.9, Large Page Size
 * Considerations), which would put the payload's own code (at 1 MiB) at risk
 * of running uncached. Why 3..4 GiB uncached (PCD|PWT: PAT entry 3, UC):
 * MMIO must never be cached even where the firmware's MTRRs do not say so.
 */
#include <stdbool.h>
#include "platform/cpu.h"
#include "platform/mem.h"
#include "platform/paging.h"

#define PTE_P 0x001ull
#define PTE_W 0x002ull
#define PTE_PWT 0x008ull
#define PTE_PCD 0x010ull
#define PTE_PS 0x080ull
#define GIB_WB 3 /* 0..3 GiB write-back, the 4th GiB uncached */

/*
 * In .bss.pagetables, first in BSS (link.ld): page aligned, zeroed at boot.
 * One object, so the four tables keep this order. Not static: a boot path
 * that must build a map before it reaches C (boot/multiboot.S) writes its
 * bootstrap entries here, the same values paging_init() writes again.
 */
struct paging_tables paging_tables __attribute__((section(".bss.pagetables"), aligned(4096)));
#define pml4 paging_tables.pml4
#define pdpt paging_tables.pdpt
#define pd paging_tables.pd
#define pt0 paging_tables.pt0

static uint64_t pa(const void *p)
{
	return (uint64_t)(uintptr_t)p; /* identity mapped */
}

static uint64_t mapped_end = PAGING_MAPPED_END;
static void paging_build(void);

/* PDPT entries for [4 GiB, end): 1 GiB pages (CPUID.80000001H:EDX[26]) or
 * a page directory of 2 MiB pages each. */
static uint64_t map_high(uint64_t end)
{
	bool gib_pages = cpuid(0x80000000, 0).eax >= 0x80000001 &&
			 (cpuid(0x80000001, 0).edx & (1u << 26));
	unsigned g;

	if (end > PAGING_MAX_END)
		end = PAGING_MAX_END;
	for (g = 4; (uint64_t)g << 30 < end; g++) {
		uint64_t base = (uint64_t)g << 30;
		uint64_t *dir;

		if (gib_pages) {
			pdpt[g] = base | PTE_P | PTE_W | PTE_PS;
			continue;
		}
		dir = page_alloc();
		if (!dir)
			break;
		for (unsigned i = 0; i < 512; i++)
			dir[i] = (base + ((uint64_t)i << 21)) | PTE_P | PTE_W | PTE_PS;
		pdpt[g] = pa(dir) | PTE_P | PTE_W;
	}
	return (uint64_t)g << 30;
}

uint64_t paging_init_to(uint64_t end)
{
	paging_build();
	if (end > PAGING_MAPPED_END)
		mapped_end = map_high(end);
	write_cr3(pa(pml4)); /* only now: this code may run above 4 GiB */
	return mapped_end;
}

uint64_t paging_mapped_end(void)
{
	return mapped_end;
}

static void paging_build(void)
{
	pml4[0] = pa(pdpt) | PTE_P | PTE_W;
	for (unsigned g = 0; g < 4; g++) {
		pdpt[g] = pa(pd[g]) | PTE_P | PTE_W;
		for (unsigned i = 0; i < 512; i++)
			pd[g][i] = ((uint64_t)(g * 512 + i) << 21) | PTE_P | PTE_W | PTE_PS |
				   (g >= GIB_WB ? PTE_PCD | PTE_PWT : 0);
	}
	for (unsigned i = 0; i < 512; i++)
		pt0[i] = ((uint64_t)i << 12) | PTE_P | PTE_W;
	pd[0][0] = pa(pt0) | PTE_P | PTE_W;
}

void paging_init(void)
{
	paging_build();
	write_cr3(pa(pml4)); /* also flushes the loader's translations */
}

uint64_t paging_cr3(void)
{
	return pa(pml4);
}
