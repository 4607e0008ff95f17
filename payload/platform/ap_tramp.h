/** @file
 * The AP start-up code (ap_tramp.S), as smp.c sees it.
 */
#ifndef VMXB_PLATFORM_AP_TRAMP_H
#define VMXB_PLATFORM_AP_TRAMP_H

/* Below 1 MiB and page aligned (the SIPI vector is its page number); free
 * conventional memory on a BIOS machine. A UEFI boot allocates its page
 * (boot_info.ap_tramp). */
#define AP_TRAMP_BASE 0x8000

#ifndef __ASSEMBLER__
#include <stdint.h>

/** The data block at the end of the copied code. */
struct ap_tramp_data {
	uint64_t cr3;   /**< the payload's page tables (below 4 GiB: loaded in 32-bit mode) */
	uint64_t stack; /**< top of the AP's stack */
	uint64_t entry; /**< void entry(uint64_t arg), in 64-bit mode */
	uint64_t arg;
};

extern const char ap_tramp_start[], ap_tramp_end[];
#endif

#endif
