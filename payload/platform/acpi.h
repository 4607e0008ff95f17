/** @file
 * ACPI: finding the RSDP (ACPI 6.5 §5.2.5). The parser is pure (it takes a
 * buffer and checks every length and checksum); acpi_find_rsdp_bios() is
 * the payload side that looks in the BIOS areas. Boot paths put what they
 * find in boot_info.rsdp.
 */
#ifndef VMXB_PLATFORM_ACPI_H
#define VMXB_PLATFORM_ACPI_H

#include <stddef.h>
#include <stdint.h>

struct acpi_rsdp {
	unsigned revision;    /**< 0: ACPI 1.0 (RSDT only), 2+: XSDT too */
	uint32_t rsdt;        /**< RSDT physical address */
	uint64_t xsdt;        /**< XSDT physical address, 0 before revision 2 */
	char oem_id[7];
};

/** Validate an RSDP at @p p (@p avail bytes readable). @return 0 or -1. */
int acpi_rsdp_parse(const uint8_t *p, size_t avail, struct acpi_rsdp *r);

/** Scan @p len bytes at @p area on 16-byte boundaries. @return the RSDP's offset, or -1. */
long acpi_rsdp_scan(const uint8_t *area, size_t len, struct acpi_rsdp *r);

/**
 * Payload, BIOS boot paths: the RSDP in the first KiB of the EBDA or in
 * 0xE0000–0xFFFFF (ACPI 6.5 §5.2.5.1). @return its physical address, 0 when none.
 */
uint64_t acpi_find_rsdp_bios(void);

#endif
