/** @file
 * Exits suite: events and VM-exit side effects (SDM Vol. 3C):
 * interrupt-window and NMI-window exiting (§26.7.5, §26.7.6) with the
 * interruptibility state at entry (§26.7.1); the monitor trap flag
 * (§25.5.2); the VMX-preemption timer (§25.5.1, §26.7.4) and saving its
 * value (§27.3.4); external-interrupt exiting with and without "acknowledge
 * interrupt on exit" (§25.2; §25.4.1: RFLAGS.IF does not block the exit;
 * §27.2.2: the interruption information); the VM-exit MSR-store and
 * MSR-load lists (§27.4, §27.6).
 */
#include "suites/exits.h"
#include "platform/cpu.h"
#include "platform/lapic.h"
#include "platform/percpu.h"
#include "platform/trap.h"
#include "vmx/intr_info.h"
#include <string.h>

EXITS_SNIPPET(nop); EXITS_SNIPPET(mov_imm); EXITS_SNIPPET(sti_nop); EXITS_SNIPPET(spin);
EXITS_SNIPPET(cpuid);

/* Exit interruption information (§24.9.2) of an external interrupt: valid, type 0, the vector. */
#define INTR_EXT(vec) (0x80000000u | (vec))

/* Window rows: p.which. */
enum { IW_IF1, IW_STI, IW_IF0, IW_STI_BLOCK, IW_MOVSS_BLOCK, NW_OPEN, NW_BLOCKED, NW_MOVSS, NW_REOPEN };

static void su_window(struct exits_ctx *c)
{
	unsigned w = c->k->p.which;
	bool nmi = w >= NW_OPEN;

	if (nmi) {
		xc_enable(c, VMX_KIND_PIN, PIN_BASED_NMI_EXITING | PIN_BASED_VIRTUAL_NMIS);
		xc_enable(c, VMX_KIND_PROC, CPU_BASED_NMI_WINDOW_EXITING);
	} else {
		xc_enable(c, VMX_KIND_PROC, CPU_BASED_INTR_WINDOW_EXITING);
	}
	/* NMI rows run with IF 0: a pending external interrupt must not reach the guest */
	xc_write(c, GUEST_RFLAGS, w == IW_STI || w == IW_IF0 || nmi ? 0x2 : 0x202);
	xc_write(c, GUEST_INTERRUPTIBILITY_STATE, w == IW_STI_BLOCK ? 1 : w == IW_MOVSS_BLOCK ||
		 w == NW_MOVSS ? 2 : w == NW_BLOCKED ? 8 : 0);
	if (w == IW_IF0 || w == NW_BLOCKED) {
		xc_expect_none(c);
		return;
	}
	xc_expect(c, nmi ? EXIT_REASON_NMI_WINDOW : EXIT_REASON_INTERRUPT_WINDOW, 0);
	/* before the first instruction, or after the one instruction the blocking covers */
	c->e.rip = w == IW_IF1 || w == NW_OPEN || w == NW_REOPEN ? 0 : xc_off(c, c->k->after);
}

/* Monitor trap flag: a trap-like exit after one instruction; an instruction's own exit comes first. */
static void su_mtf(struct exits_ctx *c)
{
	xc_enable(c, VMX_KIND_PROC, CPU_BASED_MONITOR_TRAP_FLAG);
	if (c->k->p.which) {
		xc_expect(c, EXIT_REASON_CPUID, XCHK_LEN);
		return;
	}
	xc_expect(c, EXIT_REASON_MONITOR_TRAP_FLAG, 0);
	c->e.rip = xc_off(c, c->k->after);
}

/* Preemption-timer rows: p.which. */
enum { PT_ZERO, PT_SPIN, PT_SAVE_EXPIRED, PT_SAVE_RUNNING, PT_NO_SAVE };
#define PT_START (1u << 20)
#define PT_MARK 0x1234u

