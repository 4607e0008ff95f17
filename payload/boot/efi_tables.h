/** @file
 * What the UEFI boot wrapper reads from the firmware, as pure functions the
 * host unit tests run too (boot/efi_cmdline.c, efi_config.c, efi_memmap.c).
 *
 * The layouts are the UEFI specification's (2.10: EFI_CONFIGURATION_TABLE
 * §4.6, EFI_MEMORY_DESCRIPTOR §7.2), declared here so these files need no
 * EFI headers: the host has none of gnu-efi's.
 */
#ifndef VMXB_BOOT_EFI_TABLES_H
#define VMXB_BOOT_EFI_TABLES_H

#include <stddef.h>
#include <stdint.h>

struct efi_guid {
	uint32_t d1;
	uint16_t d2, d3;
	uint8_t d4[8];
};

/** One EFI_CONFIGURATION_TABLE entry. */
struct efi_config {
	struct efi_guid guid;
	uint64_t table; /**< VendorTable: a physical address (identity mapped) */
};

/** The start of an EFI_MEMORY_DESCRIPTOR; entries are DescriptorSize apart. */
struct efi_mem_desc {
	uint32_t type;
	uint32_t pad;
	uint64_t phys;
	uint64_t virt;
	uint64_t pages; /**< 4 KiB pages */
	uint64_t attr;
};

/* Memory types the map reports (UEFI 2.10 Table 7.10) that matter here. */
#define EFI_MEM_RESERVED 0
#define EFI_MEM_CONVENTIONAL 7
#define EFI_MEM_UNUSABLE 8
#define EFI_MEM_MMIO 11
#define EFI_MEM_MMIO_PORT 12
#define EFI_MEM_TYPES 16 /**< types 0..15 are the specification's; above: OEM or OS */

/**
 * LoadOptions (UCS-2, as OVMF's boot manager, the UEFI shell and iPXE's
 * `chain` pass them: the image name first, a terminating NUL counted in
 * @p bytes) to an ASCII command line in @p out (@p cap bytes, always
 * terminated). Stops at the first NUL; an odd trailing byte is dropped;
 * characters outside printable ASCII become '?', controls (tab, CR, LF) a
 * space. @return the length written.
 */
size_t efi_cmdline_ascii(const void *opts, size_t bytes, char *out, size_t cap);

/** ACPI RSDP: the ACPI 2.0 table's entry, else the ACPI 1.0 one; 0 when neither. */
uint64_t efi_config_rsdp(const struct efi_config *t, size_t n);
/** SMBIOS entry point: the SMBIOS 3 (64-bit) entry, else the SMBIOS 2 one; 0 when neither. */
uint64_t efi_config_smbios(const struct efi_config *t, size_t n);

/**
 * The end (highest address + 1) of what the memory map describes, every
 * type included, so the identity map covers what firmware, tables and the
 * payload's own image occupy. @p map holds @p size bytes of descriptors
 * @p desc_size apart (the size GetMemoryMap() returned, not sizeof). An
 * entry that wraps past 2^64 or reaches beyond @p limit is counted up to
 * @p limit. @return 0 for an empty or malformed map (desc_size too small).
 */
uint64_t efi_memmap_end(const void *map, size_t size, size_t desc_size, uint64_t limit);

#endif
