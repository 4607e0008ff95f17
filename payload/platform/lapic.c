/** @file
 * Local APIC probing and LVT masking (see lapic.h).
 */
#include <stddef.h>
#include "platform/cpu.h"
#include "platform/lapic.h"
#include "platform/trap.h"

#define MSR_IA32_APIC_BASE 0x1b
#define APIC_BASE_EXTD (1ull << 10) /* x2APIC mode */
#define APIC_BASE_EN (1ull << 11)   /* global enable: never cleared here */
#define LAPIC_VERSION 0x30
#define LVT_MASK (1u << 16)

/* LVT register offsets in the order the Max LVT Entry count adds them
 * (SDM Vol. 3A 11.5.1, 11.4.8: 4 on Pentium, +PMC on P6, +thermal, +CMCI). */
static const uint16_t lvt_regs[LAPIC_LVT_MAX] = { 0x320, 0x350, 0x360, 0x370,
						  0x340, 0x330, 0x2f0 };

/* x2APIC: MSR 0x800 + offset / 16 (SDM Vol. 3A 11.12.1.2). */
static uint32_t lapic_read(const struct lapic *l, uint16_t reg)
{
	uint64_t v = 0;

	if (!l->mmio) {
		rdmsr_safe(0x800u + (reg >> 4), &v);
		return (uint32_t)v;
	}
	return *(volatile uint32_t *)(uintptr_t)(l->mmio + reg);
}

static void lapic_write(const struct lapic *l, uint16_t reg, uint32_t v)
{
	if (!l->mmio)
		wrmsr_safe(0x800u + (reg >> 4), v);
	else
		*(volatile uint32_t *)(uintptr_t)(l->mmio + reg) = v;
}

struct version_read {
	const struct lapic *l;
	uint32_t v;
};

static void version_fn(void *arg)
{
	struct version_read *r = arg;

	r->v = lapic_read(r->l, LAPIC_VERSION);
}

void lapic_probe(struct lapic *l)
{
	struct version_read ver = { l, 0 };
	uint64_t base;
	unsigned max_lvt;

	if (l->probed)
		return;
	l->probed = true;
	if (!(cpuid(1, 0).edx & (1u << 9)) || rdmsr_safe(MSR_IA32_APIC_BASE, &base) != FAULT_NONE) {
		l->state = "absent";
		return;
	}
	if (!(base & APIC_BASE_EN)) {
		l->state = "disabled"; /* delivers nothing; never re-enabled here */
		return;
	}
	if (base & APIC_BASE_EXTD) {
		l->mmio = 0;
		l->state = "x2apic";
	} else {
		l->mmio = base & 0x000ffffffffff000ull;
		l->state = "xapic";
	}
	/* The MMIO page may not be mapped: probe the version register first. */
	if (trap_call(version_fn, &ver, NULL) != FAULT_NONE) {
		l->state = "unmapped";
		return;
	}
	max_lvt = (ver.v >> 16) & 0xff;
	l->lvt_entries = (uint8_t)(max_lvt + 1 < 4 ? 4 : max_lvt + 1);
	if (l->lvt_entries > LAPIC_LVT_MAX)
		l->lvt_entries = LAPIC_LVT_MAX;
}

bool lapic_mask_lvt(struct lapic *l)
{
	bool all = l->lvt_entries > 0;

	for (unsigned i = 0; i < l->lvt_entries; i++) {
		l->lvt_saved[i] = lapic_read(l, lvt_regs[i]);
		lapic_write(l, lvt_regs[i], l->lvt_saved[i] | LVT_MASK);
	}
	for (unsigned i = 0; i < l->lvt_entries; i++)
		all = all && (lapic_read(l, lvt_regs[i]) & LVT_MASK);
	return all;
}

#define LAPIC_ID 0x20
#define LAPIC_SVR 0xf0
#define LAPIC_ICR_LO 0x300
#define LAPIC_ICR_HI 0x310
#define ICR_PENDING (1u << 12)
#define SVR_ENABLE (1u << 8)

void lapic_eoi(const struct lapic *l)
{
	lapic_write(l, 0xb0, 0);
}

uint32_t lapic_id(const struct lapic *l)
{
	uint32_t id = lapic_read(l, LAPIC_ID);

	return l->mmio ? id >> 24 : id;
}

void lapic_sw_enable(const struct lapic *l)
{
	lapic_write(l, LAPIC_SVR, lapic_read(l, LAPIC_SVR) | SVR_ENABLE | 0xff);
}

int lapic_send_ipi(const struct lapic *l, uint32_t dest, uint32_t icr)
{
	if (!l->mmio) {
		/* x2APIC: one 64-bit MSR write, destination in the high half (§11.12.9) */
		wrmsr_safe(0x830, (uint64_t)dest << 32 | icr);
		return 0;
	}
	lapic_write(l, LAPIC_ICR_HI, dest << 24);
	lapic_write(l, LAPIC_ICR_LO, icr);
	for (unsigned spin = 0; spin < 1000000; spin++)
		if (!(lapic_read(l, LAPIC_ICR_LO) & ICR_PENDING))
			return 0;
	return -1;
}

void lapic_restore_lvt(struct lapic *l)
{
	for (unsigned i = l->lvt_entries; i-- > 0;)
		lapic_write(l, lvt_regs[i], l->lvt_saved[i]);
}

#define LAPIC_TPR 0x80
#define LAPIC_ISR 0x100
#define LAPIC_IRR 0x200

/* Usable: found and its registers reachable (lvt_entries is set only then). */
static bool usable(const struct lapic *l)
{
	return l->lvt_entries > 0;
}

uint32_t lapic_tpr_raise(struct lapic *l)
{
	if (!usable(l))
		return 0;
	l->tpr_saved = lapic_read(l, LAPIC_TPR);
	lapic_write(l, LAPIC_TPR, 0xf0);
	return lapic_read(l, LAPIC_TPR) & 0xff;
}

void lapic_tpr_restore(struct lapic *l)
{
	if (usable(l))
		lapic_write(l, LAPIC_TPR, l->tpr_saved);
}

void lapic_pending(const struct lapic *l, uint32_t irr[8], uint32_t isr[8])
{
	for (unsigned i = 0; i < 8; i++) {
		irr[i] = usable(l) ? lapic_read(l, (uint16_t)(LAPIC_IRR + 16 * i)) : 0;
		isr[i] = usable(l) ? lapic_read(l, (uint16_t)(LAPIC_ISR + 16 * i)) : 0;
	}
}
