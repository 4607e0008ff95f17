/** @file
 * The baseline VMCS (see baseline.h).
 */
#include "vmx/baseline.h"
#include "vmx/controls.h"
#include "vmx/fields.h"
#include "vmx/guest.h"
#include "vmx/vmcs.h"
#include "platform/cpu.h"
#include "platform/desc.h"
#include "platform/mem.h"
#include "platform/trap.h"

int baseline_set(struct baseline *b, uint32_t enc, uint64_t val)
{
	for (unsigned i = 0; i < b->n; i++)
		if (b->f[i].enc == enc) {
			b->f[i].val = val;
			return 0;
		}
	if (b->n >= BASELINE_MAX_FIELDS)
		return -1;
	b->f[b->n].enc = enc;
	b->f[b->n].val = val;
	b->n++;
	return 0;
}

int baseline_apply(const struct baseline *b, uint32_t *bad_enc)
{
	for (unsigned i = 0; i < b->n; i++)
		if (vmcs_write(b->f[i].enc, b->f[i].val, NULL)) {
			if (bad_enc)
				*bad_enc = b->f[i].enc;
			return -1;
		}
	return 0;
}

/** Base and limit of the descriptor @p sel in the GDT at @p gdt (16 bytes for system ones). */
static void gdt_desc(uint64_t gdt, uint16_t sel, bool system, uint64_t *base, uint32_t *limit,
		     uint32_t *ar)
{
	const uint64_t *d = (const uint64_t *)(uintptr_t)(gdt + (sel & ~7u));
	uint64_t lo = d[0];

	*base = ((lo >> 16) & 0xffffff) | (((lo >> 56) & 0xff) << 24);
	if (system)
		*base |= (d[1] & 0xffffffffu) << 32;
	*limit = (uint32_t)((lo & 0xffff) | (((lo >> 48) & 0xf) << 16));
	if ((lo >> 55) & 1)
		*limit = (*limit << 12) | 0xfff;
	/* VMX access-rights layout = descriptor bits 47:40 and 55:52 (§24.4.1). */
	*ar = (uint32_t)((lo >> 40) & 0xff) | (uint32_t)(((lo >> 52) & 0xf) << 12);
}

#define SEG_SEL(r) ({ uint16_t s_; __asm__ volatile("mov %%" #r ", %0" : "=r"(s_)); s_; })

#define AR_UNUSABLE 0x10000u
#define AR_CODE64 0xa09bu  /* G, L, P, DPL 0, code execute/read accessed */
#define AR_DATA 0xc093u    /* G, D/B, P, DPL 0, data read/write accessed */

static int set(struct baseline *b, uint32_t enc, uint64_t val)
{
	if (baseline_set(b, enc, val)) {
		b->error = "baseline field table full";
		return -1;
	}
	return 0;
}

static int adjust(struct baseline *b, const struct vmx_ctl *c, uint32_t want, uint32_t *out,
		  const char *what)
{
	uint32_t bad;

	if (!c->avail) {
		b->error = what;
		return -1;
	}
	/* Unhonoured bits are fine when we only wanted them optionally (masked by allowed1). */
	controls_adjust(c, want & c->allowed1, out, &bad);
	return 0;
}

/** The live CPU state the host and guest areas copy, read once. */
struct live {
	struct desc_ptr gdt, idt;
	uint16_t cs, ss, ds, es, fs, gs, tr;
	uint16_t data;                /**< the data selector guest ES/SS/DS/FS/GS get */
	uint64_t tr_base, sysenter_cs, sysenter_esp, sysenter_eip, efer, pat;
	uint32_t tr_limit, tr_ar;
};

