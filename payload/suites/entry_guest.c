/** @file
 * Entry-suite cases: checks on the guest-state area (SDM Vol. 3 §26.3.1.1
 * control/debug registers and MSRs, §26.3.1.2 segment registers, §26.3.1.3
 * GDTR/IDTR, §26.3.1.4 RIP/RFLAGS, §26.3.1.5 non-register state incl. the
 * VMCS link pointer). A failed check gives a VM-entry failure exit: basic
 * reason 33 with qualification 0, or 4 for the VMCS link pointer (§26.8).
 */
#include "suites/entry.h"
#include "platform/cpu.h"

#define W(enc, v) ENTRY_ARG(enc, v)
#define GFAIL EXPECT_GUEST_FAIL
#define LINK_FAIL EXPECT_EXIT(EXIT_REASON_INVALID_GUEST_STATE, ENTRY_FAIL_QUAL_LINK_PTR)

#define AR_CODE64 0xa09bu
#define AR_DATA 0xc093u
#define AR_UNUSABLE 0x10000u

static void mut_cr4_reserved(struct entry_ctx *c)
{
	uint64_t bad = ~c->caps->cr4_fixed1 & 0xffffffffull;

	if (!bad) {
		ec_skip(c, "every low CR4 bit may be 1");
		return;
	}
	ec_set(c, GUEST_CR4, bad & -bad);
}

static void mut_cr3_wide(struct entry_ctx *c)
{
	ec_write(c, GUEST_CR3, ec_read(c, GUEST_CR3) | (1ull << ec_maxphyaddr()));
}

/* Turn on an entry control, then apply the row's ENTRY_ARG write. */
static void mut_entry_ctl_write(struct entry_ctx *c, uint64_t ctl)
{
	if (ec_enable(c, VMX_KIND_ENTRY, ctl))
		ec_mut_write(c);
}

static void mut_debug(struct entry_ctx *c) { mut_entry_ctl_write(c, VM_ENTRY_LOAD_DEBUG_CONTROLS); }
static void mut_perf(struct entry_ctx *c)
{
	if (ec_enable(c, VMX_KIND_ENTRY, VM_ENTRY_LOAD_IA32_PERF_GLOBAL_CTRL))
		ec_write(c, GUEST_IA32_PERF_GLOBAL_CTRL, 1ull << 63);
}
static void mut_pat(struct entry_ctx *c) { mut_entry_ctl_write(c, VM_ENTRY_LOAD_IA32_PAT); }

/* arg: 0 reserved bit, 1 LMA clear, 2 LME clear, 3 live value */
static void mut_efer(struct entry_ctx *c)
{
	uint64_t efer = rdmsr(MSR_IA32_EFER);

	if (!ec_enable(c, VMX_KIND_ENTRY, VM_ENTRY_LOAD_IA32_EFER))
		return;
	switch (c->k->arg) {
	case 0: efer |= 1u << 2; break;
	case 1: efer &= ~(1ull << 10); break;
	case 2: efer &= ~(1ull << 8); break;
	}
	ec_write(c, GUEST_IA32_EFER, efer);
}

/* Make LDTR usable (an LDT descriptor) so its checks apply; arg: what to break. */
static void mut_ldtr(struct entry_ctx *c)
{
	uint32_t ar = 0x82, sel = 0x28;

	switch (c->k->arg) {
	case 0: sel |= 4; break;        /* TI = 1 */
	case 1: ar = 0x83; break;       /* type 3 */
	case 2: ar = 0x92; break;       /* S = 1 */
	case 3: ar = 0x02; break;       /* not present */
	case 4: ec_write(c, GUEST_LDTR_BASE, ENTRY_NONCANONICAL); break;
	}
	ec_write(c, GUEST_LDTR_SELECTOR, sel);
	ec_write(c, GUEST_LDTR_LIMIT, 0xfff);
	ec_write(c, GUEST_LDTR_ACCESS_RIGHTS, ar);
}

static void mut_ss_rpl(struct entry_ctx *c)
{
	ec_write(c, GUEST_SS_SELECTOR, ec_read(c, GUEST_SS_SELECTOR) | 3);
}

static void mut_need_data_sel(struct entry_ctx *c)
{
	/* Checks on usable data segments: the baseline ones are usable only with a non-null selector. */
	if (ec_read(c, GUEST_DS_ACCESS_RIGHTS) & AR_UNUSABLE)
		ec_skip(c, "the baseline data segments are unusable");
	else
		ec_mut_write(c);
}

static void mut_extint_if0(struct entry_ctx *c)
{
	ec_write(c, VM_ENTRY_INTR_INFO_FIELD, (1u << 31) | 0x30);
	ec_write(c, GUEST_RFLAGS, 0x2);
}

