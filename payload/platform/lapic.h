/** @file
 * The local APIC, as far as the payload needs it: find it (xAPIC MMIO or
 * x2APIC MSRs), and mask every LVT entry around a measurement so that no
 * local interrupt, NMI-delivered ones included (CLI does not stop those),
 * lands in a timed window. Each CPU has its own (cpu_local.lapic).
 */
#ifndef VMXB_PLATFORM_LAPIC_H
#define VMXB_PLATFORM_LAPIC_H

#include <stdbool.h>
#include <stdint.h>

/** LVT registers we know (SDM Vol. 3A 11.5.1): timer, LINT0/1, error, PMC, thermal, CMCI. */
#define LAPIC_LVT_MAX 7

struct lapic {
	bool probed;
	const char *state;     /**< "xapic", "x2apic", "disabled", "absent", "unmapped" */
	uint64_t mmio;         /**< xAPIC register base, 0 for x2APIC */
	uint8_t lvt_entries;   /**< LVT entries this APIC has (Max LVT Entry + 1, at least 4) */
	uint32_t lvt_saved[LAPIC_LVT_MAX];
	uint32_t tpr_saved;    /**< TPR as lapic_tpr_raise() found it */
};

/** Find this CPU's local APIC (once; later calls return at once). */
void lapic_probe(struct lapic *l);

/**
 * Mask every LVT entry, remembering the old values.
 * @return true only when every entry reads back masked.
 */
bool lapic_mask_lvt(struct lapic *l);

/** Put back what lapic_mask_lvt() found. */
void lapic_restore_lvt(struct lapic *l);

/**
 * Raise the Task Priority Register to 0xF0, its highest class (SDM Vol. 3A
 * §11.8.3.1 "Task and Processor Priorities": a fixed interrupt is held while
 * its vector's class, bits 7:4, is not above the TPR's), remembering the old
 * value. xAPIC offset 0x80, x2APIC MSR 0x808. @return the TPR read back.
 */
uint32_t lapic_tpr_raise(struct lapic *l);

/** Put back the TPR lapic_tpr_raise() found. */
void lapic_tpr_restore(struct lapic *l);

/**
 * The 256-bit IRR and ISR (SDM Vol. 3A §11.8.4: eight 32-bit registers each,
 * xAPIC 0x200/0x100 + 16 i, x2APIC MSRs 0x820/0x810 + i): bit v = vector v
 * requested, resp. in service. Zeros when the APIC is not usable.
 */
void lapic_pending(const struct lapic *l, uint32_t irr[8], uint32_t isr[8]);

/** This CPU's APIC id (x2APIC: 32 bits; xAPIC: bits 31:24 of the ID register). */
uint32_t lapic_id(const struct lapic *l);

/** Software-enable the APIC (SVR bit 8, spurious vector 0xff): an AP must, to take fixed IPIs. */
void lapic_sw_enable(const struct lapic *l);

/** End of interrupt: the one an AP took to wake up (a fixed IPI needs it). */
void lapic_eoi(const struct lapic *l);

/* ICR command bits (SDM Vol. 3A §11.6.1) */
#define ICR_FIXED 0x000u
#define ICR_INIT 0x500u
#define ICR_STARTUP 0x600u
#define ICR_ASSERT 0x4000u
#define ICR_LEVEL 0x8000u

/**
 * Send an IPI (ICR low word @p icr) to APIC id @p dest and wait (bounded)
 * until an xAPIC says it was sent. @return 0, or -1 when it stayed pending.
 */
int lapic_send_ipi(const struct lapic *l, uint32_t dest, uint32_t icr);

#endif
