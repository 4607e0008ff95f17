/** @file
 * Multiboot v1: translate the loader's information into struct boot_info.
 */
#include <stdint.h>
#include "app/main.h"
#include "platform/acpi.h"
#include "platform/paging.h"
#include "platform/smbios.h"

#define MB_BOOT_MAGIC 0x2BADB002u
#define MB_INFO_CMDLINE (1u << 2)

/* The start of the Multiboot information structure (Multiboot 0.6.96 §3.3). */
struct mb_info {
	uint32_t flags;
	uint32_t mem_lower;
	uint32_t mem_upper;
	uint32_t boot_device;
	uint32_t cmdline;
};

void multiboot_main(uint32_t magic, uint32_t info) __attribute__((noreturn));

void multiboot_main(uint32_t magic, uint32_t info)
{
	struct boot_info bi = { .boot_path = "multiboot" };
	const struct mb_info *mbi = (const struct mb_info *)(uintptr_t)info;

	/* Without the magic the information pointer means nothing: boot with
	 * defaults rather than read garbage. */
	paging_init();
	if (magic == MB_BOOT_MAGIC && mbi && (mbi->flags & MB_INFO_CMDLINE) && mbi->cmdline)
		bi.cmdline = (const char *)(uintptr_t)mbi->cmdline;
	/* a BIOS boot: the firmware's tables are where the BIOS areas hold them */
	bi.rsdp = acpi_find_rsdp_bios();
	bi.smbios = smbios_find_bios();
	payload_main(&bi);
}
