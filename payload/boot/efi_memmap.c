/** @file
 * The extent of the UEFI memory map (see efi_tables.h).
 */
#include <string.h>
#include "boot/efi_tables.h"

#define PAGE_SHIFT 12

uint64_t efi_memmap_end(const void *map, size_t size, size_t desc_size, uint64_t limit)
{
	const uint8_t *p = map;
	uint64_t end = 0;

	if (!p || desc_size < sizeof(struct efi_mem_desc))
		return 0;
	for (size_t off = 0; size - off >= desc_size && off < size; off += desc_size) {
		struct efi_mem_desc d;
		uint64_t e;

		memcpy(&d, p + off, sizeof(d)); /* no alignment assumed of desc_size */
		if (d.phys >= limit)
			e = limit;
		else if (d.pages > (limit - d.phys) >> PAGE_SHIFT)
			e = limit; /* runs past the limit (or past 2^64) */
		else
			e = d.phys + (d.pages << PAGE_SHIFT);
		if (e > end)
			end = e;
	}
	return end;
}
