/** @file
 * Finding the SMBIOS tables in physical memory (identity mapped, paging.h).
 */
#include "platform/paging.h"
#include "platform/smbios.h"
#include <string.h>

#define BIOS_AREA 0xf0000u
#define BIOS_AREA_LEN 0x10000u

static const uint8_t *phys(uint64_t a) { return (const uint8_t *)(uintptr_t)a; }

uint64_t smbios_find_bios(void)
{
	struct smbios_entry e;
	long off = smbios_entry_scan(phys(BIOS_AREA), BIOS_AREA_LEN, &e);

	return off < 0 ? 0 : BIOS_AREA + (uint64_t)off;
}

void smbios_probe(uint64_t hint, struct smbios_info *info)
{
	struct smbios_entry e;

	memset(info, 0, sizeof(*info));
	if (hint && hint < paging_mapped_end() - 0x20 && smbios_entry_parse(phys(hint), 0x20, &e) == 0) {
		info->entry = hint;
	} else {
		long off = smbios_entry_scan(phys(BIOS_AREA), BIOS_AREA_LEN, &e);
		if (off < 0)
			return;
		info->entry = BIOS_AREA + (uint64_t)off;
	}
	uint64_t len = e.table_len > SMBIOS_TABLE_MAX ? SMBIOS_TABLE_MAX : e.table_len;
	if (!e.table || e.table >= paging_mapped_end() || len > paging_mapped_end() - e.table)
		return;
	info->found = true;
	info->major = e.major;
	info->minor = e.minor;
	smbios_table_parse(phys(e.table), (size_t)len, e.count, info);
}
