/** @file
 * Entry-suite cases: checks on the guest-state area (SDM Vol. 3 §26.3.1.1
 * control/debug registers and MSRs, §26.3.1.2 segment registers, §26.3.1.3
 * GDTR/IDTR, §26.3.1.4 RIP/RFLAGS, §26.3.1.5 non-register state incl. the
 * VMCS link pointer). A failed check gives a VM-entry failure exit: basic
 * reason 33 with qualification 0, or 4 for the VMCS link pointer (§26.8).
 */
#include "suites/entry.h"
#include "platform/cpu.h"
#include "vmx/intr_info.h"
#include "vmx/shadow.h"

#define W(enc, v) ENTRY_W(enc, v)
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

/* Turn on an entry control, then apply the row's write. */
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

/* Load the live IA32_EFER with the row's bits set and cleared. */
static void mut_efer(struct entry_ctx *c)
{
	uint64_t efer = rdmsr(MSR_IA32_EFER);

	if (ec_enable(c, VMX_KIND_ENTRY, VM_ENTRY_LOAD_IA32_EFER))
		ec_write(c, GUEST_IA32_EFER, (efer & ~c->k->p.mask.clear) | c->k->p.mask.set);
}

/* Make LDTR usable (an LDT descriptor) so its checks apply: the row's
 * selector and access rights, and its base when not 0. */
#define LDT_SEL 0x28u
#define LDT_AR 0x82u  /* present, type 2 (LDT) */
static void mut_ldtr(struct entry_ctx *c)
{
	if (c->k->p.seg.base)
		ec_write(c, GUEST_LDTR_BASE, c->k->p.seg.base);
	ec_write(c, GUEST_LDTR_SELECTOR, c->k->p.seg.selector);
	ec_write(c, GUEST_LDTR_LIMIT, 0xfff);
	ec_write(c, GUEST_LDTR_ACCESS_RIGHTS, c->k->p.seg.access_rights);
}

/* CS.RPL 3: SS.RPL (0) no longer equals it. Changing SS.RPL instead would also break "SS.DPL = SS.RPL". */
static void mut_ss_rpl(struct entry_ctx *c)
{
	ec_write(c, GUEST_CS_SELECTOR, ec_read(c, GUEST_CS_SELECTOR) | 3);
}

static void mut_need_data_sel(struct entry_ctx *c)
{
	/* Checks on usable data segments: the baseline ones are usable only with a non-null selector. */
	if (ec_read(c, GUEST_DS_ACCESS_RIGHTS) & AR_UNUSABLE)
		ec_skip(c, "the baseline data segments are unusable");
	else
		ec_mut_write(c);
}

/* Injected events: external interrupt vector 0x30, NMI (vector 2). */
#define INJECT_EXTINT (INTR_INFO_VALID | INTR_TYPE_EXT_INTR | 0x30)
#define INJECT_NMI (INTR_INFO_VALID | INTR_TYPE_NMI | 2)

static void mut_extint_if0(struct entry_ctx *c)
{
	ec_write(c, VM_ENTRY_INTR_INFO_FIELD, INJECT_EXTINT);
	ec_write(c, GUEST_RFLAGS, RFLAGS_FIXED);
}

/* The row's interruptibility state and RFLAGS, and its injected event when not 0. */
static void mut_intr(struct entry_ctx *c)
{
	ec_write(c, GUEST_INTERRUPTIBILITY_STATE, c->k->p.intr.state);
	ec_write(c, GUEST_RFLAGS, c->k->p.intr.rflags);
	if (c->k->p.intr.inject)
		ec_write(c, VM_ENTRY_INTR_INFO_FIELD, c->k->p.intr.inject);
}
#define INTR(st, fl, inj) .p.intr = { .state = (st), .inject = (inj), .rflags = RFLAGS_FIXED | (fl) }

