/** @file
 * SMBIOS (DMTF DSP0134): the entry point and the few strings the caps suite
 * reports (BIOS vendor/version, system manufacturer/product/serial).
 *
 * The parsers are pure (they take buffers and bound every length, so a
 * corrupt table cannot hang or overrun); smbios_probe() is the payload side
 * that looks at physical memory (identity mapped).
 */
#ifndef VMXB_PLATFORM_SMBIOS_H
#define VMXB_PLATFORM_SMBIOS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SMBIOS_STR_MAX 64
/** Largest structure table we walk (3.x gives only a maximum size). */
#define SMBIOS_TABLE_MAX (1u << 20)

struct smbios_entry {
	bool v3;             /**< "_SM3_" (64-bit) rather than "_SM_" */
	unsigned major, minor;
	uint64_t table;      /**< structure table physical address */
	uint32_t table_len;  /**< 2.x: exact length; 3.x: maximum size */
	unsigned count;      /**< 2.x: number of structures; 3.x: 0 (unknown) */
};

struct smbios_info {
	bool found;
	unsigned major, minor;
	uint64_t entry;      /**< entry point physical address */
	char bios_vendor[SMBIOS_STR_MAX], bios_version[SMBIOS_STR_MAX];
	char manufacturer[SMBIOS_STR_MAX], product[SMBIOS_STR_MAX], serial[SMBIOS_STR_MAX];
	unsigned structures; /**< structures walked */
	bool truncated;      /**< the walk stopped at a malformed structure */
};

/** Validate an entry point at @p p (@p avail bytes readable). @return 0 or -1. */
int smbios_entry_parse(const uint8_t *p, size_t avail, struct smbios_entry *e);

/**
 * Scan @p len bytes at @p area on 16-byte boundaries for a valid entry point
 * ("_SM3_" preferred over "_SM_"). @return its offset, or -1.
 */
long smbios_entry_scan(const uint8_t *area, size_t len, struct smbios_entry *e);

/**
 * Walk the structure table (@p len bytes at @p table, at most @p count
 * structures when count > 0) filling the type 0 and type 1 strings.
 */
void smbios_table_parse(const uint8_t *table, size_t len, unsigned count, struct smbios_info *info);

/** Payload: the entry point in the BIOS area 0xF0000–0xFFFFF, 0 when none (BIOS boot paths). */
uint64_t smbios_find_bios(void);

/**
 * Payload: find the entry point (at @p hint, boot_info.smbios, when non-zero
 * and valid, else in 0xF0000–0xFFFFF) and parse the table. info->found false
 * when none.
 */
void smbios_probe(uint64_t hint, struct smbios_info *info);

#endif