static int read_live(struct baseline *b, struct live *l)
{
	l->cs = SEG_SEL(cs);
	l->ss = SEG_SEL(ss);
	l->ds = SEG_SEL(ds);
	l->es = SEG_SEL(es);
	l->fs = SEG_SEL(fs);
	l->gs = SEG_SEL(gs);
	l->tr = str();
	l->sysenter_cs = l->sysenter_esp = l->sysenter_eip = 0;
	l->efer = rdmsr(MSR_IA32_EFER);
	l->pat = 0;
	l->data = l->ds ? l->ds : l->ss;
	__asm__ volatile("sgdt %0; sidt %1" : "=m"(l->gdt), "=m"(l->idt));
	if (!l->tr) {
		b->error = "task register is null (host TR must not be, SDM 26.2.3)";
		return -1;
	}
	gdt_desc(l->gdt.base, l->tr, true, &l->tr_base, &l->tr_limit, &l->tr_ar);
	if (rdmsr_safe(MSR_IA32_SYSENTER_CS, &l->sysenter_cs) != FAULT_NONE ||
	    rdmsr_safe(MSR_IA32_SYSENTER_ESP, &l->sysenter_esp) != FAULT_NONE ||
	    rdmsr_safe(MSR_IA32_SYSENTER_EIP, &l->sysenter_eip) != FAULT_NONE)
		l->sysenter_cs = l->sysenter_esp = l->sysenter_eip = 0;
	if (rdmsr_safe(MSR_IA32_PAT, &l->pat) != FAULT_NONE)
		l->pat = 0x0007040600070406ull;
	return 0;
}

/*
 * Controls: as few as possible. External interrupts stay pending (guest
 * RFLAGS.IF = 0, no external-interrupt exiting: a pending PIT tick would
 * otherwise end the guest early); NMIs exit; the preemption timer is the
 * watchdog. @return 0, or -1 with b->error set
 */
static int build_controls(struct baseline *b, const struct vmx_caps *caps)
{
	uint32_t pin_want = PIN_BASED_NMI_EXITING | PIN_BASED_VMX_PREEMPTION_TIMER;
	uint32_t proc_want = CPU_BASED_ACTIVATE_SECONDARY_CONTROLS;
	uint32_t exit_want = VM_EXIT_HOST_ADDR_SPACE_SIZE;
	uint32_t entry_want = VM_ENTRY_IA32E_MODE;
	int rc = 0;

	if (adjust(b, &caps->pinbased, pin_want, &b->pin, "no pin-based capability MSR") ||
	    adjust(b, &caps->procbased, proc_want, &b->proc, "no processor-based capability MSR") ||
	    adjust(b, &caps->exit, exit_want, &b->exit, "no VM-exit capability MSR") ||
	    adjust(b, &caps->entry, entry_want, &b->entry, "no VM-entry capability MSR"))
		return -1;
	if (!(b->exit & VM_EXIT_HOST_ADDR_SPACE_SIZE) || !(b->entry & VM_ENTRY_IA32E_MODE)) {
		b->error = "64-bit host/guest controls not allowed";
		return -1;
	}
	if (b->proc & CPU_BASED_ACTIVATE_SECONDARY_CONTROLS)
		controls_adjust(&caps->procbased2, 0, &b->proc2, NULL);
	b->preempt_timer = b->pin & PIN_BASED_VMX_PREEMPTION_TIMER;
	/* ~1M timer ticks: the guest calls back within a few instructions. */
	b->preempt_value = 1u << 20;

	rc |= set(b, PIN_BASED_VM_EXEC_CONTROL, b->pin);
	rc |= set(b, CPU_BASED_VM_EXEC_CONTROL, b->proc);
	if (b->proc & CPU_BASED_ACTIVATE_SECONDARY_CONTROLS)
		rc |= set(b, SECONDARY_VM_EXEC_CONTROL, b->proc2);
	rc |= set(b, VM_EXIT_CONTROLS, b->exit);
	rc |= set(b, VM_ENTRY_CONTROLS, b->entry);
	/* Every guest exception exits: the guest must never run the host's handlers. */
	rc |= set(b, EXCEPTION_BITMAP, 0xffffffffu);
	rc |= set(b, PAGE_FAULT_ERROR_CODE_MASK, 0);
	rc |= set(b, PAGE_FAULT_ERROR_CODE_MATCH, 0);
	rc |= set(b, CR3_TARGET_COUNT, 0);
	rc |= set(b, VM_EXIT_MSR_STORE_COUNT, 0);
	rc |= set(b, VM_EXIT_MSR_LOAD_COUNT, 0);
	rc |= set(b, VM_ENTRY_MSR_LOAD_COUNT, 0);
	rc |= set(b, VM_ENTRY_INTR_INFO_FIELD, 0);
	rc |= set(b, VM_ENTRY_EXCEPTION_ERROR_CODE, 0);
	rc |= set(b, VM_ENTRY_INSTRUCTION_LEN, 0);
	rc |= set(b, CR0_GUEST_HOST_MASK, 0);
	rc |= set(b, CR4_GUEST_HOST_MASK, 0);
	rc |= set(b, CR0_READ_SHADOW, read_cr0());
	rc |= set(b, CR4_READ_SHADOW, read_cr4());
	rc |= set(b, TSC_OFFSET, 0);
	if (b->preempt_timer)
		rc |= set(b, VMX_PREEMPTION_TIMER_VALUE, b->preempt_value);
	return rc;
}