/* VMCS link pointer (26.3.1.5) to scratch page 2 holding an ordinary VMCS, or as the row makes it bad. */
enum link_kind { LINK_UNALIGNED, LINK_WIDE, LINK_BAD_REV, LINK_ORDINARY, LINK_SHADOW_BIT, LINK_CURRENT };
static void mut_link(struct entry_ctx *c)
{
	uint32_t *p = (uint32_t *)(uintptr_t)ec_page(c, 2);
	uint64_t link = ec_page(c, 2);

	*p = c->caps->revision;
	switch ((enum link_kind)c->k->p.which) {
	case LINK_UNALIGNED: link |= 0x800; break;
	case LINK_WIDE: link = 1ull << ec_maxphyaddr(); break;
	case LINK_BAD_REV: *p = (c->caps->revision + 1) & ~SHADOW_VMCS_INDICATOR; break;
	case LINK_ORDINARY: break;
	/* bit 31 must equal "VMCS shadowing", which the baseline leaves 0 */
	case LINK_SHADOW_BIT: *p = c->caps->revision | SHADOW_VMCS_INDICATOR; break;
	/* outside SMM the link pointer must not be the current-VMCS pointer; the
	 * region's revision dword is right and its bit 31 is 0 */
	case LINK_CURRENT: link = c->vmcs_pa; break;
	}
	ec_write(c, VMCS_LINK_POINTER, link);
}

/*
 * A 32-bit PAE guest (IA-32e mode guest = 0, no EPT) whose CR3 points at a
 * scratch page of PDPTEs. Every other guest field is made valid for a
 * non-IA-32e guest, then the row breaks one rule: PAE_PDPTE_RESERVED sets
 * reserved bit 1 in PDPTE0 (26.3.1.6: exit 33 with qualification 2).
 */
enum pae_kind { PAE_VALID, PAE_PDPTE_RESERVED, PAE_PCIDE, PAE_RIP_HI };
static void mut_pae(struct entry_ctx *c)
{
	uint64_t *pdpte = (uint64_t *)(uintptr_t)ec_page(c, 1);
	enum pae_kind k = (enum pae_kind)c->k->p.which;

	if (!ec_disable(c, VMX_KIND_ENTRY, VM_ENTRY_IA32E_MODE))
		return;
	if (ec_read(c, GUEST_CR4) & CR4_PCIDE) {
		ec_skip(c, "the live CR4 has PCIDE set (illegal outside IA-32e mode)");
		return;
	}
	pdpte[0] = k == PAE_PDPTE_RESERVED ? (1u << 1) | 1 : 0;
	ec_write(c, GUEST_CR3, ec_page(c, 1));
	ec_write(c, GUEST_CS_ACCESS_RIGHTS, 0xc09b); /* 32-bit code: L = 0, D = 1 */
	ec_write(c, GUEST_RIP, 0x1000);              /* bits 63:32 clear; never fetched on failure */
	ec_write(c, GUEST_FS_BASE, 0);
	ec_write(c, GUEST_GS_BASE, 0);
	switch (k) {
	case PAE_PCIDE: /* CR4.PCIDE must be 0 outside IA-32e mode (26.3.1.1) */
		if (!(c->caps->cr4_fixed1 & CR4_PCIDE)) {
			ec_skip(c, "CR4.PCIDE may not be 1 on this CPU");
			return;
		}
		ec_set(c, GUEST_CR4, CR4_PCIDE);
		break;
	case PAE_RIP_HI: /* RIP bits 63:32 must be 0 outside IA-32e mode (26.3.1.4) */
		ec_write(c, GUEST_RIP, 0x100001000ull);
		break;
	case PAE_VALID:
	case PAE_PDPTE_RESERVED:
		break;
	}
}

/* Load IA32_BNDCFGS on entry with the row's value (26.3.1.1). */
static void mut_bndcfgs(struct entry_ctx *c) { mut_entry_ctl_write(c, VM_ENTRY_LOAD_IA32_BNDCFGS); }

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
	ec_write(c, GUEST_ACTIVITY_STATE, ACTIVITY_HLT);
}

/* Load CET state on entry with the row's guest CET fields (26.3.1.1). */
static void mut_guest_cet(struct entry_ctx *c)
{
	ec_mut_cet(c, VMX_KIND_ENTRY, VM_ENTRY_LOAD_CET_STATE, GUEST_IA32_S_CET, GUEST_SSP,
		   GUEST_IA32_INTERRUPT_SSP_TABLE_ADDR);
}