static void su_timer(struct exits_ctx *c)
{
	unsigned w = c->k->p.which;

	xc_enable(c, VMX_KIND_PIN, PIN_BASED_VMX_PREEMPTION_TIMER); /* SKIPs when absent */
	c->own_timer = true;
	if (w == PT_SAVE_EXPIRED || w == PT_SAVE_RUNNING)
		xc_enable(c, VMX_KIND_EXIT, VM_EXIT_SAVE_VMX_PREEMPTION_TIMER);
	else
		xc_disable(c, VMX_KIND_EXIT, VM_EXIT_SAVE_VMX_PREEMPTION_TIMER);
	xc_write(c, VMX_PREEMPTION_TIMER_VALUE, w == PT_ZERO || w == PT_SAVE_EXPIRED ? 0 :
		 w == PT_SPIN ? 100 : w == PT_NO_SAVE ? PT_MARK : PT_START);
	switch (w) {
	case PT_ZERO:
		xc_expect(c, EXIT_REASON_PREEMPTION_TIMER, 0);
		break;
	case PT_SPIN:
		xc_expect(c, EXIT_REASON_PREEMPTION_TIMER, 0);
		c->e.chk = 0; /* somewhere in the loop */
		break;
	case PT_SAVE_EXPIRED:
		xc_expect(c, EXIT_REASON_PREEMPTION_TIMER, 0);
		xc_text(c->extra_exp, "timer=0");
		break;
	case PT_SAVE_RUNNING:
		xc_expect(c, EXIT_REASON_CPUID, XCHK_LEN);
		xc_text(c->extra_exp, "timer=counted-down");
		break;
	case PT_NO_SAVE:
		xc_expect(c, EXIT_REASON_CPUID, XCHK_LEN);
		xc_text(c->extra_exp, "timer=unchanged");
		break;
	}
}

static void ck_timer(struct exits_ctx *c, bool exited)
{
	uint64_t v = xc_read(VMX_PREEMPTION_TIMER_VALUE);
	unsigned w = c->k->p.which;

	if (!exited)
		return;
	if (w == PT_SAVE_EXPIRED)
		xc_text(c->extra_obs, v == 0 ? "timer=0" : "timer=not-0");
	else if (w == PT_SAVE_RUNNING)
		xc_text(c->extra_obs, v <= PT_START && v ? "timer=counted-down" :
			v ? "timer=above-start" : "timer=0");
	else if (w == PT_NO_SAVE)
		xc_text(c->extra_obs, v == PT_MARK ? "timer=unchanged" : "timer=changed");
}

/* VM-exit MSR lists: p.which. */
enum { ML_STORE_TSC, ML_STORE_TWO, ML_LOAD };
#define LOAD_VALUE 0x5a5a5000ull
static uint64_t host_sysenter_esp; /* put back after the MSR-load row */

static void su_list(struct exits_ctx *c)
{
	uint64_t *store = c->page[XP_MSR_STORE], *load = c->page[XP_MSR_LOAD];
	unsigned w = c->k->p.which;

	/* entries: MSR index in 31:0, reserved 63:32, then the value (§24.7.2) */
	store[0] = 0x10;
	store[1] = 0xdeadbeefull;
	store[2] = 0x174;
	store[3] = 0xdeadbeefull;
	host_sysenter_esp = rdmsr(0x175);
	load[0] = 0x175;
	load[1] = LOAD_VALUE;
	if (w == ML_LOAD) {
		xc_write(c, VM_EXIT_MSR_LOAD_COUNT, 1);
		xc_write(c, VM_EXIT_MSR_LOAD_ADDR, xc_pa(c, XP_MSR_LOAD));
	} else {
		xc_write(c, VM_EXIT_MSR_STORE_COUNT, w == ML_STORE_TWO ? 2 : 1);
		xc_write(c, VM_EXIT_MSR_STORE_ADDR, xc_pa(c, XP_MSR_STORE));
	}
	xc_expect(c, EXIT_REASON_CPUID, XCHK_LEN);
	xc_text(c->extra_exp, w == ML_LOAD ? "msr175=loaded" : w == ML_STORE_TWO ?
		"stored=tsc,sysenter_cs" : "stored=tsc");
}

static void ck_list(struct exits_ctx *c, bool exited)
{
	const uint64_t *store = c->page[XP_MSR_STORE];
	unsigned w = c->k->p.which;

	if (w == ML_LOAD) {
		uint64_t v = rdmsr(0x175);

		xc_text(c->extra_obs, v == LOAD_VALUE ? "msr175=loaded" : "msr175=not-loaded");
		wrmsr(0x175, host_sysenter_esp);
		return;
	}
	(void)exited;
	bool tsc = store[1] >= c->tsc_before && store[1] <= c->tsc_after;
	bool cs = store[3] == rdmsr(0x174);

	if (w == ML_STORE_TWO)
		xc_text(c->extra_obs, tsc && cs ? "stored=tsc,sysenter_cs" : tsc ? "stored=tsc,cs-wrong" :
			cs ? "stored=tsc-wrong,sysenter_cs" : "stored=both-wrong");
	else
		xc_text(c->extra_obs, tsc ? "stored=tsc" : store[1] == 0xdeadbeefull ?
			"stored=nothing" : "stored=tsc-outside-window");
}

