/** @file
 * What a boot path hands to the common start: each boot wrapper (boot/)
 * translates what its firmware gives into this one struct, then calls
 * payload_main (app/main.h).
 */
#ifndef VMXB_PLATFORM_BOOT_INFO_H
#define VMXB_PLATFORM_BOOT_INFO_H

#include <stdint.h>

struct boot_info {
	const char *boot_path;  /**< "multiboot" or "uefi" */
	const char *cmdline;    /**< NULL when none */
	uint64_t rsdp;          /**< ACPI RSDP physical address, 0 = none found */
	uint64_t smbios;        /**< SMBIOS entry point, 0 = scan 0xF0000..0xFFFFF */
};

#endif