/* Interruptibility state; arg: state value, bit 32: also set RFLAGS.IF,
 * bit 33: inject an external interrupt, bit 34: inject an NMI, bit 35: set TF. */
static void mut_intr(struct entry_ctx *c)
{
	uint64_t a = c->k->arg;
	uint64_t fl = 0x2 | ((a >> 32) & 1 ? 0x200 : 0) | ((a >> 35) & 1 ? 0x100 : 0);

	ec_write(c, GUEST_INTERRUPTIBILITY_STATE, (uint32_t)a);
	ec_write(c, GUEST_RFLAGS, fl);
	if ((a >> 33) & 1)
		ec_write(c, VM_ENTRY_INTR_INFO_FIELD, (1u << 31) | 0x30);
	if ((a >> 34) & 1)
		ec_write(c, VM_ENTRY_INTR_INFO_FIELD, (1u << 31) | (2u << 8) | 2);
}
#define I_IF (1ull << 32)
#define I_EXTINT (1ull << 33)
#define I_NMI (1ull << 34)
#define I_TF (1ull << 35)

/* VMCS link pointer (26.3.1.5): arg 0 unaligned, 1 beyond width, 2 wrong revision, 3 ordinary VMCS */
static void mut_link(struct entry_ctx *c)
{
	uint32_t *p = (uint32_t *)(uintptr_t)ec_page(c, 2);
	uint64_t link = ec_page(c, 2);

	*p = c->caps->revision;
	switch (c->k->arg) {
	case 0: link |= 0x800; break;
	case 1: link = 1ull << ec_maxphyaddr(); break;
	case 2: *p = (c->caps->revision + 1) & 0x7fffffffu; break;
	case 3: break;
	}
	ec_write(c, VMCS_LINK_POINTER, link);
}

/*
 * A 32-bit PAE guest (IA-32e mode guest = 0, no EPT) whose CR3 points at a
 * scratch page of PDPTEs; arg 1 sets reserved bit 1 in PDPTE0 (26.3.1.6:
 * exit 33 with qualification 2). Every other guest field is made valid for
 * a non-IA-32e guest so only the PDPTE check can fail.
 */
static void mut_pae(struct entry_ctx *c)
{
	uint64_t *pdpte = (uint64_t *)(uintptr_t)ec_page(c, 1);

	if (!ec_disable(c, VMX_KIND_ENTRY, VM_ENTRY_IA32E_MODE))
		return;
	if (ec_read(c, GUEST_CR4) & (1u << 17)) {
		ec_skip(c, "the live CR4 has PCIDE set (illegal outside IA-32e mode)");
		return;
	}
	pdpte[0] = c->k->arg == 1 ? (1u << 1) | 1 : 0;
	ec_write(c, GUEST_CR3, ec_page(c, 1));
	ec_write(c, GUEST_CS_ACCESS_RIGHTS, 0xc09b); /* 32-bit code: L = 0, D = 1 */
	ec_write(c, GUEST_RIP, 0x1000);              /* bits 63:32 clear; never fetched on failure */
	ec_write(c, GUEST_FS_BASE, 0);
	ec_write(c, GUEST_GS_BASE, 0);
	switch (c->k->arg) {
	case 2: /* CR4.PCIDE must be 0 outside IA-32e mode (26.3.1.1) */
		if (!((c->caps->cr4_fixed1 >> 17) & 1)) {
			ec_skip(c, "CR4.PCIDE may not be 1 on this CPU");
			return;
		}
		ec_set(c, GUEST_CR4, 1u << 17);
		break;
	case 4: /* RIP bits 63:32 must be 0 outside IA-32e mode (26.3.1.4) */
		ec_write(c, GUEST_RIP, 0x100001000ull);
		break;
	}
}

/* Load IA32_BNDCFGS on entry; arg 0: reserved bit 2, 1: bits 63:12 not canonical (26.3.1.1). */
static void mut_bndcfgs(struct entry_ctx *c)
{
	if (ec_enable(c, VMX_KIND_ENTRY, VM_ENTRY_LOAD_IA32_BNDCFGS))
		ec_write(c, GUEST_IA32_BNDCFGS, c->k->arg ? ENTRY_NONCANONICAL : 1u << 2);
}

/* HLT activity state: the guest sleeps until the VMX-preemption timer ends it (26.3.1.5, 26.7.4). */
static void mut_hlt(struct entry_ctx *c)
{
	if (!((c->caps->activity_states >> 0) & 1)) {
		ec_skip(c, "IA32_VMX_MISC[6]: HLT activity state not supported");
		return;
	}
	if (!c->base->preempt_timer) {
		ec_skip(c, "no VMX-preemption timer to end a halted guest");
		return;
	}
	ec_write(c, VMX_PREEMPTION_TIMER_VALUE, 1000);
	ec_write(c, GUEST_ACTIVITY_STATE, 1);
}