/*
 * External interrupts: a fixed self-IPI (vector EXTINT_VECTOR) is pending in
 * the local APIC (host RFLAGS.IF is 0) when the guest starts. The 8259 PICs
 * are masked (IMR FFH, which also withdraws an INTR already raised) and so
 * are the LVT entries, so that no timer interrupt comes first: the PIT's
 * IRQ 0 arrives as vector 8 under the BIOS's PIC set-up, which the host
 * would take for a double fault. Afterwards the host takes what is left
 * (STI; NOP; CLI, the handler ends it with an EOI), EOIs what the exit
 * acknowledged and puts the masks back: the next case starts clean.
 */
static uint8_t pic_imr[2];
#define EXTINT_VECTOR 0xe0u
enum { EI_NOACK, EI_ACK, EI_ACK_IF0 };

static void extint_eoi(void)
{
	lapic_eoi(&this_cpu()->lapic);
}

static void su_extint(struct exits_ctx *c)
{
	struct lapic *l = &this_cpu()->lapic;
	unsigned w = c->k->p.which;

	lapic_probe(l);
	if (strcmp(l->state, "xapic") && strcmp(l->state, "x2apic"))
		xc_skip(c, "no usable local APIC to raise an external interrupt with");
	xc_enable(c, VMX_KIND_PIN, PIN_BASED_EXT_INTR_EXITING);
	if (w == EI_NOACK)
		xc_disable(c, VMX_KIND_EXIT, VM_EXIT_ACK_INTR_ON_EXIT);
	else
		xc_enable(c, VMX_KIND_EXIT, VM_EXIT_ACK_INTR_ON_EXIT);
	xc_write(c, GUEST_RFLAGS, w == EI_ACK_IF0 ? 0x2 : 0x202);
	xc_expect(c, EXIT_REASON_EXTERNAL_INTERRUPT, w == EI_NOACK ? 0 : XCHK_INTR);
	c->e.intr = INTR_EXT(EXTINT_VECTOR);
	if (w == EI_NOACK)
		xc_text(c->extra_exp, "intr-valid=0");
	if (c->skip || c->setup_err[0])
		return;
	pic_imr[0] = inb(0x21);
	pic_imr[1] = inb(0xa1);
	outb(0x21, 0xff);
	outb(0xa1, 0xff);
	lapic_mask_lvt(l);
	lapic_sw_enable(l);
	trap_set_irq_handler(EXTINT_VECTOR, extint_eoi);
	if (lapic_send_ipi(l, lapic_id(l), ICR_FIXED | ICR_ASSERT | EXTINT_VECTOR))
		xc_text(c->extra_obs, "ipi-not-sent");
}

static void ck_extint(struct exits_ctx *c, bool exited)
{
	struct lapic *l = &this_cpu()->lapic;
	uint32_t reason = (uint32_t)xc_read(EXIT_REASON) & EXIT_REASON_BASIC_MASK;
	uint32_t intr = (uint32_t)xc_read(VM_EXIT_INTR_INFO);

	if (exited && c->k->p.which == EI_NOACK && reason == EXIT_REASON_EXTERNAL_INTERRUPT)
		xc_text(c->extra_obs, intr & INTR_INFO_VALID ? "intr-valid=1" : "intr-valid=0");
	if (exited && reason == EXIT_REASON_EXTERNAL_INTERRUPT && (intr & INTR_INFO_VALID))
		lapic_eoi(l); /* acknowledged by the exit: in service now */
	__asm__ volatile("sti; nop; nop; cli" ::: "memory");
	trap_set_irq_handler(EXTINT_VECTOR, NULL);
	lapic_restore_lvt(l);
	outb(0xa1, pic_imr[1]);
	outb(0x21, pic_imr[0]);
}

