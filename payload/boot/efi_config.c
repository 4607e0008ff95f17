/** @file
 * Finding the ACPI and SMBIOS tables in the UEFI configuration table (see
 * efi_tables.h). GUIDs: UEFI 2.10 §4.6.1.1 (ACPI), SMBIOS 3.6 §5.2.
 */
#include <string.h>
#include "boot/efi_tables.h"

static const struct efi_guid acpi20 = { 0x8868e871, 0xe4f1, 0x11d3,
					{ 0xbc, 0x22, 0x00, 0x80, 0xc7, 0x3c, 0x88, 0x81 } };
static const struct efi_guid acpi10 = { 0xeb9d2d30, 0x2d88, 0x11d3,
					{ 0x9a, 0x16, 0x00, 0x90, 0x27, 0x3f, 0xc1, 0x4d } };
static const struct efi_guid smbios3 = { 0xf2fd1544, 0x9794, 0x4a2c,
					 { 0x99, 0x2e, 0xe5, 0xbb, 0xcf, 0x20, 0xe3, 0x94 } };
static const struct efi_guid smbios2 = { 0xeb9d2d31, 0x2d88, 0x11d3,
					 { 0x9a, 0x16, 0x00, 0x90, 0x27, 0x3f, 0xc1, 0x4d } };

static uint64_t find(const struct efi_config *t, size_t n, const struct efi_guid *g)
{
	for (size_t i = 0; t && i < n; i++)
		if (!memcmp(&t[i].guid, g, sizeof(*g)) && t[i].table)
			return t[i].table;
	return 0;
}

/* The newer table first: it is the one a firmware keeps current. */
static uint64_t find_either(const struct efi_config *t, size_t n, const struct efi_guid *first,
			    const struct efi_guid *second)
{
	uint64_t a = find(t, n, first);

	return a ? a : find(t, n, second);
}

uint64_t efi_config_rsdp(const struct efi_config *t, size_t n)
{
	return find_either(t, n, &acpi20, &acpi10);
}

uint64_t efi_config_smbios(const struct efi_config *t, size_t n)
{
	return find_either(t, n, &smbios3, &smbios2);
}