/* Load CET state on entry, guest CET fields valid, then arg breaks one (26.3.1.1). */
static void mut_guest_cet(struct entry_ctx *c)
{
	ec_mut_cet(c, VMX_KIND_ENTRY, VM_ENTRY_LOAD_CET_STATE, GUEST_IA32_S_CET, GUEST_SSP,
		   GUEST_IA32_INTERRUPT_SSP_TABLE_ADDR);
}

/* Unrestricted guest (with EPT on empty tables): arg 0 CR0.PG = 1 with PE = 0,
 * arg 1 IA-32e mode guest with CR0.PG = 0 (26.3.1.1). */
static void mut_unrestricted(struct entry_ctx *c)
{
	if (!ec_enable(c, VMX_KIND_PROC2, SECONDARY_EXEC_ENABLE_EPT | SECONDARY_EXEC_UNRESTRICTED_GUEST))
		return;
	ec_write(c, EPT_POINTER, ec_eptp(c));
	if (c->k->arg == 0)
		ec_clear(c, GUEST_CR0, 1);
	else
		ec_clear(c, GUEST_CR0, 1ull << 31);
}

static const struct entry_case cases[] = {
	/* 26.3.1.1 */
	{ "guest.cr0.pg_clear", "26.3.1.1", "GUEST_CR0.PG = 0 (fixed to 1, no unrestricted guest)",
	  VMX_FEAT_ALWAYS, ec_mut_andnot, NULL, GFAIL, NULL, W(GUEST_CR0, 1ull << 31) },
	{ "guest.cr0.pe_clear", "26.3.1.1", "GUEST_CR0.PE = 0 (fixed to 1, no unrestricted guest)",
	  VMX_FEAT_ALWAYS, ec_mut_andnot, NULL, GFAIL, NULL, W(GUEST_CR0, 1) },
	{ "guest.cr0.ne_clear", "26.3.1.1", "GUEST_CR0.NE = 0",
	  VMX_FEAT_ALWAYS, ec_mut_andnot, NULL, GFAIL, NULL, W(GUEST_CR0, 1u << 5) },
	{ "guest.cr0.bit32", "26.3.1.1", "GUEST_CR0 bit 32 set (reserved)",
	  VMX_FEAT_ALWAYS, ec_mut_or, NULL, GFAIL, NULL, W(GUEST_CR0, 1ull << 32) },
	{ "guest.cr0.pg_without_pe", "26.3.1.1", "unrestricted guest: CR0.PG = 1 with CR0.PE = 0",
	  VMX_FEAT_EPT, mut_unrestricted, NULL, GFAIL, NULL, 0 },
	{ "guest.cr0.ia32e_without_pg", "26.3.1.1", "unrestricted guest: IA-32e mode guest with CR0.PG = 0",
	  VMX_FEAT_EPT, mut_unrestricted, NULL, GFAIL, NULL, 1 },
	{ "guest.cr4.vmxe_clear", "26.3.1.1", "GUEST_CR4.VMXE = 0",
	  VMX_FEAT_ALWAYS, ec_mut_andnot, NULL, GFAIL, NULL, W(GUEST_CR4, 1u << 13) },
	{ "guest.cr4.reserved", "26.3.1.1", "GUEST_CR4 sets a bit CR4_FIXED1 forbids",
	  VMX_FEAT_ALWAYS, mut_cr4_reserved, NULL, GFAIL, NULL, 0 },
	{ "guest.cr4.pae_clear_ia32e", "26.3.1.1", "IA-32e mode guest with CR4.PAE = 0",
	  VMX_FEAT_ALWAYS, ec_mut_andnot, NULL, GFAIL, NULL, W(GUEST_CR4, 1u << 5) },
	{ "guest.cr3.too_wide", "26.3.1.1", "GUEST_CR3 beyond the physical-address width",
	  VMX_FEAT_ALWAYS, mut_cr3_wide, NULL, GFAIL, NULL, 0 },
	{ "guest.dr7.bits63_32", "26.3.1.1", "load debug controls: DR7 bit 32 set",
	  VMX_FEAT_ALWAYS, mut_debug, NULL, GFAIL, NULL, W(GUEST_DR7, 0x100000400ull) },
	{ "guest.debugctl.reserved", "26.3.1.1", "load debug controls: IA32_DEBUGCTL reserved bit 3 set",
	  VMX_FEAT_ALWAYS, mut_debug, NULL, GFAIL, NULL, W(GUEST_IA32_DEBUGCTL, 1u << 3) },
	{ "guest.sysenter_esp.noncanonical", "26.3.1.1", "GUEST_IA32_SYSENTER_ESP not canonical",
	  VMX_FEAT_ALWAYS, ec_mut_noncanon, NULL, GFAIL, NULL, W(GUEST_IA32_SYSENTER_ESP, 0) },
	{ "guest.sysenter_eip.noncanonical", "26.3.1.1", "GUEST_IA32_SYSENTER_EIP not canonical",
	  VMX_FEAT_ALWAYS, ec_mut_noncanon, NULL, GFAIL, NULL, W(GUEST_IA32_SYSENTER_EIP, 0) },
	/* Bit 63, not a low one: bits 32+i enable fixed counter i (up to bit 47 on
	 * architectural-PMU v5 parts) and bit 48 is EN_PERF_METRICS. Bit 63 does
	 * not fit ENTRY_ARG's 48-bit value: mut_perf writes it itself. */
	{ "guest.perf_global.reserved", "26.3.1.1", "load IA32_PERF_GLOBAL_CTRL: reserved bit 63 set",
	  VMX_FEAT_PERF_GLOBAL_GUEST, mut_perf, NULL, GFAIL, NULL, 0 },
	{ "guest.pat.type2", "26.3.1.1", "load IA32_PAT: PA0 memory type 2 (reserved)",
	  VMX_FEAT_PAT, mut_pat, NULL, GFAIL, NULL, W(GUEST_IA32_PAT, 0x0007040600070402ull) },
	{ "guest.efer.reserved", "26.3.1.1", "load IA32_EFER: reserved bit 2 set",
	  VMX_FEAT_EFER, mut_efer, NULL, GFAIL, NULL, 0 },
	{ "guest.efer.lma", "26.3.1.1", "load IA32_EFER: LMA differs from IA-32e mode guest",
	  VMX_FEAT_EFER, mut_efer, NULL, GFAIL, NULL, 1 },
	{ "guest.efer.lme", "26.3.1.1", "load IA32_EFER: LME differs from IA-32e mode guest (CR0.PG = 1)",
	  VMX_FEAT_EFER, mut_efer, NULL, GFAIL, NULL, 2 },
	{ "guest.efer.valid", "26.3.1.1", "load IA32_EFER with the live value enters",
	  VMX_FEAT_EFER, mut_efer, NULL, EXPECT_OK, NULL, 3 },

	{ "guest.cet.valid", "26.3.1.1", "load CET state on entry with zero CET fields enters",
	  VMX_FEAT_CET_GUEST, mut_guest_cet, NULL, EXPECT_OK, NULL, 0 },
	{ "guest.cet.s_cet_reserved", "26.3.1.1", "load CET state: GUEST_IA32_S_CET reserved bit 6 set",
	  VMX_FEAT_CET_GUEST, mut_guest_cet, NULL, GFAIL, NULL, 1 },
	{ "guest.cet.s_cet_suppress_tracker", "26.3.1.1", "load CET state: GUEST_IA32_S_CET SUPPRESS and TRACKER both 1",
	  VMX_FEAT_CET_GUEST, mut_guest_cet, NULL, GFAIL, NULL, 2 },
	{ "guest.cet.s_cet_noncanonical", "26.3.1.1", "load CET state: GUEST_IA32_S_CET not canonical",
	  VMX_FEAT_CET_GUEST, mut_guest_cet, NULL, GFAIL, NULL, 3 },
	{ "guest.cet.ssp_noncanonical", "26.3.1.4", "load CET state: GUEST_SSP not canonical (IA-32e guest)",
	  VMX_FEAT_CET_GUEST, mut_guest_cet, NULL, GFAIL, NULL, 4 },
	{ "guest.cet.ssp_table_noncanonical", "26.3.1.1", "load CET state: GUEST_IA32_INTERRUPT_SSP_TABLE_ADDR not canonical",
	  VMX_FEAT_CET_GUEST, mut_guest_cet, NULL, GFAIL, NULL, 5 },

	/* 26.3.1.2 selectors and bases */
	{ "guest.tr.ti", "26.3.1.2", "GUEST_TR_SELECTOR TI = 1",
	  VMX_FEAT_ALWAYS, ec_mut_or, NULL, GFAIL, NULL, W(GUEST_TR_SELECTOR, 4) },
	{ "guest.ldtr.ti", "26.3.1.2", "usable LDTR with TI = 1",
	  VMX_FEAT_ALWAYS, mut_ldtr, NULL, GFAIL, NULL, 0 },
	{ "guest.ss.rpl_ne_cs", "26.3.1.2", "SS.RPL differs from CS.RPL (no unrestricted guest)",
	  VMX_FEAT_ALWAYS, mut_ss_rpl, NULL, GFAIL, NULL, 0 },
	{ "guest.tr_base.noncanonical", "26.3.1.2", "GUEST_TR_BASE not canonical",
	  VMX_FEAT_ALWAYS, ec_mut_noncanon, NULL, GFAIL, NULL, W(GUEST_TR_BASE, 0) },
	{ "guest.fs_base.noncanonical", "26.3.1.2", "GUEST_FS_BASE not canonical",
	  VMX_FEAT_ALWAYS, ec_mut_noncanon, NULL, GFAIL, NULL, W(GUEST_FS_BASE, 0) },
	{ "guest.gs_base.noncanonical", "26.3.1.2", "GUEST_GS_BASE not canonical",
	  VMX_FEAT_ALWAYS, ec_mut_noncanon, NULL, GFAIL, NULL, W(GUEST_GS_BASE, 0) },
	{ "guest.ldtr_base.noncanonical", "26.3.1.2", "usable LDTR with a non-canonical base",
	  VMX_FEAT_ALWAYS, mut_ldtr, NULL, GFAIL, NULL, 4 },
	{ "guest.cs_base.bits63_32", "26.3.1.2", "GUEST_CS_BASE bits 63:32 not 0",
	  VMX_FEAT_ALWAYS, ec_mut_write, NULL, GFAIL, NULL, W(GUEST_CS_BASE, 1ull << 32) },
	{ "guest.ss_base.bits63_32", "26.3.1.2", "usable SS with base bits 63:32 not 0",
	  VMX_FEAT_ALWAYS, mut_need_data_sel, NULL, GFAIL, NULL, W(GUEST_SS_BASE, 1ull << 32) },
	{ "guest.ds_base.bits63_32", "26.3.1.2", "usable DS with base bits 63:32 not 0",
	  VMX_FEAT_ALWAYS, mut_need_data_sel, NULL, GFAIL, NULL, W(GUEST_DS_BASE, 1ull << 32) },
	{ "guest.es_base.bits63_32", "26.3.1.2", "usable ES with base bits 63:32 not 0",
	  VMX_FEAT_ALWAYS, mut_need_data_sel, NULL, GFAIL, NULL, W(GUEST_ES_BASE, 1ull << 32) },

	/* 26.3.1.2 access rights */
	{ "guest.cs.ar_type_data", "26.3.1.2", "CS access rights: type 3 (data)",
	  VMX_FEAT_ALWAYS, ec_mut_write, NULL, GFAIL, NULL, W(GUEST_CS_ACCESS_RIGHTS, 0xa093) },
	{ "guest.cs.ar_s0", "26.3.1.2", "CS access rights: S = 0",
	  VMX_FEAT_ALWAYS, ec_mut_write, NULL, GFAIL, NULL, W(GUEST_CS_ACCESS_RIGHTS, 0xa08b) },
	{ "guest.cs.ar_not_present", "26.3.1.2", "CS access rights: P = 0",
	  VMX_FEAT_ALWAYS, ec_mut_write, NULL, GFAIL, NULL, W(GUEST_CS_ACCESS_RIGHTS, 0xa01b) },
	{ "guest.cs.ar_reserved_11_8", "26.3.1.2", "CS access rights: reserved bit 8 set",
	  VMX_FEAT_ALWAYS, ec_mut_write, NULL, GFAIL, NULL, W(GUEST_CS_ACCESS_RIGHTS, 0xa19b) },
	{ "guest.cs.ar_reserved_31_17", "26.3.1.2", "CS access rights: reserved bit 17 set",
	  VMX_FEAT_ALWAYS, ec_mut_write, NULL, GFAIL, NULL, W(GUEST_CS_ACCESS_RIGHTS, 0x2a09b) },
	{ "guest.cs.ar_l_and_db", "26.3.1.2", "CS access rights: L = 1 and D/B = 1 in an IA-32e guest",
	  VMX_FEAT_ALWAYS, ec_mut_write, NULL, GFAIL, NULL, W(GUEST_CS_ACCESS_RIGHTS, 0xe09b) },
	{ "guest.cs.ar_g_vs_limit", "26.3.1.2", "CS limit 0xFFFFFFFF with G = 0",
	  VMX_FEAT_ALWAYS, ec_mut_write, NULL, GFAIL, NULL, W(GUEST_CS_ACCESS_RIGHTS, 0x209b) },
	{ "guest.cs.ar_dpl_ne_ss", "26.3.1.2", "CS (non-conforming) DPL 3 differs from SS DPL",
	  VMX_FEAT_ALWAYS, ec_mut_write, NULL, GFAIL, NULL, W(GUEST_CS_ACCESS_RIGHTS, 0xa0fb) },
	{ "guest.ss.ar_type", "26.3.1.2", "usable SS with type 1 (read-only data)",
	  VMX_FEAT_ALWAYS, mut_need_data_sel, NULL, GFAIL, NULL, W(GUEST_SS_ACCESS_RIGHTS, 0xc091) },
	{ "guest.ds.ar_exec_only", "26.3.1.2", "usable DS with an execute-only code type",
	  VMX_FEAT_ALWAYS, mut_need_data_sel, NULL, GFAIL, NULL, W(GUEST_DS_ACCESS_RIGHTS, 0xc099) },
	{ "guest.ds.ar_s0", "26.3.1.2", "usable DS with S = 0",
	  VMX_FEAT_ALWAYS, mut_need_data_sel, NULL, GFAIL, NULL, W(GUEST_DS_ACCESS_RIGHTS, 0xc083) },
	{ "guest.ds.ar_not_present", "26.3.1.2", "usable DS with P = 0",
	  VMX_FEAT_ALWAYS, mut_need_data_sel, NULL, GFAIL, NULL, W(GUEST_DS_ACCESS_RIGHTS, 0xc013) },
	{ "guest.ds.ar_reserved_31_17", "26.3.1.2", "usable DS with reserved bit 17 set",
	  VMX_FEAT_ALWAYS, mut_need_data_sel, NULL, GFAIL, NULL, W(GUEST_DS_ACCESS_RIGHTS, 0x2c093) },
	{ "guest.es.ar_g_vs_limit", "26.3.1.2", "usable ES, limit 0xFFFFFFFF with G = 0",
	  VMX_FEAT_ALWAYS, mut_need_data_sel, NULL, GFAIL, NULL, W(GUEST_ES_ACCESS_RIGHTS, 0x4093) },
	{ "guest.fs.ar_reserved_11_8", "26.3.1.2", "usable FS with reserved bit 9 set",
	  VMX_FEAT_ALWAYS, mut_need_data_sel, NULL, GFAIL, NULL, W(GUEST_FS_ACCESS_RIGHTS, 0xc293) },
	{ "guest.gs.ar_s0", "26.3.1.2", "usable GS with S = 0",
	  VMX_FEAT_ALWAYS, mut_need_data_sel, NULL, GFAIL, NULL, W(GUEST_GS_ACCESS_RIGHTS, 0xc083) },
	{ "guest.ds.unusable", "26.3.1.2", "an unusable DS is legal",
	  VMX_FEAT_ALWAYS, ec_mut_write, NULL, EXPECT_OK, NULL, W(GUEST_DS_ACCESS_RIGHTS, AR_UNUSABLE) },
	{ "guest.tr.ar_type_16bit", "26.3.1.2", "TR type 3 (busy 16-bit TSS) in an IA-32e guest",
	  VMX_FEAT_ALWAYS, ec_mut_write, NULL, GFAIL, NULL, W(GUEST_TR_ACCESS_RIGHTS, 0x83) },
	{ "guest.tr.ar_available", "26.3.1.2", "TR type 9 (available 64-bit TSS)",
	  VMX_FEAT_ALWAYS, ec_mut_write, NULL, GFAIL, NULL, W(GUEST_TR_ACCESS_RIGHTS, 0x89) },
	{ "guest.tr.ar_s1", "26.3.1.2", "TR with S = 1",
	  VMX_FEAT_ALWAYS, ec_mut_write, NULL, GFAIL, NULL, W(GUEST_TR_ACCESS_RIGHTS, 0x9b) },
	{ "guest.tr.ar_not_present", "26.3.1.2", "TR with P = 0",
	  VMX_FEAT_ALWAYS, ec_mut_write, NULL, GFAIL, NULL, W(GUEST_TR_ACCESS_RIGHTS, 0x0b) },
	{ "guest.tr.unusable", "26.3.1.2", "TR marked unusable",
	  VMX_FEAT_ALWAYS, ec_mut_write, NULL, GFAIL, NULL, W(GUEST_TR_ACCESS_RIGHTS, 0x1008b) },
	{ "guest.tr.ar_g_vs_limit", "26.3.1.2", "TR limit 0x67 with G = 1",
	  VMX_FEAT_ALWAYS, ec_mut_write, NULL, GFAIL, NULL, W(GUEST_TR_ACCESS_RIGHTS, 0x808b) },
	{ "guest.ldtr.ar_type", "26.3.1.2", "usable LDTR with type 3",
	  VMX_FEAT_ALWAYS, mut_ldtr, NULL, GFAIL, NULL, 1 },
	{ "guest.ldtr.ar_s1", "26.3.1.2", "usable LDTR with S = 1",
	  VMX_FEAT_ALWAYS, mut_ldtr, NULL, GFAIL, NULL, 2 },
	{ "guest.ldtr.ar_not_present", "26.3.1.2", "usable LDTR with P = 0",
	  VMX_FEAT_ALWAYS, mut_ldtr, NULL, GFAIL, NULL, 3 },

	/* 26.3.1.3 */
	{ "guest.gdtr_base.noncanonical", "26.3.1.3", "GUEST_GDTR_BASE not canonical",
	  VMX_FEAT_ALWAYS, ec_mut_noncanon, NULL, GFAIL, NULL, W(GUEST_GDTR_BASE, 0) },
	{ "guest.idtr_base.noncanonical", "26.3.1.3", "GUEST_IDTR_BASE not canonical",
	  VMX_FEAT_ALWAYS, ec_mut_noncanon, NULL, GFAIL, NULL, W(GUEST_IDTR_BASE, 0) },
	{ "guest.gdtr_limit.bits31_16", "26.3.1.3", "GUEST_GDTR_LIMIT bits 31:16 not 0",
	  VMX_FEAT_ALWAYS, ec_mut_or, NULL, GFAIL, NULL, W(GUEST_GDTR_LIMIT, 0x10000) },
	{ "guest.idtr_limit.bits31_16", "26.3.1.3", "GUEST_IDTR_LIMIT bits 31:16 not 0",
	  VMX_FEAT_ALWAYS, ec_mut_or, NULL, GFAIL, NULL, W(GUEST_IDTR_LIMIT, 0x10000) },

	/* 26.3.1.4 */
	{ "guest.rip.noncanonical", "26.3.1.4", "GUEST_RIP not canonical with CS.L = 1",
	  VMX_FEAT_ALWAYS, ec_mut_noncanon, NULL, GFAIL, NULL, W(GUEST_RIP, 0) },
	{ "guest.rflags.bit1_clear", "26.3.1.4", "RFLAGS bit 1 = 0",
	  VMX_FEAT_ALWAYS, ec_mut_write, NULL, GFAIL, NULL, W(GUEST_RFLAGS, 0) },
	{ "guest.rflags.bit15", "26.3.1.4", "RFLAGS reserved bit 15 set",
	  VMX_FEAT_ALWAYS, ec_mut_write, NULL, GFAIL, NULL, W(GUEST_RFLAGS, 0x8002) },
	{ "guest.rflags.bit22", "26.3.1.4", "RFLAGS reserved bit 22 set",
	  VMX_FEAT_ALWAYS, ec_mut_write, NULL, GFAIL, NULL, W(GUEST_RFLAGS, 0x400002) },
	{ "guest.rflags.bit40", "26.3.1.4", "RFLAGS reserved bit 40 set",
	  VMX_FEAT_ALWAYS, ec_mut_write, NULL, GFAIL, NULL, W(GUEST_RFLAGS, 0x10000000002ull) },
	{ "guest.rflags.vm_ia32e", "26.3.1.4", "RFLAGS.VM = 1 in an IA-32e guest",
	  VMX_FEAT_ALWAYS, ec_mut_write, NULL, GFAIL, NULL, W(GUEST_RFLAGS, 0x20002) },
	{ "guest.rflags.if0_extint", "26.3.1.4", "external-interrupt injection with RFLAGS.IF = 0",
	  VMX_FEAT_ALWAYS, mut_extint_if0, NULL, GFAIL, NULL, 0 },

	/* 26.3.1.5 */
	{ "guest.activity.invalid", "26.3.1.5", "activity state 4 (not defined)",
	  VMX_FEAT_ALWAYS, ec_mut_write, NULL, GFAIL, NULL, W(GUEST_ACTIVITY_STATE, 4) },
	{ "guest.intr.reserved", "26.3.1.5", "interruptibility state reserved bit 5 set",
	  VMX_FEAT_ALWAYS, mut_intr, NULL, GFAIL, NULL, 0x20 | I_IF },
	{ "guest.intr.sti_and_movss", "26.3.1.5", "blocking by STI and by MOV SS both set",
	  VMX_FEAT_ALWAYS, mut_intr, NULL, GFAIL, NULL, 0x3 | I_IF },
	{ "guest.intr.sti_with_if0", "26.3.1.5", "blocking by STI with RFLAGS.IF = 0",
	  VMX_FEAT_ALWAYS, mut_intr, NULL, GFAIL, NULL, 0x1 },
	{ "guest.intr.smi_outside_smm", "26.3.1.5", "blocking by SMI outside SMM",
	  VMX_FEAT_ALWAYS, mut_intr, NULL, GFAIL, NULL, 0x4 | I_IF },
	{ "guest.intr.extint_sti", "26.3.1.5", "external-interrupt injection with blocking by STI",
	  VMX_FEAT_ALWAYS, mut_intr, NULL, GFAIL, NULL, 0x1 | I_IF | I_EXTINT },
	{ "guest.intr.extint_movss", "26.3.1.5", "external-interrupt injection with blocking by MOV SS",
	  VMX_FEAT_ALWAYS, mut_intr, NULL, GFAIL, NULL, 0x2 | I_IF | I_EXTINT },
	{ "guest.intr.nmi_movss", "26.3.1.5", "NMI injection with blocking by MOV SS",
	  VMX_FEAT_ALWAYS, mut_intr, NULL, GFAIL, NULL, 0x2 | I_IF | I_NMI },
	{ "guest.pending_dbg.bit4", "26.3.1.5", "pending debug exceptions reserved bit 4 set",
	  VMX_FEAT_ALWAYS, ec_mut_write, NULL, GFAIL, NULL, W(GUEST_PENDING_DBG_EXCEPTIONS, 0x10) },
	{ "guest.pending_dbg.bit20", "26.3.1.5", "pending debug exceptions reserved bit 20 set",
	  VMX_FEAT_ALWAYS, ec_mut_write, NULL, GFAIL, NULL, W(GUEST_PENDING_DBG_EXCEPTIONS, 1u << 20) },
	{ "guest.pending_dbg.bs_clear_tf", "26.3.1.5", "STI blocking with RFLAGS.TF = 1 but pending BS = 0",
	  VMX_FEAT_ALWAYS, mut_intr, NULL, GFAIL, NULL, 0x1 | I_IF | I_TF },
	{ "guest.activity.hlt_timer", "26.3.1.5", "activity state HLT enters; the VMX-preemption timer ends the halt",
	  VMX_FEAT_PREEMPT_TIMER, mut_hlt, NULL, { OUTCOME_TIMEOUT, 0, 0 }, NULL, 0 },
	{ "guest.pdpte.reserved", "26.3.1.6", "PAE guest (no EPT) with a reserved bit in PDPTE0: exit 33, qualification 2",
	  VMX_FEAT_ALWAYS, mut_pae, NULL, EXPECT_EXIT(EXIT_REASON_INVALID_GUEST_STATE, ENTRY_FAIL_QUAL_PDPTE), NULL, 1 },
	{ "guest.pae.valid", "26.3.1.6", "PAE guest (no EPT) with not-present PDPTEs enters; its first fetch faults (#PF exit)",
	  VMX_FEAT_ALWAYS, mut_pae, NULL, { OUTCOME_VMEXIT, 0, 0 }, NULL, 0 },
	{ "guest.pae.pcide", "26.3.1.1", "IA-32e mode guest = 0 with CR4.PCIDE = 1",
	  VMX_FEAT_ALWAYS, mut_pae, NULL, GFAIL, NULL, 2 },
	{ "guest.pae.rip_hi", "26.3.1.4", "IA-32e mode guest = 0 with RIP bits 63:32 not 0",
	  VMX_FEAT_ALWAYS, mut_pae, NULL, GFAIL, NULL, 4 },
	{ "guest.bndcfgs.reserved", "26.3.1.1", "load IA32_BNDCFGS: reserved bit 2 set",
	  VMX_FEAT_BNDCFGS, mut_bndcfgs, NULL, GFAIL, NULL, 0 },
	{ "guest.bndcfgs.noncanonical", "26.3.1.1", "load IA32_BNDCFGS: bound-directory base not canonical",
	  VMX_FEAT_BNDCFGS, mut_bndcfgs, NULL, GFAIL, NULL, 1 },
	{ "guest.link.unaligned", "26.3.1.5", "VMCS link pointer bits 11:0 not 0: exit qualification 4",
	  VMX_FEAT_ALWAYS, mut_link, NULL, LINK_FAIL, NULL, 0 },
	{ "guest.link.too_wide", "26.3.1.5", "VMCS link pointer beyond the physical-address width: qualification 4",
	  VMX_FEAT_ALWAYS, mut_link, NULL, LINK_FAIL, NULL, 1 },
	{ "guest.link.bad_revision", "26.3.1.5", "VMCS link pointer to a region with a wrong revision id: qualification 4",
	  VMX_FEAT_ALWAYS, mut_link, NULL, LINK_FAIL, NULL, 2 },
	{ "guest.link.ordinary", "26.3.1.5", "VMCS link pointer to an ordinary VMCS, shadowing off: enters",
	  VMX_FEAT_ALWAYS, mut_link, NULL, EXPECT_OK, NULL, 3 },
};

ENTRY_GROUP(entry_group_guest, "guest", cases, 40);