/* Guest CR4.CET 1 with CR0.WP as the row says (p.which: 1 = WP set, the twin). */
static void mut_cet_wp(struct entry_ctx *c)
{
	if (!(c->caps->cr4_fixed1 & CR4_CET)) {
		ec_skip(c, "IA32_VMX_CR4_FIXED1 does not allow CR4.CET = 1");
		return;
	}
	if (!c->k->p.which && (c->caps->cr0_fixed0 & CR0_WP)) {
		ec_skip(c, "IA32_VMX_CR0_FIXED0 fixes CR0.WP to 1");
		return;
	}
	ec_set(c, GUEST_CR4, CR4_CET);
	if (c->k->p.which)
		ec_set(c, GUEST_CR0, CR0_WP);
	else
		ec_clear(c, GUEST_CR0, CR0_WP);
}

/* A 32-bit guest loading CET state: the row's SSP must have bits 63:32 clear (26.3.1.4). */
static void mut_cet_legacy32(struct entry_ctx *c)
{
	if (ec_guest_legacy32(c))
		mut_guest_cet(c);
}

static void mut_pkrs(struct entry_ctx *c) { mut_entry_ctl_write(c, VM_ENTRY_LOAD_IA32_PKRS); }
static void mut_lbr_ctl(struct entry_ctx *c) { mut_entry_ctl_write(c, VM_ENTRY_LOAD_IA32_LBR_CTL); }

/* Unrestricted guest (with EPT on empty tables), then clear the row's CR0 bit (26.3.1.1). */
static void mut_unrestricted(struct entry_ctx *c)
{
	if (!ec_enable(c, VMX_KIND_PROC2, SECONDARY_EXEC_ENABLE_EPT | SECONDARY_EXEC_UNRESTRICTED_GUEST))
		return;
	ec_write(c, EPT_POINTER, ec_eptp(c));
	ec_mut_andnot(c);
}

/* CR0.PG = 0 in a 32-bit guest: only the fixed-bit rule breaks (IA-32e mode would need PG too). */
static void mut_pg_clear(struct entry_ctx *c)
{
	if (ec_guest_legacy32(c))
		ec_clear(c, GUEST_CR0, CR0_PG);
}

static void mut_pe_alone(struct entry_ctx *c)
{
	ec_skip(c, "cannot break this rule alone: clearing PE with PG = 1 also breaks \"PG = 1 needs "
		   "PE = 1\" (guest.cr0.pg_without_pe), and clearing PG too breaks PG's own fixed bit");
}

/* RFLAGS.VM = 1 with every segment as virtual-8086 mode needs it: only "IA-32e mode guest needs VM = 0" breaks. */
static void mut_vm_ia32e(struct entry_ctx *c)
{
	if (ec_read(c, GUEST_RIP) >> 32) {
		ec_skip(c, "the guest code lies above 4 GiB: CS.L = 0 needs RIP bits 63:32 clear");
		return;
	}
	ec_guest_v8086_segments(c);
	ec_write(c, GUEST_RFLAGS, RFLAGS_VM | RFLAGS_FIXED);
}

