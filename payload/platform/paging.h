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

/** Highest address + 1 the identity map always covers (paging_init). */
#define PAGING_MAPPED_END 0x100000000ull
/** The most paging_init_to() maps: one PDPT, 512 GiB. */
#define PAGING_MAX_END (512ull << 30)

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

/**
 * paging_init(), and memory from 4 GiB up to @p end (rounded up to 1 GiB,
 * at most PAGING_MAX_END) identity mapped write-back too: a UEFI machine
 * may hold the payload, its stack or firmware tables there. 1 GiB pages
 * where the CPU has them, else 2 MiB pages in page directories taken from
 * the page pool. @return the end actually mapped.
 */
uint64_t paging_init_to(uint64_t end);

/** Highest address + 1 of the identity map in use. */
uint64_t paging_mapped_end(void);

/** CR3 value (PML4 physical address, PCD/PWT clear) of the payload tables. */
uint64_t paging_cr3(void);

#endif
