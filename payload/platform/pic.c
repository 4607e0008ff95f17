/** @file
 * 8259A masking and pending check (pic.h; Intel 8259A datasheet, OCW1/OCW3).
 */
#include "platform/cpu.h"
#include "platform/pic.h"

#define PIC1_CMD 0x20
#define PIC1_IMR 0x21
#define PIC2_CMD 0xa0
#define PIC2_IMR 0xa1
#define OCW3_READ_IRR 0x0a /* D3=1 (OCW3), RR=1, RIS=0 */
#define OCW3_READ_ISR 0x0b /* RR=1, RIS=1 */

bool pic_mask_all(struct pic_save *s)
{
	s->imr[0] = inb(PIC1_IMR);
	s->imr[1] = inb(PIC2_IMR);
	/* Presence as Linux probes it: a value with a zero bit must read back
	 * (an absent PIC floats to 0xFF). IF is 0 here, so unmasking IRQ2
	 * (the cascade) for a moment delivers nothing. */
	outb(PIC1_IMR, 0xfb);
	s->present = inb(PIC1_IMR) == 0xfb;
	if (!s->present)
		return false;
	outb(PIC1_IMR, 0xff);
	outb(PIC2_IMR, 0xff);
	return inb(PIC1_IMR) == 0xff && inb(PIC2_IMR) == 0xff;
}

void pic_restore(const struct pic_save *s)
{
	if (!s->present)
		return;
	outb(PIC2_IMR, s->imr[1]);
	outb(PIC1_IMR, s->imr[0]);
}

void pic_pending(const struct pic_save *s, uint16_t *irr, uint16_t *isr)
{
	*irr = *isr = 0;
	if (!s->present)
		return;
	outb(PIC1_CMD, OCW3_READ_IRR);
	outb(PIC2_CMD, OCW3_READ_IRR);
	*irr = (uint16_t)(inb(PIC1_CMD) | inb(PIC2_CMD) << 8);
	outb(PIC1_CMD, OCW3_READ_ISR);
	outb(PIC2_CMD, OCW3_READ_ISR);
	*isr = (uint16_t)(inb(PIC1_CMD) | inb(PIC2_CMD) << 8);
	/* back to the IRR, the read the 8259A selects after initialisation */
	outb(PIC1_CMD, OCW3_READ_IRR);
	outb(PIC2_CMD, OCW3_READ_IRR);
}
