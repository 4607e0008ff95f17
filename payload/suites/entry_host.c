/** @file
 * Entry-suite cases: checks on the host-state area (SDM Vol. 3 §26.2.2 host
 * control registers and MSRs, §26.2.3 host segment and descriptor-table
 * registers, §26.2.4 address-space size). A failed check gives VMfailValid
 * with error 8 ("VM entry with invalid host-state field(s)").
 */
#include "suites/entry.h"
#include "platform/cpu.h"

#define W(enc, v) ENTRY_W(enc, v)

static void mut_cr3_wide(struct entry_ctx *c)
{
	ec_write(c, HOST_CR3, ec_read(c, HOST_CR3) | (1ull << ec_maxphyaddr()));
}

static void mut_cr4_reserved(struct entry_ctx *c)
{
	/* A CR4 bit IA32_VMX_CR4_FIXED1 says must be 0 (A.8). */
	uint64_t bad = ~c->caps->cr4_fixed1 & 0xffffffffull;

	if (!bad) {
		ec_skip(c, "every low CR4 bit may be 1");
		return;
	}
	ec_set(c, c->k->p.w.field, bad & -bad);
}

/* The row's field = 0. */
static void mut_null(struct entry_ctx *c)
{
	ec_write(c, c->k->p.w.field, 0);
}

/* Selector bits for the selector rows: RPL (bits 1:0) or TI (bit 2) set is
 * illegal even in a null selector; the rows OR them in (ec_mut_or). */
#define SEL_RPL(n) (n)
#define SEL_TI 4u

static void mut_host_addr_size0(struct entry_ctx *c)
{
	/*
	 * The payload runs in IA-32e mode: host address-space size must be 1
	 * (26.2.4). Size 0 also needs "IA-32e mode guest" 0, host CR4.PCIDE 0
	 * and host RIP below 4 GiB, and a loaded host EFER with LMA = LME = 0:
	 * all kept, so that only the rule named breaks.
	 */
	if (ec_read(c, HOST_RIP) >> 32) {
		ec_skip(c, "the payload's exit handler lies above 4 GiB: a 32-bit host RIP cannot name it");
		return;
	}
	if (!ec_guest_legacy32(c))
		return;
	ec_clear(c, HOST_CR4, CR4_PCIDE);
	if (ec_read(c, VM_EXIT_CONTROLS) & VM_EXIT_LOAD_IA32_EFER)
		ec_clear(c, HOST_IA32_EFER, EFER_LMA | EFER_LME);
	ec_disable(c, VMX_KIND_EXIT, VM_EXIT_HOST_ADDR_SPACE_SIZE);
}

/* Load IA32_PAT on exit with the row's value. */
static void mut_host_pat(struct entry_ctx *c)
{
	if (ec_enable(c, VMX_KIND_EXIT, VM_EXIT_LOAD_IA32_PAT))
		ec_mut_write(c);
}

/* Load the live IA32_EFER on exit with the row's bits set and cleared. */
static void mut_host_efer(struct entry_ctx *c)
{
	uint64_t efer = rdmsr(MSR_IA32_EFER);

	if (ec_enable(c, VMX_KIND_EXIT, VM_EXIT_LOAD_IA32_EFER))
		ec_write(c, HOST_IA32_EFER, (efer & ~c->k->p.mask.clear) | c->k->p.mask.set);
}

/* Host CR4.CET 1 with CR0.WP 0 (no twin: a successful entry would leave CR4.CET on in the host). */
static void mut_host_cet_wp(struct entry_ctx *c)
{
	if (!(c->caps->cr4_fixed1 & CR4_CET)) {
		ec_skip(c, "IA32_VMX_CR4_FIXED1 does not allow CR4.CET = 1");
		return;
	}
	if (c->caps->cr0_fixed0 & CR0_WP) {
		ec_skip(c, "IA32_VMX_CR0_FIXED0 fixes CR0.WP to 1");
		return;
	}
	ec_set(c, HOST_CR4, CR4_CET);
	ec_clear(c, HOST_CR0, CR0_WP);
}

static void mut_host_pkrs(struct entry_ctx *c)
{
	if (ec_enable(c, VMX_KIND_EXIT, VM_EXIT_LOAD_IA32_PKRS))
		ec_mut_write(c);
}

static void mut_host_perf(struct entry_ctx *c)
{
	if (ec_enable(c, VMX_KIND_EXIT, VM_EXIT_LOAD_IA32_PERF_GLOBAL_CTRL))
		ec_write(c, HOST_IA32_PERF_GLOBAL_CTRL, 1ull << 63);
}

