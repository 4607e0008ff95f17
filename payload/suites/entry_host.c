/** @file
 * Entry-suite cases: checks on the host-state area (SDM Vol. 3 §26.2.2 host
 * control registers and MSRs, §26.2.3 host segment and descriptor-table
 * registers, §26.2.4 address-space size). A failed check gives VMfailValid
 * with error 8 ("VM entry with invalid host-state field(s)").
 */
#include "suites/entry.h"
#include "platform/cpu.h"

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
	ec_set(c, (uint32_t)c->k->arg, bad & -bad);
}

static void mut_selector(struct entry_ctx *c)
{
	uint32_t enc = (uint32_t)(c->k->arg >> 48);
	uint64_t v = ec_read(c, enc);

	/* RPL (bits 1:0) or TI (bit 2) set: illegal even in a null selector. */
	ec_write(c, enc, v | (c->k->arg & 7));
}

static void mut_null(struct entry_ctx *c)
{
	ec_write(c, (uint32_t)c->k->arg, 0);
}

static void mut_host_addr_size0(struct entry_ctx *c)
{
	/* The payload runs in IA-32e mode: host address-space size must be 1 (26.2.4). */
	ec_disable(c, VMX_KIND_EXIT, VM_EXIT_HOST_ADDR_SPACE_SIZE);
}

static void mut_host_pat(struct entry_ctx *c)
{
	if (!ec_enable(c, VMX_KIND_EXIT, VM_EXIT_LOAD_IA32_PAT))
		return;
	/* PA0 memory type 2 (reserved); arg 1: type 3 (reserved) in PA7 */
	ec_write(c, HOST_IA32_PAT, c->k->arg ? 0x0307040600070406ull : 0x0007040600070402ull);
}

