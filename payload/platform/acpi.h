/** @file
 * ACPI: finding the RSDP (ACPI 6.5 §5.2.5) and, from it, the logical
 * processors the MADT lists (RSDP → XSDT/RSDT → "APIC", §5.2.7, §5.2.8,
 * §5.2.12). The parsers are pure: they read memory only through a caller's
 * callback (struct acpi_mem) and check every length and checksum, so they
 * compile for the host and are unit-tested on built tables.
 * acpi_find_rsdp_bios() is the payload side that looks in the BIOS areas.
 * Boot paths put what they find in boot_info.rsdp.
 */
#ifndef VMXB_PLATFORM_ACPI_H
#define VMXB_PLATFORM_ACPI_H

#include <stdbool.h>
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

/*
 * System description tables.
 */

/** Length of the common table header (ACPI 6.5 §5.2.6). */
#define ACPI_HDR_LEN 36u
/**
 * Longest table the walk maps. ACPI sets no limit; this bounds the work on a
 * corrupt length (256 KiB holds 8192 CPUs' x2APIC and xAPIC entries both).
 */
#define ACPI_TABLE_MAX (256u * 1024u)
/** Logical processors acpi_madt_cpus() stores; further ones are only counted. */
#define ACPI_CPU_MAX 64u
/** I/O APIC addresses acpi_madt_parse() stores; further ones are only counted. */
#define ACPI_IOAPIC_MAX 8u

/**
 * Read access to physical memory. map() returns a pointer to the @p len bytes
 * at @p pa, or NULL when [pa, pa+len) is not readable (never wraps). The
 * payload maps memory 1:1, so its map() is a range check and a cast; unit
 * tests hand out slices of a buffer of built tables.
 */
struct acpi_mem {
	const uint8_t *(*map)(void *ctx, uint64_t pa, size_t len);
	void *ctx;
};

/** Error codes of the table walk (negative; each comes with a struct acpi_fault). */
enum acpi_err {
	ACPI_OK = 0,
	ACPI_E_RSDP = -1,      /**< no valid RSDP at the address given */
	ACPI_E_UNMAPPED = -2,  /**< a table, or the length it states, is not readable */
	ACPI_E_LENGTH = -3,    /**< a length below its minimum or above ACPI_TABLE_MAX */
	ACPI_E_CHECKSUM = -4,  /**< a table's bytes do not sum to 0 */
	ACPI_E_SIGNATURE = -5, /**< a table is not the one its pointer promised */
	ACPI_E_NOT_FOUND = -6, /**< the root table lists no table of that signature */
	ACPI_E_ENTRY = -7,     /**< a MADT entry with a bad length */
};

/** Why a walk failed: a reason, the table it concerns and where that table is. */
struct acpi_fault {
	const char *why;   /**< NULL when nothing failed */
	const char *table; /**< "RSDP", "XSDT", "RSDT", "APIC", ... */
	uint64_t pa;       /**< the table's physical address */
};

/** One logical processor from the MADT. */
struct acpi_cpu {
	uint32_t apic_id; /**< local APIC id (type 0 entries) or x2APIC id (type 9) */
	uint32_t uid;     /**< ACPI Processor UID (matches a processor device's _UID) */
	bool x2apic;      /**< listed by a Processor Local x2APIC entry */
};

/** What acpi_madt_cpus() found. */
struct acpi_cpus {
	unsigned n;                        /**< enabled, distinct processors in cpu[] */
	struct acpi_cpu cpu[ACPI_CPU_MAX]; /**< in MADT order */
	unsigned skipped_disabled;         /**< entries with Enabled clear: not started */
	unsigned online_capable;           /**< of those, Online Capable set (hot-add; not started either) */
	unsigned skipped_duplicate;        /**< enabled entries whose APIC id an earlier one listed */
	unsigned skipped_invalid;          /**< APIC id 0xFF (type 0) or 0xFFFFFFFF (type 9): no processor */
	unsigned over_max;                 /**< enabled, distinct processors beyond ACPI_CPU_MAX */
	uint64_t lapic_pa;                 /**< local APIC base: the MADT's, or the type 5 override */
	uint32_t madt_flags;               /**< MADT Flags (bit 0 PCAT_COMPAT: 8259s present) */
	unsigned ioapics;                  /**< I/O APIC entries (type 1), all of them */
	uint64_t ioapic_pa[ACPI_IOAPIC_MAX]; /**< the first ACPI_IOAPIC_MAX ones' addresses, in MADT order */
	uint64_t madt_pa;                  /**< where the MADT is (acpi_madt_cpus() only) */
	bool via_xsdt;                     /**< found through the XSDT, else the RSDT (acpi_madt_cpus() only) */
	const char *warning;               /**< something tolerated (an XSDT that failed, RSDT used), or NULL */
	struct acpi_fault error;           /**< error.why is NULL on success */
};

/**
 * Map and check the table at @p pa: its header first, then its stated
 * length, which must be at least @p min_len (and ACPI_HDR_LEN) and at most
 * ACPI_TABLE_MAX, readable, and summing to 0 (§5.2.6). With @p sig non-NULL
 * its signature must match. @return ACPI_OK with @p *tab and @p *len, or an
 * acpi_err with @p *f.
 */
int acpi_table_map(const struct acpi_mem *mem, uint64_t pa, const char *sig, uint32_t min_len,
		   const uint8_t **tab, uint32_t *len, struct acpi_fault *f);

/**
 * Physical address of the first table with signature @p sig listed by the
 * root table of the RSDP at @p rsdp_pa: the XSDT (64-bit entries) when the
 * RSDP revision is 2 or more and gives one, else the RSDT (32-bit entries).
 * An XSDT that fails its checks falls back to the RSDT with @p *warning set.
 * The root table is checked in full; listed tables only by their header
 * (one bad table must not hide the others); check the chosen one with
 * acpi_table_map(). @return ACPI_OK with @p *pa, or an acpi_err with @p *f.
 */
int acpi_find_table(const struct acpi_mem *mem, uint64_t rsdp_pa, const char sig[4], uint64_t *pa,
		    bool *via_xsdt, const char **warning, struct acpi_fault *f);

/**
 * The logical processors of the MADT in @p len bytes at @p madt (its own
 * length and checksum checked again): Processor Local APIC (type 0) and
 * Processor Local x2APIC (type 9) entries, Enabled ones only, each APIC id
 * once (firmware may list one in both forms); the local APIC address from
 * the header or a type 5 override (§5.2.12.8); the I/O APICs' addresses
 * (type 1, §5.2.12.3). Clears @p *out first.
 * @return ACPI_OK, or ACPI_E_LENGTH / ACPI_E_CHECKSUM / ACPI_E_ENTRY with
 * out->error.
 */
int acpi_madt_parse(const uint8_t *madt, size_t len, struct acpi_cpus *out);

/**
 * The whole walk: RSDP at @p rsdp_pa → root table → MADT (checked) →
 * acpi_madt_parse(). The boot CPU is not marked: it finds its own entry by
 * its APIC id. @return ACPI_OK, or an acpi_err with out->error.
 */
int acpi_madt_cpus(const struct acpi_mem *mem, uint64_t rsdp_pa, struct acpi_cpus *out);

/** Payload: physical memory as the payload maps it (1:1 below 4 GiB), for the walks above. */
extern const struct acpi_mem acpi_phys_mem;

#endif
