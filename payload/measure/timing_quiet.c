/** @file
 * Interrupts masked at the source around a measurement, and the
 * pending-interrupt check (timing_hw.h, docs/measurement.md "Interrupts").
 * CLI stops maskable interrupts only at the CPU: a masked-but-pending
 * interrupt still lowers the retirement rate on some cores, so each source
 * is masked as well and what is pending after masking is recorded.
 *
 * In the shadow suite's guest (paths shadowed, exiting, transition) this
 * runs in VMX non-root operation: its port I/O does not exit (the guest has
 * neither unconditional I/O exiting nor I/O bitmaps, shadow_env.c makes
 * sure), the I/O APIC and xAPIC pages are reached without EPT or APIC
 * virtualization, so they are the real devices; x2APIC MSR accesses exit and
 * the host performs them. All of it happens outside the timed windows.
 */
#include "measure/timing_hw.h"
#include "platform/ioapic.h"
#include "platform/pic.h"

static struct pic_save pic;

bool timing_quiet_enter(struct lapic *l, struct meas_irq *irq)
{
	bool lvt = lapic_mask_lvt(l);

	/* 8259A datasheet: OCW1 sets the interrupt mask register */
	irq->pic_masked = pic_mask_all(&pic);
	/* 82093AA datasheet: redirection entry bit 16 masks the input */
	irq->ioapic_masked = (uint16_t)ioapic_mask_all();
	/* SDM Vol. 3A §11.8.3.1: TPR class 15 holds every fixed interrupt */
	irq->tpr_set = l->lvt_entries > 0;
	irq->tpr = (uint8_t)lapic_tpr_raise(l);
	/* SDM Vol. 3A §11.8.4 (IRR/ISR); 8259A datasheet OCW3 (read IRR/ISR) */
	lapic_pending(l, irq->lapic_irr, irq->lapic_isr);
	pic_pending(&pic, &irq->pic_irr, &irq->pic_isr);
	return lvt;
}

void timing_quiet_leave(struct lapic *l)
{
	lapic_tpr_restore(l);
	ioapic_restore();
	pic_restore(&pic);
	lapic_restore_lvt(l);
}