/* Host state: the live CPU (SDM §26.2.2-26.2.4, §27.5). */
static int build_host(struct baseline *b, const struct live *l)
{
	int rc = 0;

	rc |= set(b, HOST_CR0, read_cr0());
	rc |= set(b, HOST_CR3, read_cr3());
	rc |= set(b, HOST_CR4, read_cr4());
	rc |= set(b, HOST_ES_SELECTOR, l->es);
	rc |= set(b, HOST_CS_SELECTOR, l->cs);
	rc |= set(b, HOST_SS_SELECTOR, l->ss);
	rc |= set(b, HOST_DS_SELECTOR, l->ds);
	rc |= set(b, HOST_FS_SELECTOR, l->fs);
	rc |= set(b, HOST_GS_SELECTOR, l->gs);
	rc |= set(b, HOST_TR_SELECTOR, l->tr);
	rc |= set(b, HOST_FS_BASE, rdmsr(MSR_FS_BASE));
	rc |= set(b, HOST_GS_BASE, rdmsr(MSR_GS_BASE));
	rc |= set(b, HOST_TR_BASE, l->tr_base);
	rc |= set(b, HOST_GDTR_BASE, l->gdt.base);
	rc |= set(b, HOST_IDTR_BASE, l->idt.base);
	rc |= set(b, HOST_IA32_SYSENTER_CS, l->sysenter_cs);
	rc |= set(b, HOST_IA32_SYSENTER_ESP, l->sysenter_esp);
	rc |= set(b, HOST_IA32_SYSENTER_EIP, l->sysenter_eip);
	rc |= set(b, HOST_RIP, (uint64_t)(uintptr_t)vmx_exit_stub);
	rc |= set(b, HOST_RSP, 0); /* written by vmx_enter */
	return rc;
}

/* Fields that exist only with some controls: filled so that a case only flips the control. */
static int build_optional(struct baseline *b, const struct vmx_caps *caps, const struct live *l)
{
	int rc = 0;

	if (controls_feature(caps, VMX_FEAT_PAT_HOST))
		rc |= set(b, HOST_IA32_PAT, l->pat);
	if (controls_feature(caps, VMX_FEAT_EFER_HOST))
		rc |= set(b, HOST_IA32_EFER, l->efer);
	if (controls_feature(caps, VMX_FEAT_PAT))
		rc |= set(b, GUEST_IA32_PAT, l->pat);
	if (controls_feature(caps, VMX_FEAT_EFER))
		rc |= set(b, GUEST_IA32_EFER, l->efer);
	return rc;
}

