/** @file
 * RSDP parsing (see acpi.h). Pure: compiles for the host and is unit-tested.
 */
#include <string.h>

#include "platform/acpi.h"

#define RSDP_V1_LEN 20
#define RSDP_V2_MIN 36

static uint8_t sum(const uint8_t *p, size_t n)
{
	uint8_t s = 0;

	while (n--)
		s = (uint8_t)(s + *p++);
	return s;
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

int acpi_rsdp_parse(const uint8_t *p, size_t avail, struct acpi_rsdp *r)
{
	if (avail < RSDP_V1_LEN || memcmp(p, "RSD PTR ", 8) != 0 || sum(p, RSDP_V1_LEN) != 0)
		return -1;
	memset(r, 0, sizeof(*r));
	r->revision = p[15];
	memcpy(r->oem_id, p + 9, 6);
	r->rsdt = le32(p + 16);
	if (r->revision >= 2) {
		/* ACPI 2.0+: Length at 20, XSDT at 24, extended checksum over Length bytes */
		uint32_t len = avail >= RSDP_V2_MIN ? le32(p + 20) : 0;

		if (len < RSDP_V2_MIN || len > avail || sum(p, len) != 0)
			return -1;
		r->xsdt = (uint64_t)le32(p + 24) | (uint64_t)le32(p + 28) << 32;
	}
	return 0;
}

long acpi_rsdp_scan(const uint8_t *area, size_t len, struct acpi_rsdp *r)
{
	for (size_t off = 0; off + RSDP_V1_LEN <= len; off += 16)
		if (acpi_rsdp_parse(area + off, len - off, r) == 0)
			return (long)off;
	return -1;
}