static void mut_host_efer(struct entry_ctx *c)
{
	uint64_t efer = rdmsr(MSR_IA32_EFER);

	if (!ec_enable(c, VMX_KIND_EXIT, VM_EXIT_LOAD_IA32_EFER))
		return;
	switch (c->k->arg) {
	case 0: efer |= 1u << 2; break;           /* reserved bit */
	case 1: efer &= ~(1ull << 10); break;     /* LMA != host address-space size */
	case 2: efer &= ~(1ull << 8); break;      /* LME != host address-space size */
	case 3: break;                            /* valid */
	}
	ec_write(c, HOST_IA32_EFER, efer);
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

/* Load CET state on exit, host CET fields valid, then arg breaks one (26.2.2). */
static void mut_host_cet(struct entry_ctx *c)
{
	ec_mut_cet(c, VMX_KIND_EXIT, VM_EXIT_LOAD_CET_STATE, HOST_IA32_S_CET, HOST_SSP,
		   HOST_IA32_INTERRUPT_SSP_TABLE_ADDR);
}

static const struct entry_case cases[] = {
	{ "host.cr0.pg_clear", "26.2.2", "HOST_CR0.PG = 0 (fixed to 1 in VMX operation)",
	  VMX_FEAT_ALWAYS, ec_mut_andnot, NULL, EXPECT_HOST_FAIL, NULL, ENTRY_ARG(HOST_CR0, 1ull << 31) },
	{ "host.cr0.pe_clear", "26.2.2", "HOST_CR0.PE = 0",
	  VMX_FEAT_ALWAYS, ec_mut_andnot, NULL, EXPECT_HOST_FAIL, NULL, ENTRY_ARG(HOST_CR0, 1) },
	{ "host.cr0.ne_clear", "26.2.2", "HOST_CR0.NE = 0",
	  VMX_FEAT_ALWAYS, ec_mut_andnot, NULL, EXPECT_HOST_FAIL, NULL, ENTRY_ARG(HOST_CR0, 1u << 5) },
	{ "host.cr0.bit32", "26.2.2", "HOST_CR0 bit 32 set (reserved, not allowed by CR0_FIXED1)",
	  VMX_FEAT_ALWAYS, ec_mut_or, NULL, EXPECT_HOST_FAIL, NULL, ENTRY_ARG(HOST_CR0, 1ull << 32) },
	{ "host.cr4.vmxe_clear", "26.2.2", "HOST_CR4.VMXE = 0",
	  VMX_FEAT_ALWAYS, ec_mut_andnot, NULL, EXPECT_HOST_FAIL, NULL, ENTRY_ARG(HOST_CR4, 1u << 13) },
	{ "host.cr4.pae_clear", "26.2.4", "HOST_CR4.PAE = 0 with host address-space size = 1",
	  VMX_FEAT_ALWAYS, ec_mut_andnot, NULL, EXPECT_HOST_FAIL, NULL, ENTRY_ARG(HOST_CR4, 1u << 5) },
	{ "host.cr4.reserved", "26.2.2", "HOST_CR4 sets a bit CR4_FIXED1 forbids",
	  VMX_FEAT_ALWAYS, mut_cr4_reserved, NULL, EXPECT_HOST_FAIL, NULL, HOST_CR4 },
	{ "host.cr3.too_wide", "26.2.2", "HOST_CR3 sets a bit beyond the physical-address width",
	  VMX_FEAT_ALWAYS, mut_cr3_wide, NULL, EXPECT_HOST_FAIL, NULL, 0 },
	{ "host.sysenter_esp.noncanonical", "26.2.2", "HOST_IA32_SYSENTER_ESP not canonical",
	  VMX_FEAT_ALWAYS, ec_mut_noncanon, NULL, EXPECT_HOST_FAIL, NULL, ENTRY_ARG(HOST_IA32_SYSENTER_ESP, 0) },
	{ "host.sysenter_eip.noncanonical", "26.2.2", "HOST_IA32_SYSENTER_EIP not canonical",
	  VMX_FEAT_ALWAYS, ec_mut_noncanon, NULL, EXPECT_HOST_FAIL, NULL, ENTRY_ARG(HOST_IA32_SYSENTER_EIP, 0) },
	{ "host.perf_global.reserved", "26.2.2", "load IA32_PERF_GLOBAL_CTRL: reserved bit 63 set",
	  VMX_FEAT_PERF_GLOBAL_HOST, mut_host_perf, NULL, EXPECT_HOST_FAIL, NULL, 0 },
	{ "host.pat.type2", "26.2.2", "load IA32_PAT: PA0 memory type 2 (reserved)",
	  VMX_FEAT_PAT_HOST, mut_host_pat, NULL, EXPECT_HOST_FAIL, NULL, 0 },
	{ "host.pat.type3", "26.2.2", "load IA32_PAT: PA7 memory type 3 (reserved)",
	  VMX_FEAT_PAT_HOST, mut_host_pat, NULL, EXPECT_HOST_FAIL, NULL, 1 },
	{ "host.efer.reserved", "26.2.2", "load IA32_EFER: reserved bit 2 set",
	  VMX_FEAT_EFER_HOST, mut_host_efer, NULL, EXPECT_HOST_FAIL, NULL, 0 },
	{ "host.efer.lma", "26.2.2", "load IA32_EFER: LMA differs from host address-space size",
	  VMX_FEAT_EFER_HOST, mut_host_efer, NULL, EXPECT_HOST_FAIL, NULL, 1 },
	{ "host.efer.lme", "26.2.2", "load IA32_EFER: LME differs from host address-space size",
	  VMX_FEAT_EFER_HOST, mut_host_efer, NULL, EXPECT_HOST_FAIL, NULL, 2 },
	{ "host.efer.valid", "26.2.2", "load IA32_EFER with the live value enters",
	  VMX_FEAT_EFER_HOST, mut_host_efer, NULL, EXPECT_OK, NULL, 3 },
	{ "host.es.rpl", "26.2.3", "HOST_ES_SELECTOR RPL = 1",
	  VMX_FEAT_ALWAYS, mut_selector, NULL, EXPECT_HOST_FAIL, NULL, ENTRY_ARG(HOST_ES_SELECTOR, 0x101) },
	{ "host.cs.rpl", "26.2.3", "HOST_CS_SELECTOR RPL = 3",
	  VMX_FEAT_ALWAYS, mut_selector, NULL, EXPECT_HOST_FAIL, NULL, ENTRY_ARG(HOST_CS_SELECTOR, 3) },
	{ "host.ss.ti", "26.2.3", "HOST_SS_SELECTOR TI = 1",
	  VMX_FEAT_ALWAYS, mut_selector, NULL, EXPECT_HOST_FAIL, NULL, ENTRY_ARG(HOST_SS_SELECTOR, 0x104) },
	{ "host.ds.rpl", "26.2.3", "HOST_DS_SELECTOR RPL = 2",
	  VMX_FEAT_ALWAYS, mut_selector, NULL, EXPECT_HOST_FAIL, NULL, ENTRY_ARG(HOST_DS_SELECTOR, 0x102) },
	{ "host.fs.ti", "26.2.3", "HOST_FS_SELECTOR TI = 1",
	  VMX_FEAT_ALWAYS, mut_selector, NULL, EXPECT_HOST_FAIL, NULL, ENTRY_ARG(HOST_FS_SELECTOR, 0x104) },
	{ "host.gs.rpl", "26.2.3", "HOST_GS_SELECTOR RPL = 1",
	  VMX_FEAT_ALWAYS, mut_selector, NULL, EXPECT_HOST_FAIL, NULL, ENTRY_ARG(HOST_GS_SELECTOR, 0x101) },
	{ "host.tr.ti", "26.2.3", "HOST_TR_SELECTOR TI = 1",
	  VMX_FEAT_ALWAYS, mut_selector, NULL, EXPECT_HOST_FAIL, NULL, ENTRY_ARG(HOST_TR_SELECTOR, 4) },
	{ "host.cs.null", "26.2.3", "HOST_CS_SELECTOR null",
	  VMX_FEAT_ALWAYS, mut_null, NULL, EXPECT_HOST_FAIL, NULL, HOST_CS_SELECTOR },
	{ "host.tr.null", "26.2.3", "HOST_TR_SELECTOR null",
	  VMX_FEAT_ALWAYS, mut_null, NULL, EXPECT_HOST_FAIL, NULL, HOST_TR_SELECTOR },
	{ "host.ss.null_64bit", "26.2.3", "HOST_SS_SELECTOR null is legal with host address-space size = 1",
	  VMX_FEAT_ALWAYS, mut_host_ss_null, NULL, EXPECT_OK, NULL, 0 },
	{ "host.fs_base.noncanonical", "26.2.3", "HOST_FS_BASE not canonical",
	  VMX_FEAT_ALWAYS, ec_mut_noncanon, NULL, EXPECT_HOST_FAIL, NULL, ENTRY_ARG(HOST_FS_BASE, 0) },
	{ "host.gs_base.noncanonical", "26.2.3", "HOST_GS_BASE not canonical",
	  VMX_FEAT_ALWAYS, ec_mut_noncanon, NULL, EXPECT_HOST_FAIL, NULL, ENTRY_ARG(HOST_GS_BASE, 0) },
	{ "host.tr_base.noncanonical", "26.2.3", "HOST_TR_BASE not canonical",
	  VMX_FEAT_ALWAYS, ec_mut_noncanon, NULL, EXPECT_HOST_FAIL, NULL, ENTRY_ARG(HOST_TR_BASE, 0) },
	{ "host.gdtr_base.noncanonical", "26.2.3", "HOST_GDTR_BASE not canonical",
	  VMX_FEAT_ALWAYS, ec_mut_noncanon, NULL, EXPECT_HOST_FAIL, NULL, ENTRY_ARG(HOST_GDTR_BASE, 0) },
	{ "host.idtr_base.noncanonical", "26.2.3", "HOST_IDTR_BASE not canonical",
	  VMX_FEAT_ALWAYS, ec_mut_noncanon, NULL, EXPECT_HOST_FAIL, NULL, ENTRY_ARG(HOST_IDTR_BASE, 0) },
	{ "host.rip.noncanonical", "26.2.4", "HOST_RIP not canonical (host address-space size = 1)",
	  VMX_FEAT_ALWAYS, ec_mut_noncanon, NULL, EXPECT_HOST_FAIL, NULL, ENTRY_ARG(HOST_RIP, 0) },
	{ "host.addr_size.zero_in_ia32e", "26.2.4", "host address-space size = 0 while the CPU is in IA-32e mode",
	  VMX_FEAT_ALWAYS, mut_host_addr_size0, NULL, EXPECT_HOST_FAIL, NULL, 0 },
	{ "host.cet.valid", "26.2.2", "load CET state on exit with zero CET fields enters",
	  VMX_FEAT_CET_HOST, mut_host_cet, NULL, EXPECT_OK, NULL, 0 },
	{ "host.cet.s_cet_reserved", "26.2.2", "load CET state: HOST_IA32_S_CET reserved bit 6 set",
	  VMX_FEAT_CET_HOST, mut_host_cet, NULL, EXPECT_HOST_FAIL, NULL, 1 },
	{ "host.cet.s_cet_suppress_tracker", "26.2.2", "load CET state: HOST_IA32_S_CET SUPPRESS and TRACKER both 1",
	  VMX_FEAT_CET_HOST, mut_host_cet, NULL, EXPECT_HOST_FAIL, NULL, 2 },
	{ "host.cet.s_cet_noncanonical", "26.2.4", "load CET state: HOST_IA32_S_CET not canonical",
	  VMX_FEAT_CET_HOST, mut_host_cet, NULL, EXPECT_HOST_FAIL, NULL, 3 },
	{ "host.cet.ssp_noncanonical", "26.2.4", "load CET state: HOST_SSP not canonical",
	  VMX_FEAT_CET_HOST, mut_host_cet, NULL, EXPECT_HOST_FAIL, NULL, 4 },
	{ "host.cet.ssp_table_noncanonical", "26.2.2", "load CET state: HOST_IA32_INTERRUPT_SSP_TABLE_ADDR not canonical",
	  VMX_FEAT_CET_HOST, mut_host_cet, NULL, EXPECT_HOST_FAIL, NULL, 5 },
};

ENTRY_GROUP(entry_group_host, "host", cases, 30);