/* Guest state: the payload's own world, 64-bit (SDM §26.3.1). */
static int build_guest(struct baseline *b, const struct live *l)
{
	static const uint32_t sel[] = { GUEST_ES_SELECTOR, GUEST_SS_SELECTOR, GUEST_DS_SELECTOR,
					GUEST_FS_SELECTOR, GUEST_GS_SELECTOR };
	static const uint32_t base[] = { GUEST_ES_BASE, GUEST_SS_BASE, GUEST_DS_BASE,
					 GUEST_FS_BASE, GUEST_GS_BASE };
	static const uint32_t lim[] = { GUEST_ES_LIMIT, GUEST_SS_LIMIT, GUEST_DS_LIMIT,
					GUEST_FS_LIMIT, GUEST_GS_LIMIT };
	static const uint32_t ar[] = { GUEST_ES_ACCESS_RIGHTS, GUEST_SS_ACCESS_RIGHTS,
				       GUEST_DS_ACCESS_RIGHTS, GUEST_FS_ACCESS_RIGHTS,
				       GUEST_GS_ACCESS_RIGHTS };
	int rc = 0;

	rc |= set(b, GUEST_CR0, read_cr0());
	rc |= set(b, GUEST_CR3, read_cr3());
	rc |= set(b, GUEST_CR4, read_cr4());
	rc |= set(b, GUEST_DR7, 0x400);
	rc |= set(b, GUEST_IA32_DEBUGCTL, 0);
	rc |= set(b, GUEST_RSP, (uint64_t)(uintptr_t)b->guest_stack + PAGE_SIZE - 16);
	rc |= set(b, GUEST_RIP, (uint64_t)(uintptr_t)vmx_guest_entry);
	rc |= set(b, GUEST_RFLAGS, 0x2);
	rc |= set(b, GUEST_CS_SELECTOR, l->cs);
	rc |= set(b, GUEST_CS_BASE, 0);
	rc |= set(b, GUEST_CS_LIMIT, 0xffffffffu);
	rc |= set(b, GUEST_CS_ACCESS_RIGHTS, AR_CODE64);
	for (unsigned i = 0; i < 5; i++) {
		rc |= set(b, sel[i], l->data);
		rc |= set(b, base[i], 0);
		rc |= set(b, lim[i], 0xffffffffu);
		rc |= set(b, ar[i], l->data ? AR_DATA : AR_UNUSABLE);
	}
	rc |= set(b, GUEST_FS_BASE, rdmsr(MSR_FS_BASE));
	rc |= set(b, GUEST_GS_BASE, rdmsr(MSR_GS_BASE));
	rc |= set(b, GUEST_LDTR_SELECTOR, 0);
	rc |= set(b, GUEST_LDTR_BASE, 0);
	rc |= set(b, GUEST_LDTR_LIMIT, 0);
	rc |= set(b, GUEST_LDTR_ACCESS_RIGHTS, AR_UNUSABLE);
	rc |= set(b, GUEST_TR_SELECTOR, l->tr);
	rc |= set(b, GUEST_TR_BASE, l->tr_base);
	rc |= set(b, GUEST_TR_LIMIT, l->tr_limit);
	/* Busy 64-bit TSS (type 11) as IA-32e guests require (§26.3.1.2). */
	rc |= set(b, GUEST_TR_ACCESS_RIGHTS, (l->tr_ar & ~0xfu) | 0xb);
	rc |= set(b, GUEST_GDTR_BASE, l->gdt.base);
	rc |= set(b, GUEST_GDTR_LIMIT, l->gdt.limit);
	/* The payload's IDT, but limit 0: an event that reaches the guest IDT
	 * (an injected one: the exception bitmap does not apply to it) faults
	 * in delivery and exits through the bitmap, instead of running a host
	 * handler in VMX non-root operation. */
	rc |= set(b, GUEST_IDTR_BASE, l->idt.base);
	rc |= set(b, GUEST_IDTR_LIMIT, 0);
	rc |= set(b, GUEST_IA32_SYSENTER_CS, l->sysenter_cs);
	rc |= set(b, GUEST_IA32_SYSENTER_ESP, l->sysenter_esp);
	rc |= set(b, GUEST_IA32_SYSENTER_EIP, l->sysenter_eip);
	rc |= set(b, GUEST_INTERRUPTIBILITY_STATE, 0);
	rc |= set(b, GUEST_ACTIVITY_STATE, 0);
	rc |= set(b, GUEST_PENDING_DBG_EXCEPTIONS, 0);
	rc |= set(b, VMCS_LINK_POINTER, ~0ull);
	return rc;
}

/* The field order is the VMWRITE order of every case's fresh VMCS: keep it. */
int baseline_build(struct baseline *b, const struct vmx_caps *caps)
{
	struct live l;
	int rc = 0;

	*b = (struct baseline){ 0 };
	if (read_live(b, &l))
		return -1;
	b->guest_stack = page_alloc();
	if (!b->guest_stack) {
		b->error = "no page for the guest stack";
		return -1;
	}
	if (build_controls(b, caps))
		return -1;
	rc |= build_host(b, &l);
	rc |= build_optional(b, caps, &l);
	rc |= build_guest(b, &l);
	return rc ? -1 : 0;
}
