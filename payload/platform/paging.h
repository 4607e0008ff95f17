/** @file
 * The payload's page tables: the first 4 GiB identity mapped with 2 MiB
 * pages (4 KiB pages below 2 MiB, where MTRR memory types change),
 * 0..3 GiB write-back, 3..4 GiB uncached (MMIO: PCI hole, IOAPIC, local
 * APIC). Every boot path calls paging_init() before payload_main, whatever
 * map its firmware or loader left; the tables stay in use for the whole run,
 * and a guest may run on them (load paging_cr3() as guest CR3).
 */
#ifndef VMXB_PLATFORM_PAGING_H
#define VMXB_PLATFORM_PAGING_H

#include <stdint.h>

/** Highest address + 1 covered by the identity map. */
#define PAGING_MAPPED_END 0x100000000ull

struct paging_tables {
	uint64_t pml4[512];
	uint64_t pdpt[512];
	uint64_t pd[4][512];
	uint64_t pt0[512];
};
_Static_assert(sizeof(struct paging_tables) == 7 * 4096, "boot/multiboot.S offsets");

extern struct paging_tables paging_tables;

/** Build the tables and load them (CR3). Needs long mode and this code mapped 1:1. */
void paging_init(void);

/** CR3 value (PML4 physical address, PCD/PWT clear) of the payload tables. */
uint64_t paging_cr3(void);

#endif
