/** @file
 * What a boot path hands to the common start: each boot wrapper (boot/)
 * translates what its firmware gives into this one struct, then calls
 * payload_main (app/main.h).
 */
#ifndef VMXB_PLATFORM_BOOT_INFO_H
#define VMXB_PLATFORM_BOOT_INFO_H

#include <stdint.h>

/** Most processors a firmware list (fw_cpus) holds. */
#define BOOT_FW_CPU_MAX 64

struct boot_info {
	const char *boot_path;  /**< "multiboot" or "uefi" */
	const char *cmdline;    /**< NULL when none */
	uint64_t rsdp;          /**< ACPI RSDP physical address, 0 = none found */
	uint64_t smbios;        /**< SMBIOS entry point, 0 = scan 0xF0000..0xFFFFF */
	/* Added for UEFI (all 0 on Multiboot): */
	uint64_t ap_tramp;      /**< page below 1 MiB for the AP start-up code, 0 = AP_TRAMP_BASE */
	uint64_t mem_end;       /**< end of the memory map (the identity map covers it), 0 = unknown */
	uint64_t image_base;    /**< where the firmware loaded the payload, 0 = at its link address */
	void *fw_image;         /**< UEFI: the image handle (EFI_HANDLE), for firmware calls */
	void *fw_systab;        /**< UEFI: the system table (EFI_SYSTEM_TABLE *) */
	/** APIC ids of the enabled processors the firmware found (UEFI MP services),
	 *  boot CPU included; used only where no ACPI MADT lists them. */
	const uint32_t *fw_cpus;
	unsigned fw_ncpus;
};

#endif
