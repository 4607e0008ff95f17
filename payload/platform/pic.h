/** @file
 * The 8259A pair (master 0x20/0x21, slave 0xA0/0xA1), as far as a
 * measurement needs it: mask every line at the source around a timed window
 * and read what is pending (8259A datasheet: OCW1 = interrupt mask register
 * at the odd port, OCW3 at the even port selects IRR or ISR for the next read).
 */
#ifndef VMXB_PLATFORM_PIC_H
#define VMXB_PLATFORM_PIC_H

#include <stdbool.h>
#include <stdint.h>

struct pic_save {
	bool present;  /**< the master's IMR kept a value written to it */
	uint8_t imr[2]; /**< master, slave: as found */
};

/**
 * Save both IMRs and mask all 16 lines (OCW1 0xFF each). A master whose
 * IMR does not read back what was written is taken as absent (nothing is
 * written to it again). @return true when both read back 0xFF.
 */
bool pic_mask_all(struct pic_save *s);

/** Put back the IMRs pic_mask_all() found (nothing when absent). */
void pic_restore(const struct pic_save *s);

/**
 * IRR and ISR of both (bit i = IRQ i, slave in bits 15:8), 0 when @p s
 * found no PIC; leaves the IRR selected.
 */
void pic_pending(const struct pic_save *s, uint16_t *irr, uint16_t *isr);

#endif
