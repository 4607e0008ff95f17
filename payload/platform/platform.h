/** @file
 * What each boot path hands to the common start (boot/ translates firmware
 * information into this, then calls payload_main).
 */
#ifndef VMXB_PLATFORM_PLATFORM_H
#define VMXB_PLATFORM_PLATFORM_H

#include <stdint.h>
#include "platform/options.h"

struct boot_info {
	const char *boot_path;  /**< "multiboot" or "uefi" */
	const char *cmdline;    /**< NULL when none */
	uint64_t rsdp;          /**< ACPI RSDP physical address, 0 = scan BIOS areas */
	uint64_t smbios;        /**< SMBIOS entry point, 0 = scan 0xF0000..0xFFFFF */
};

/** Common start: parse options, bring up the console, run the suites, exit. */
void payload_main(const struct boot_info *bi) __attribute__((noreturn));

/** Leave the payload as o->exit says. */
void platform_exit(const struct options *o, int status) __attribute__((noreturn));

#endif
