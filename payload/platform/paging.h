/** @file
 * The payload's page tables (built by boot/multiboot.S): the first 4 GiB
 * identity mapped with 2 MiB pages (4 KiB pages below 2 MiB, where MTRR
 * memory types change), 0..3 GiB write-back, 3..4 GiB uncached
 * (MMIO: PCI hole, IOAPIC, local APIC). They stay in use for the whole run;
 * a guest may run on the same tables (load paging_cr3() as guest CR3).
 */
#ifndef VMXB_PLATFORM_PAGING_H
#define VMXB_PLATFORM_PAGING_H

#include <stdint.h>

/** Highest address + 1 covered by the identity map. */
#define PAGING_MAPPED_END 0x100000000ull

extern uint64_t boot_pml4[512];

/** CR3 value (PML4 physical address, PCD/PWT clear) of the payload tables. */
static inline uint64_t paging_cr3(void) { return (uint64_t)(uintptr_t)boot_pml4; }

#endif