#define WIN(id, sn, d, w) { "event." id, "26.7.5, 26.7.6, C", d, XG(sn), su_window, NULL, .p.which = w }
#define TMR(id, sn, d, w) { "event.preemption-timer." id, "25.5.1, 26.7.4, 27.3.4", d, XG(sn), su_timer, \
	ck_timer, .p.which = w }
#define LST(id, d, w) { "event.msr-list." id, "27.4, 27.6", d, XG(cpuid), su_list, ck_list, .p.which = w }

static const struct exits_case event_cases[] = {
	WIN("intr-window.if1", nop, "interrupt-window exiting, RFLAGS.IF 1: reason 7 before the first instruction", IW_IF1),
	WIN("intr-window.sti", sti_nop, "IF 0, guest STI; NOP: reason 7 after the NOP (STI blocking)", IW_STI),
	WIN("intr-window.if0", nop, "IF 0 and no STI: no interrupt-window exit", IW_IF0),
	WIN("intr-window.sti-blocking", nop, "IF 1 with blocking by STI at entry: reason 7 after one instruction",
	    IW_STI_BLOCK),
	WIN("intr-window.movss-blocking", nop, "IF 1 with blocking by MOV SS at entry: reason 7 after one instruction",
	    IW_MOVSS_BLOCK),
	WIN("nmi-window.open", nop, "NMI-window exiting, no virtual-NMI blocking: reason 8 before the first instruction",
	    NW_OPEN),
	WIN("nmi-window.movss-blocking", nop, "blocking by MOV SS at entry: reason 8 after one instruction", NW_MOVSS),
	WIN("nmi-window.blocked", nop, "virtual-NMI blocking at entry: no NMI-window exit", NW_BLOCKED),
	/* right after the row above: blocking comes from each entry's own interruptibility state */
	{ "event.nmi-window.reopen", "26.7.1, 26.7.6",
	  "no virtual-NMI blocking at entry after an entry with it: reason 8 before the first instruction",
	  XG(nop), su_window, NULL, .p.which = NW_REOPEN },
	{ "event.mtf.nop", "25.5.2, C", "monitor trap flag: reason 37 after NOP, RIP = the next instruction",
	  XG(nop), su_mtf, NULL, .p.which = 0 },
	{ "event.mtf.mov", "25.5.2, C", "monitor trap flag: reason 37 after a 5-byte MOV",
	  XG(mov_imm), su_mtf, NULL, .p.which = 0 },
	{ "event.mtf.cpuid", "25.5.2, 25.1.2", "monitor trap flag with CPUID: the CPUID exit (reason 10) comes first",
	  XG(cpuid), su_mtf, NULL, .p.which = 1 },
	TMR("zero", nop, "timer value 0: reason 52 before the first instruction", PT_ZERO),
	TMR("spin", spin, "timer value 100 and a spinning guest: reason 52", PT_SPIN),
	TMR("save-expired", nop, "save timer value 1, expired: reason 52, the field saved as 0", PT_SAVE_EXPIRED),
	TMR("save-running", cpuid, "save timer value 1, CPUID exit first: the saved value counted down, not 0",
	    PT_SAVE_RUNNING),
	TMR("no-save", cpuid, "save timer value 0: the field keeps the value VM entry used", PT_NO_SAVE),
	{ "event.extint.no-ack", "25.2, 27.2.2, C",
	  "external-interrupt exiting without acknowledge: reason 1 at once, interruption information invalid",
	  XG(nop), su_extint, ck_extint, .p.which = EI_NOACK },
	{ "event.extint.ack", "25.2, 27.2.2, C",
	  "with acknowledge interrupt on exit: reason 1, information valid, type 0, the vector",
	  XG(nop), su_extint, ck_extint, .p.which = EI_ACK },
	{ "event.extint.ack-if0", "25.4.1, 27.2.2, C",
	  "guest RFLAGS.IF 0 does not block the exit: reason 1 with the vector",
	  XG(nop), su_extint, ck_extint, .p.which = EI_ACK_IF0 },
	LST("store-tsc", "MSR-store list with IA32_TSC: the TSC at the exit, between the host's reads", ML_STORE_TSC),
	LST("store-two", "MSR-store list of IA32_TSC and IA32_SYSENTER_CS: both stored", ML_STORE_TWO),
	LST("load", "MSR-load list with IA32_SYSENTER_ESP: the host sees the loaded value", ML_LOAD),
};

EXITS_GROUP(exits_event, "event", event_cases, 55);