static void mut_host_ss_null(struct entry_ctx *c)
{
	ec_write(c, HOST_SS_SELECTOR, 0);
}

/* Load CET state on exit with the row's host CET fields (26.2.2). */
static void mut_host_cet(struct entry_ctx *c)
{
	ec_mut_cet(c, VMX_KIND_EXIT, VM_EXIT_LOAD_CET_STATE, HOST_IA32_S_CET, HOST_SSP,
		   HOST_IA32_INTERRUPT_SSP_TABLE_ADDR);
}

static const struct entry_case cases[] = {
	{ "host.cr0.pg_clear", "26.2.2", "HOST_CR0.PG = 0 (fixed to 1 in VMX operation)",
	  VMX_FEAT_ALWAYS, ec_mut_andnot, NULL, EXPECT_HOST_FAIL, NULL, W(HOST_CR0, CR0_PG) },
	{ "host.cr0.pe_clear", "26.2.2", "HOST_CR0.PE = 0",
	  VMX_FEAT_ALWAYS, ec_mut_andnot, NULL, EXPECT_HOST_FAIL, NULL, W(HOST_CR0, CR0_PE) },
	{ "host.cr0.ne_clear", "26.2.2", "HOST_CR0.NE = 0",
	  VMX_FEAT_ALWAYS, ec_mut_andnot, NULL, EXPECT_HOST_FAIL, NULL, W(HOST_CR0, CR0_NE) },
	{ "host.cr0.bit32", "26.2.2", "HOST_CR0 bit 32 set (reserved, not allowed by CR0_FIXED1)",
	  VMX_FEAT_ALWAYS, ec_mut_or, NULL, EXPECT_HOST_FAIL, NULL, W(HOST_CR0, 1ull << 32) },
	{ "host.cr4.vmxe_clear", "26.2.2", "HOST_CR4.VMXE = 0",
	  VMX_FEAT_ALWAYS, ec_mut_andnot, NULL, EXPECT_HOST_FAIL, NULL, W(HOST_CR4, CR4_VMXE) },
	{ "host.cr4.pae_clear", "26.2.4", "HOST_CR4.PAE = 0 with host address-space size = 1",
	  VMX_FEAT_ALWAYS, ec_mut_andnot, NULL, EXPECT_HOST_FAIL, NULL, W(HOST_CR4, CR4_PAE) },
	{ "host.cr4.reserved", "26.2.2", "HOST_CR4 sets a bit CR4_FIXED1 forbids",
	  VMX_FEAT_ALWAYS, mut_cr4_reserved, NULL, EXPECT_HOST_FAIL, NULL, .p.w.field = HOST_CR4 },
	{ "host.cr3.too_wide", "26.2.2", "HOST_CR3 sets a bit beyond the physical-address width",
	  VMX_FEAT_ALWAYS, mut_cr3_wide, NULL, EXPECT_HOST_FAIL, NULL, { 0 } },
	{ "host.sysenter_esp.noncanonical", "26.2.2", "HOST_IA32_SYSENTER_ESP not canonical",
	  VMX_FEAT_ALWAYS, ec_mut_noncanon, NULL, EXPECT_HOST_FAIL, NULL, W(HOST_IA32_SYSENTER_ESP, 0) },
	{ "host.sysenter_eip.noncanonical", "26.2.2", "HOST_IA32_SYSENTER_EIP not canonical",
	  VMX_FEAT_ALWAYS, ec_mut_noncanon, NULL, EXPECT_HOST_FAIL, NULL, W(HOST_IA32_SYSENTER_EIP, 0) },
	{ "host.perf_global.reserved", "26.2.2", "load IA32_PERF_GLOBAL_CTRL: reserved bit 63 set",
	  VMX_FEAT_PERF_GLOBAL_HOST, mut_host_perf, NULL, EXPECT_HOST_FAIL, NULL, { 0 } },
	{ "host.pat.type2", "26.2.2", "load IA32_PAT: PA0 memory type 2 (reserved)",
	  VMX_FEAT_PAT_HOST, mut_host_pat, NULL, EXPECT_HOST_FAIL, NULL, W(HOST_IA32_PAT, 0x0007040600070402ull) },
	{ "host.pat.type3", "26.2.2", "load IA32_PAT: PA7 memory type 3 (reserved)",
	  VMX_FEAT_PAT_HOST, mut_host_pat, NULL, EXPECT_HOST_FAIL, NULL, W(HOST_IA32_PAT, 0x0307040600070406ull) },
	{ "host.efer.reserved", "26.2.2", "load IA32_EFER: reserved bit 2 set",
	  VMX_FEAT_EFER_HOST, mut_host_efer, NULL, EXPECT_HOST_FAIL, NULL, .p.mask = { .set = 1u << 2 } },
	{ "host.efer.lma", "26.2.2", "load IA32_EFER: LMA differs from host address-space size",
	  VMX_FEAT_EFER_HOST, mut_host_efer, NULL, EXPECT_HOST_FAIL, NULL, .p.mask = { .clear = EFER_LMA } },
	{ "host.efer.lme", "26.2.2", "load IA32_EFER: LME differs from host address-space size",
	  VMX_FEAT_EFER_HOST, mut_host_efer, NULL, EXPECT_HOST_FAIL, NULL, .p.mask = { .clear = EFER_LME } },
	{ "host.efer.valid", "26.2.2", "load IA32_EFER with the live value enters",
	  VMX_FEAT_EFER_HOST, mut_host_efer, NULL, EXPECT_OK, NULL, { 0 } },
	{ "host.es.rpl", "26.2.3", "HOST_ES_SELECTOR RPL = 1",
	  VMX_FEAT_ALWAYS, ec_mut_or, NULL, EXPECT_HOST_FAIL, NULL, W(HOST_ES_SELECTOR, SEL_RPL(1)) },
	{ "host.cs.rpl", "26.2.3", "HOST_CS_SELECTOR RPL = 3",
	  VMX_FEAT_ALWAYS, ec_mut_or, NULL, EXPECT_HOST_FAIL, NULL, W(HOST_CS_SELECTOR, SEL_RPL(3)) },
	{ "host.ss.ti", "26.2.3", "HOST_SS_SELECTOR TI = 1",
	  VMX_FEAT_ALWAYS, ec_mut_or, NULL, EXPECT_HOST_FAIL, NULL, W(HOST_SS_SELECTOR, SEL_TI) },
	{ "host.ds.rpl", "26.2.3", "HOST_DS_SELECTOR RPL = 2",
	  VMX_FEAT_ALWAYS, ec_mut_or, NULL, EXPECT_HOST_FAIL, NULL, W(HOST_DS_SELECTOR, SEL_RPL(2)) },
	{ "host.fs.ti", "26.2.3", "HOST_FS_SELECTOR TI = 1",
	  VMX_FEAT_ALWAYS, ec_mut_or, NULL, EXPECT_HOST_FAIL, NULL, W(HOST_FS_SELECTOR, SEL_TI) },
	{ "host.gs.rpl", "26.2.3", "HOST_GS_SELECTOR RPL = 1",
	  VMX_FEAT_ALWAYS, ec_mut_or, NULL, EXPECT_HOST_FAIL, NULL, W(HOST_GS_SELECTOR, SEL_RPL(1)) },
	{ "host.tr.ti", "26.2.3", "HOST_TR_SELECTOR TI = 1",
	  VMX_FEAT_ALWAYS, ec_mut_or, NULL, EXPECT_HOST_FAIL, NULL, W(HOST_TR_SELECTOR, SEL_TI) },
	{ "host.cs.null", "26.2.3", "HOST_CS_SELECTOR null",
	  VMX_FEAT_ALWAYS, mut_null, NULL, EXPECT_HOST_FAIL, NULL, .p.w.field = HOST_CS_SELECTOR },
	{ "host.tr.null", "26.2.3", "HOST_TR_SELECTOR null",
	  VMX_FEAT_ALWAYS, mut_null, NULL, EXPECT_HOST_FAIL, NULL, .p.w.field = HOST_TR_SELECTOR },
	{ "host.ss.null_64bit", "26.2.3", "HOST_SS_SELECTOR null is legal with host address-space size = 1",
	  VMX_FEAT_ALWAYS, mut_host_ss_null, NULL, EXPECT_OK, NULL, { 0 } },
	{ "host.fs_base.noncanonical", "26.2.3", "HOST_FS_BASE not canonical",
	  VMX_FEAT_ALWAYS, ec_mut_noncanon, NULL, EXPECT_HOST_FAIL, NULL, W(HOST_FS_BASE, 0) },
	{ "host.gs_base.noncanonical", "26.2.3", "HOST_GS_BASE not canonical",
	  VMX_FEAT_ALWAYS, ec_mut_noncanon, NULL, EXPECT_HOST_FAIL, NULL, W(HOST_GS_BASE, 0) },
	{ "host.tr_base.noncanonical", "26.2.3", "HOST_TR_BASE not canonical",
	  VMX_FEAT_ALWAYS, ec_mut_noncanon, NULL, EXPECT_HOST_FAIL, NULL, W(HOST_TR_BASE, 0) },
	{ "host.gdtr_base.noncanonical", "26.2.3", "HOST_GDTR_BASE not canonical",
	  VMX_FEAT_ALWAYS, ec_mut_noncanon, NULL, EXPECT_HOST_FAIL, NULL, W(HOST_GDTR_BASE, 0) },
	{ "host.idtr_base.noncanonical", "26.2.3", "HOST_IDTR_BASE not canonical",
	  VMX_FEAT_ALWAYS, ec_mut_noncanon, NULL, EXPECT_HOST_FAIL, NULL, W(HOST_IDTR_BASE, 0) },
	{ "host.rip.noncanonical", "26.2.4", "HOST_RIP not canonical (host address-space size = 1)",
	  VMX_FEAT_ALWAYS, ec_mut_noncanon, NULL, EXPECT_HOST_FAIL, NULL, W(HOST_RIP, 0) },
	{ "host.addr_size.zero_in_ia32e", "26.2.4", "host address-space size = 0 while the CPU is in IA-32e mode",
	  VMX_FEAT_ALWAYS, mut_host_addr_size0, NULL, EXPECT_HOST_FAIL, NULL, { 0 } },
	{ "host.cr4.cet_without_wp", "26.2.2", "HOST_CR4.CET 1 with HOST_CR0.WP 0",
	  VMX_FEAT_ALWAYS, mut_host_cet_wp, ec_act_keep_crs, EXPECT_HOST_FAIL, NULL, { 0 } },
	{ "host.pkrs.bits63_32", "26.2.2", "load IA32_PKRS on exit: bit 32 set",
	  VMX_FEAT_PKRS_HOST, mut_host_pkrs, NULL, EXPECT_HOST_FAIL, NULL, W(HOST_IA32_PKRS, 1ull << 32) },
	{ "host.pkrs.valid", "26.2.2", "load IA32_PKRS on exit with 0 enters (twin)",
	  VMX_FEAT_PKRS_HOST, mut_host_pkrs, NULL, EXPECT_OK, NULL, W(HOST_IA32_PKRS, 0) },
	{ "host.cet.valid", "26.2.2", "load CET state on exit with zero CET fields enters",
	  VMX_FEAT_CET_HOST, mut_host_cet, NULL, EXPECT_OK, NULL, { 0 } },
	{ "host.cet.s_cet_reserved", "26.2.2", "load CET state: HOST_IA32_S_CET reserved bit 6 set",
	  VMX_FEAT_CET_HOST, mut_host_cet, NULL, EXPECT_HOST_FAIL, NULL, .p.cet = { .s_cet = CET_S_RESERVED6 } },
	{ "host.cet.s_cet_suppress_tracker", "26.2.2", "load CET state: HOST_IA32_S_CET SUPPRESS and TRACKER both 1",
	  VMX_FEAT_CET_HOST, mut_host_cet, NULL, EXPECT_HOST_FAIL, NULL, .p.cet = { .s_cet = CET_SUPPRESS | CET_TRACKER } },
	{ "host.cet.s_cet_noncanonical", "26.2.4", "load CET state: HOST_IA32_S_CET not canonical",
	  VMX_FEAT_CET_HOST, mut_host_cet, NULL, EXPECT_HOST_FAIL, NULL, .p.cet = { .s_cet = ENTRY_NONCANONICAL } },
	{ "host.cet.ssp_noncanonical", "26.2.4", "load CET state: HOST_SSP not canonical",
	  VMX_FEAT_CET_HOST, mut_host_cet, NULL, EXPECT_HOST_FAIL, NULL, .p.cet = { .ssp = ENTRY_NONCANONICAL } },
	{ "host.cet.ssp_table_noncanonical", "26.2.2", "load CET state: HOST_IA32_INTERRUPT_SSP_TABLE_ADDR not canonical",
	  VMX_FEAT_CET_HOST, mut_host_cet, NULL, EXPECT_HOST_FAIL, NULL, .p.cet = { .ssp_table = ENTRY_NONCANONICAL } },
};

ENTRY_GROUP(entry_group_host, "host", cases, 30);