static const struct entry_case cases[] = {
	/* 26.3.1.1 */
	{ "guest.cr0.pg_clear", "26.3.1.1", "32-bit guest with GUEST_CR0.PG = 0 (fixed to 1, no unrestricted guest)",
	  VMX_FEAT_ALWAYS, mut_pg_clear, NULL, GFAIL, NULL, { 0 } },
	{ "guest.cr0.pe_clear", "26.3.1.1", "GUEST_CR0.PE = 0 alone (fixed to 1, no unrestricted guest)",
	  VMX_FEAT_ALWAYS, mut_pe_alone, NULL, GFAIL, NULL, { 0 } },
	{ "guest.cr0.ne_clear", "26.3.1.1", "GUEST_CR0.NE = 0",
	  VMX_FEAT_ALWAYS, ec_mut_andnot, NULL, GFAIL, NULL, W(GUEST_CR0, CR0_NE) },
	{ "guest.cr0.bit32", "26.3.1.1", "GUEST_CR0 bit 32 set (reserved)",
	  VMX_FEAT_ALWAYS, ec_mut_or, NULL, GFAIL, NULL, W(GUEST_CR0, 1ull << 32) },
	{ "guest.cr0.pg_without_pe", "26.3.1.1", "unrestricted guest: CR0.PG = 1 with CR0.PE = 0",
	  VMX_FEAT_EPT, mut_unrestricted, NULL, GFAIL, NULL, W(GUEST_CR0, CR0_PE) },
	{ "guest.cr0.ia32e_without_pg", "26.3.1.1", "unrestricted guest: IA-32e mode guest with CR0.PG = 0",
	  VMX_FEAT_EPT, mut_unrestricted, NULL, GFAIL, NULL, W(GUEST_CR0, CR0_PG) },
	{ "guest.cr4.vmxe_clear", "26.3.1.1", "GUEST_CR4.VMXE = 0",
	  VMX_FEAT_ALWAYS, ec_mut_andnot, NULL, GFAIL, NULL, W(GUEST_CR4, CR4_VMXE) },
	{ "guest.cr4.reserved", "26.3.1.1", "GUEST_CR4 sets a bit CR4_FIXED1 forbids",
	  VMX_FEAT_ALWAYS, mut_cr4_reserved, NULL, GFAIL, NULL, { 0 } },
	{ "guest.cr4.pae_clear_ia32e", "26.3.1.1", "IA-32e mode guest with CR4.PAE = 0",
	  VMX_FEAT_ALWAYS, ec_mut_andnot, NULL, GFAIL, NULL, W(GUEST_CR4, CR4_PAE) },
	{ "guest.cr4.cet_without_wp", "26.3.1.1", "GUEST_CR4.CET 1 with GUEST_CR0.WP 0",
	  VMX_FEAT_ALWAYS, mut_cet_wp, NULL, GFAIL, NULL, .p.which = 0 },
	{ "guest.cr4.cet_with_wp", "26.3.1.1", "GUEST_CR4.CET 1 with GUEST_CR0.WP 1 enters (twin)",
	  VMX_FEAT_ALWAYS, mut_cet_wp, NULL, EXPECT_OK, NULL, .p.which = 1 },
	{ "guest.cr3.too_wide", "26.3.1.1", "GUEST_CR3 beyond the physical-address width",
	  VMX_FEAT_ALWAYS, mut_cr3_wide, NULL, GFAIL, NULL, { 0 } },
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
	 * is written by mut_perf. */
	{ "guest.perf_global.reserved", "26.3.1.1", "load IA32_PERF_GLOBAL_CTRL: reserved bit 63 set",
	  VMX_FEAT_PERF_GLOBAL_GUEST, mut_perf, NULL, GFAIL, NULL, { 0 } },
	/* PA1..PA7 valid types (4, 7, 0, 6, 4, 7, 0): only PA0 breaks the rule */
	{ "guest.pat.type2", "26.3.1.1", "load IA32_PAT: PA0 memory type 2 (reserved)",
	  VMX_FEAT_PAT, mut_pat, NULL, GFAIL, NULL, W(GUEST_IA32_PAT, 0x0007040600070402ull) },
	{ "guest.efer.reserved", "26.3.1.1", "load IA32_EFER: reserved bit 2 set",
	  VMX_FEAT_EFER, mut_efer, NULL, GFAIL, NULL, .p.mask = { .set = 1u << 2 } },
	{ "guest.efer.lma", "26.3.1.1", "load IA32_EFER: LMA differs from IA-32e mode guest",
	  VMX_FEAT_EFER, mut_efer, NULL, GFAIL, NULL, .p.mask = { .clear = EFER_LMA } },
	{ "guest.efer.lme", "26.3.1.1", "load IA32_EFER: LME differs from IA-32e mode guest (CR0.PG = 1)",
	  VMX_FEAT_EFER, mut_efer, NULL, GFAIL, NULL, .p.mask = { .clear = EFER_LME } },
	{ "guest.efer.valid", "26.3.1.1", "load IA32_EFER with the live value enters",
	  VMX_FEAT_EFER, mut_efer, NULL, EXPECT_OK, NULL, { 0 } },

	{ "guest.cet.valid", "26.3.1.1", "load CET state on entry with zero CET fields enters",
	  VMX_FEAT_CET_GUEST, mut_guest_cet, NULL, EXPECT_OK, NULL, { 0 } },
	{ "guest.cet.s_cet_reserved", "26.3.1.1", "load CET state: GUEST_IA32_S_CET reserved bit 6 set",
	  VMX_FEAT_CET_GUEST, mut_guest_cet, NULL, GFAIL, NULL, .p.cet = { .s_cet = CET_S_RESERVED6 } },
	{ "guest.cet.s_cet_suppress_tracker", "26.3.1.1", "load CET state: GUEST_IA32_S_CET SUPPRESS and TRACKER both 1",
	  VMX_FEAT_CET_GUEST, mut_guest_cet, NULL, GFAIL, NULL, .p.cet = { .s_cet = CET_SUPPRESS | CET_TRACKER } },
	{ "guest.cet.s_cet_noncanonical", "26.3.1.1", "load CET state: GUEST_IA32_S_CET not canonical",
	  VMX_FEAT_CET_GUEST, mut_guest_cet, NULL, GFAIL, NULL, .p.cet = { .s_cet = ENTRY_NONCANONICAL } },
	{ "guest.cet.ssp_noncanonical", "26.3.1.4", "load CET state: GUEST_SSP not canonical (IA-32e guest)",
	  VMX_FEAT_CET_GUEST, mut_guest_cet, NULL, GFAIL, NULL, .p.cet = { .ssp = ENTRY_NONCANONICAL } },
	{ "guest.cet.ssp_hi_legacy32", "26.3.1.4", "load CET state, 32-bit guest: GUEST_SSP bit 32 set",
	  VMX_FEAT_CET_GUEST, mut_cet_legacy32, NULL, GFAIL, NULL, .p.cet = { .ssp = 1ull << 32 } },
	{ "guest.pkrs.bits63_32", "26.3.1.1", "load IA32_PKRS: bit 32 set",
	  VMX_FEAT_PKRS_GUEST, mut_pkrs, NULL, GFAIL, NULL, W(GUEST_IA32_PKRS, 1ull << 32) },
	{ "guest.pkrs.valid", "26.3.1.1", "load IA32_PKRS with 0 enters (twin)",
	  VMX_FEAT_PKRS_GUEST, mut_pkrs, NULL, EXPECT_OK, NULL, W(GUEST_IA32_PKRS, 0) },
	/* IA32_LBR_CTL bits 15:4 and 63:23 are reserved (Vol. 3B §18.1.2, architectural LBRs) */
	{ "guest.lbr_ctl.reserved", "26.3.1.1", "load guest IA32_LBR_CTL: reserved bit 63 set",
	  VMX_FEAT_LBR_CTL, mut_lbr_ctl, NULL, GFAIL, NULL, W(GUEST_IA32_LBR_CTL, 1ull << 63) },
	{ "guest.lbr_ctl.valid", "26.3.1.1", "load guest IA32_LBR_CTL with 0 enters (twin)",
	  VMX_FEAT_LBR_CTL, mut_lbr_ctl, NULL, EXPECT_OK, NULL, W(GUEST_IA32_LBR_CTL, 0) },
	{ "guest.cet.ssp_table_noncanonical", "26.3.1.1", "load CET state: GUEST_IA32_INTERRUPT_SSP_TABLE_ADDR not canonical",
	  VMX_FEAT_CET_GUEST, mut_guest_cet, NULL, GFAIL, NULL, .p.cet = { .ssp_table = ENTRY_NONCANONICAL } },

	/* 26.3.1.2 selectors and bases */
	{ "guest.tr.ti", "26.3.1.2", "GUEST_TR_SELECTOR TI = 1",
	  VMX_FEAT_ALWAYS, ec_mut_or, NULL, GFAIL, NULL, W(GUEST_TR_SELECTOR, 4) },
	{ "guest.ldtr.ti", "26.3.1.2", "usable LDTR with TI = 1",
	  VMX_FEAT_ALWAYS, mut_ldtr, NULL, GFAIL, NULL, .p.seg = { LDT_SEL | 4, LDT_AR, 0 } },
	{ "guest.ss.rpl_ne_cs", "26.3.1.2", "SS.RPL differs from CS.RPL: CS.RPL = 3, SS.RPL = 0 (no unrestricted guest)",
	  VMX_FEAT_ALWAYS, mut_ss_rpl, NULL, GFAIL, NULL, { 0 } },
	{ "guest.tr_base.noncanonical", "26.3.1.2", "GUEST_TR_BASE not canonical",
	  VMX_FEAT_ALWAYS, ec_mut_noncanon, NULL, GFAIL, NULL, W(GUEST_TR_BASE, 0) },
	{ "guest.fs_base.noncanonical", "26.3.1.2", "GUEST_FS_BASE not canonical",
	  VMX_FEAT_ALWAYS, ec_mut_noncanon, NULL, GFAIL, NULL, W(GUEST_FS_BASE, 0) },
	{ "guest.gs_base.noncanonical", "26.3.1.2", "GUEST_GS_BASE not canonical",
	  VMX_FEAT_ALWAYS, ec_mut_noncanon, NULL, GFAIL, NULL, W(GUEST_GS_BASE, 0) },
	{ "guest.ldtr_base.noncanonical", "26.3.1.2", "usable LDTR with a non-canonical base",
	  VMX_FEAT_ALWAYS, mut_ldtr, NULL, GFAIL, NULL, .p.seg = { LDT_SEL, LDT_AR, ENTRY_NONCANONICAL } },
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
	{ "guest.ds.ar_accessed_clear", "26.3.1.2", "usable DS with type 2 (accessed bit 0)",
	  VMX_FEAT_ALWAYS, mut_need_data_sel, NULL, GFAIL, NULL, W(GUEST_DS_ACCESS_RIGHTS, 0xc092) },
	{ "guest.ss.ar_s0", "26.3.1.2", "usable SS with S = 0",
	  VMX_FEAT_ALWAYS, mut_need_data_sel, NULL, GFAIL, NULL, W(GUEST_SS_ACCESS_RIGHTS, 0xc083) },
	{ "guest.ss.ar_not_present", "26.3.1.2", "usable SS with P = 0",
	  VMX_FEAT_ALWAYS, mut_need_data_sel, NULL, GFAIL, NULL, W(GUEST_SS_ACCESS_RIGHTS, 0xc013) },
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
	{ "guest.tr.ar_reserved_11_8", "26.3.1.2", "TR access rights: reserved bit 8 set",
	  VMX_FEAT_ALWAYS, ec_mut_write, NULL, GFAIL, NULL, W(GUEST_TR_ACCESS_RIGHTS, 0x18b) },
	{ "guest.tr.ar_reserved_31_17", "26.3.1.2", "TR access rights: reserved bit 17 set",
	  VMX_FEAT_ALWAYS, ec_mut_write, NULL, GFAIL, NULL, W(GUEST_TR_ACCESS_RIGHTS, 0x2008b) },
	{ "guest.ldtr.ar_type", "26.3.1.2", "usable LDTR with type 3",
	  VMX_FEAT_ALWAYS, mut_ldtr, NULL, GFAIL, NULL, .p.seg = { LDT_SEL, 0x83, 0 } },
	{ "guest.ldtr.ar_s1", "26.3.1.2", "usable LDTR with S = 1",
	  VMX_FEAT_ALWAYS, mut_ldtr, NULL, GFAIL, NULL, .p.seg = { LDT_SEL, 0x92, 0 } },
	{ "guest.ldtr.ar_not_present", "26.3.1.2", "usable LDTR with P = 0",
	  VMX_FEAT_ALWAYS, mut_ldtr, NULL, GFAIL, NULL, .p.seg = { LDT_SEL, 0x02, 0 } },
	{ "guest.ldtr.ar_reserved_11_8", "26.3.1.2", "usable LDTR with reserved bit 8 set",
	  VMX_FEAT_ALWAYS, mut_ldtr, NULL, GFAIL, NULL, .p.seg = { LDT_SEL, LDT_AR | 0x100, 0 } },
	{ "guest.ldtr.ar_reserved_31_17", "26.3.1.2", "usable LDTR with reserved bit 17 set",
	  VMX_FEAT_ALWAYS, mut_ldtr, NULL, GFAIL, NULL, .p.seg = { LDT_SEL, LDT_AR | 0x20000, 0 } },
	{ "guest.ldtr.valid", "26.3.1.2", "usable LDTR (type 2, present) enters: the twin of the LDTR rows",
	  VMX_FEAT_ALWAYS, mut_ldtr, NULL, EXPECT_OK, NULL, .p.seg = { LDT_SEL, LDT_AR, 0 } },

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
	{ "guest.rflags.vm_ia32e", "26.3.1.4", "RFLAGS.VM = 1 in an IA-32e guest (segments valid for virtual-8086)",
	  VMX_FEAT_ALWAYS, mut_vm_ia32e, NULL, GFAIL, NULL, { 0 } },
	{ "guest.rflags.if0_extint", "26.3.1.4", "external-interrupt injection with RFLAGS.IF = 0",
	  VMX_FEAT_ALWAYS, mut_extint_if0, NULL, GFAIL, NULL, { 0 } },

	/* 26.3.1.5 */
	{ "guest.activity.invalid", "26.3.1.5", "activity state 4 (not defined)",
	  VMX_FEAT_ALWAYS, ec_mut_write, NULL, GFAIL, NULL, W(GUEST_ACTIVITY_STATE, 4) },
	{ "guest.intr.reserved", "26.3.1.5", "interruptibility state reserved bit 5 set",
	  VMX_FEAT_ALWAYS, mut_intr, NULL, GFAIL, NULL, INTR(0x20, RFLAGS_IF, 0) },
	{ "guest.intr.sti_and_movss", "26.3.1.5", "blocking by STI and by MOV SS both set",
	  VMX_FEAT_ALWAYS, mut_intr, NULL, GFAIL, NULL, INTR(BLOCK_STI | BLOCK_MOVSS, RFLAGS_IF, 0) },
	{ "guest.intr.sti_with_if0", "26.3.1.5", "blocking by STI with RFLAGS.IF = 0",
	  VMX_FEAT_ALWAYS, mut_intr, NULL, GFAIL, NULL, INTR(BLOCK_STI, 0, 0) },
	{ "guest.intr.smi_outside_smm", "26.3.1.5", "blocking by SMI outside SMM",
	  VMX_FEAT_ALWAYS, mut_intr, NULL, GFAIL, NULL, INTR(BLOCK_SMI, RFLAGS_IF, 0) },
	{ "guest.intr.extint_sti", "26.3.1.5", "external-interrupt injection with blocking by STI",
	  VMX_FEAT_ALWAYS, mut_intr, NULL, GFAIL, NULL, INTR(BLOCK_STI, RFLAGS_IF, INJECT_EXTINT) },
	{ "guest.intr.extint_movss", "26.3.1.5", "external-interrupt injection with blocking by MOV SS",
	  VMX_FEAT_ALWAYS, mut_intr, NULL, GFAIL, NULL, INTR(BLOCK_MOVSS, RFLAGS_IF, INJECT_EXTINT) },
	{ "guest.intr.nmi_movss", "26.3.1.5", "NMI injection with blocking by MOV SS",
	  VMX_FEAT_ALWAYS, mut_intr, NULL, GFAIL, NULL, INTR(BLOCK_MOVSS, RFLAGS_IF, INJECT_NMI) },
	{ "guest.pending_dbg.bit4", "26.3.1.5", "pending debug exceptions reserved bit 4 set",
	  VMX_FEAT_ALWAYS, ec_mut_write, NULL, GFAIL, NULL, W(GUEST_PENDING_DBG_EXCEPTIONS, 0x10) },
	{ "guest.pending_dbg.bit20", "26.3.1.5", "pending debug exceptions reserved bit 20 set",
	  VMX_FEAT_ALWAYS, ec_mut_write, NULL, GFAIL, NULL, W(GUEST_PENDING_DBG_EXCEPTIONS, 1u << 20) },
	{ "guest.pending_dbg.bs_clear_tf", "26.3.1.5", "STI blocking with RFLAGS.TF = 1 but pending BS = 0",
	  VMX_FEAT_ALWAYS, mut_intr, NULL, GFAIL, NULL, INTR(BLOCK_STI, RFLAGS_IF | RFLAGS_TF, 0) },
	{ "guest.activity.hlt_timer", "26.3.1.5", "activity state HLT enters; the VMX-preemption timer ends the halt",
	  VMX_FEAT_PREEMPT_TIMER, mut_hlt, NULL, { .kind = OUTCOME_TIMEOUT, .code = 0, .qual = 0 }, NULL, { 0 } },
	{ "guest.pdpte.reserved", "26.3.1.6", "PAE guest (no EPT) with a reserved bit in PDPTE0: exit 33, qualification 2",
	  VMX_FEAT_ALWAYS, mut_pae, NULL, EXPECT_EXIT(EXIT_REASON_INVALID_GUEST_STATE, ENTRY_FAIL_QUAL_PDPTE), NULL, .p.which = PAE_PDPTE_RESERVED },
	{ "guest.pae.valid", "26.3.1.6", "PAE guest (no EPT) with not-present PDPTEs enters; its first fetch faults (#PF exit, qualification = RIP 0x1000)",
	  VMX_FEAT_ALWAYS, mut_pae, NULL, EXPECT_EXC_EXIT_Q(VEC_PF, 0x1000), NULL, .p.which = PAE_VALID },
	{ "guest.pae.pcide", "26.3.1.1", "IA-32e mode guest = 0 with CR4.PCIDE = 1",
	  VMX_FEAT_ALWAYS, mut_pae, NULL, GFAIL, NULL, .p.which = PAE_PCIDE },
	{ "guest.pae.rip_hi", "26.3.1.4", "IA-32e mode guest = 0 with RIP bits 63:32 not 0",
	  VMX_FEAT_ALWAYS, mut_pae, NULL, GFAIL, NULL, .p.which = PAE_RIP_HI },
	{ "guest.bndcfgs.reserved", "26.3.1.1", "load IA32_BNDCFGS: reserved bit 2 set",
	  VMX_FEAT_BNDCFGS, mut_bndcfgs, NULL, GFAIL, NULL, W(GUEST_IA32_BNDCFGS, 1u << 2) },
	{ "guest.bndcfgs.noncanonical", "26.3.1.1", "load IA32_BNDCFGS: bound-directory base not canonical",
	  VMX_FEAT_BNDCFGS, mut_bndcfgs, NULL, GFAIL, NULL, W(GUEST_IA32_BNDCFGS, ENTRY_NONCANONICAL) },
	{ "guest.link.unaligned", "26.3.1.5", "VMCS link pointer bits 11:0 not 0: exit qualification 4",
	  VMX_FEAT_ALWAYS, mut_link, NULL, LINK_FAIL, NULL, .p.which = LINK_UNALIGNED },
	{ "guest.link.too_wide", "26.3.1.5", "VMCS link pointer beyond the physical-address width: qualification 4",
	  VMX_FEAT_ALWAYS, mut_link, NULL, LINK_FAIL, NULL, .p.which = LINK_WIDE },
	{ "guest.link.bad_revision", "26.3.1.5", "VMCS link pointer to a region with a wrong revision id: qualification 4",
	  VMX_FEAT_ALWAYS, mut_link, NULL, LINK_FAIL, NULL, .p.which = LINK_BAD_REV },
	{ "guest.link.ordinary", "26.3.1.5", "VMCS link pointer to an ordinary VMCS, shadowing off: enters",
	  VMX_FEAT_ALWAYS, mut_link, NULL, EXPECT_OK, NULL, .p.which = LINK_ORDINARY },
	{ "guest.link.shadow_bit", "26.3.1.5", "VMCS link pointer to a region with bit 31 set, shadowing off: qualification 4",
	  VMX_FEAT_ALWAYS, mut_link, NULL, LINK_FAIL, NULL, .p.which = LINK_SHADOW_BIT },
	{ "guest.link.current", "26.3.1.5", "VMCS link pointer = the current-VMCS pointer (outside SMM): qualification 4",
	  VMX_FEAT_ALWAYS, mut_link, NULL, LINK_FAIL, NULL, .p.which = LINK_CURRENT },
};

ENTRY_GROUP(entry_group_guest, "guest", cases, 40);
