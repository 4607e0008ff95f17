/** @file
 * Multiboot v1: translate the loader's information into struct boot_info.
 */
#include <stdint.h>
#include "app/main.h"
#include "platform/acpi.h"
#include "platform/paging.h"
#include "platform/smbios.h"

#define MB_BOOT_MAGIC 0x2BADB002u

/* multiboot.S copied the command line here before clearing .bss, where the
 * loader may have left it (payload/link.ld). */
extern const char boot_cmdline[];
extern const uint32_t boot_cmdline_copied;

void multiboot_main(uint32_t magic, uint32_t info) __attribute__((noreturn));

void multiboot_main(uint32_t magic, uint32_t info)
{
	struct boot_info bi = { .boot_path = "multiboot" };

	/* The information itself (at @p info) may be gone: multiboot.S kept its
	 * command line (Multiboot 0.6.96 §3.3), and only when the magic said
	 * the loader was a Multiboot one; otherwise boot with defaults. */
	(void)info;
	paging_init();
	if (magic == MB_BOOT_MAGIC && boot_cmdline_copied)
		bi.cmdline = boot_cmdline;
	/* a BIOS boot: the firmware's tables are where the BIOS areas hold them */
	bi.rsdp = acpi_find_rsdp_bios();
	bi.smbios = smbios_find_bios();
	payload_main(&bi);
}
