/** @file
 * Finding the RSDP in the BIOS areas (see acpi.h); memory is identity mapped.
 */
#include "platform/acpi.h"
#include "platform/paging.h"

#define EBDA_SEG_PTR 0x40e /* BIOS data area: real-mode segment of the EBDA */
#define BIOS_AREA 0xe0000u
#define BIOS_AREA_LEN 0x20000u

/* Through an empty asm: GCC would warn about reading a constant address. */
static const uint8_t *phys(uint64_t a)
{
	const uint8_t *p;

	__asm__("" : "=r"(p) : "0"((uintptr_t)a));
	return p;
}

uint64_t acpi_find_rsdp_bios(void)
{
	struct acpi_rsdp r;
	uint64_t ebda = (uint64_t)*(const volatile uint16_t *)phys(EBDA_SEG_PTR) << 4;
	long off;

	/* The EBDA sits below 640 KiB; anything else there is not one. */
	if (ebda >= 0x80000 && ebda < 0xa0000 && (off = acpi_rsdp_scan(phys(ebda), 1024, &r)) >= 0)
		return ebda + (uint64_t)off;
	off = acpi_rsdp_scan(phys(BIOS_AREA), BIOS_AREA_LEN, &r);
	return off < 0 ? 0 : BIOS_AREA + (uint64_t)off;
}

/* The 1:1 map: readable when the range lies below the mapped end. */
static const uint8_t *map_identity(void *ctx, uint64_t pa, size_t len)
{
	(void)ctx;
	if (!pa || pa >= paging_mapped_end() || len > paging_mapped_end() - pa)
		return NULL;
	return phys(pa);
}

const struct acpi_mem acpi_phys_mem = { map_identity, NULL };
