/** @file
 * The I/O APICs the ACPI MADT lists (type 1 entries), as far as a
 * measurement needs them: mask every redirection entry at the source around
 * a timed window and put the entries back (82093AA I/O APIC datasheet:
 * IOREGSEL at +0x00, IOWIN at +0x10, IOAPICVER 0x01 bits 23:16 = Maximum
 * Redirection Entry, entry n low dword at 0x10 + 2n, bit 16 = mask).
 */
#ifndef VMXB_PLATFORM_IOAPIC_H
#define VMXB_PLATFORM_IOAPIC_H

#include <stdint.h>

/** I/O APICs kept; more are counted in ioapic_listed() only. */
#define IOAPIC_MAX 8u
/** Redirection entries one I/O APIC can have (the field is 8 bits). */
#define IOAPIC_ENTRIES_MAX 256u

/**
 * Remember the I/O APICs at @p pa[0..kept) of @p listed the MADT has (once,
 * before any measurement; the first IOAPIC_MAX are used).
 */
void ioapic_set(const uint64_t *pa, unsigned kept, unsigned listed);

/** I/O APICs listed by ioapic_set() (all of them, also beyond IOAPIC_MAX). */
unsigned ioapic_listed(void);

/**
 * Mask every redirection entry of every known I/O APIC, saving the low
 * dwords. @return the number of entries that read back masked.
 */
unsigned ioapic_mask_all(void);

/** Put back the entries ioapic_mask_all() saved. */
void ioapic_restore(void);

#endif
