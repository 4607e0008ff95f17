/** @file
 * Exits suite: instructions that exit (SDM Vol. 3C §25.1.2 unconditionally,
 * §25.1.3 by a VM-execution control), their exit reasons (Appendix C),
 * instruction lengths (§27.2.4), qualifications (§27.2.1) and instruction
 * information (§27.2.5); and what the guest reads from the TSC without
 * "RDTSC exiting" (§25.3: TSC offsetting and scaling).
 */
#include "suites/exits.h"
#include "platform/cpu.h"

EXITS_SNIPPET(cpuid); EXITS_SNIPPET(hlt); EXITS_SNIPPET(invlpg_rax);
EXITS_SNIPPET(invlpg_disp); EXITS_SNIPPET(invlpg_sib); EXITS_SNIPPET(rdtsc);
EXITS_SNIPPET(rdtscp); EXITS_SNIPPET(rdtsc_keep); EXITS_SNIPPET(rdtscp_keep);
EXITS_SNIPPET(invd); EXITS_SNIPPET(wbinvd); EXITS_SNIPPET(pause); EXITS_SNIPPET(monitor);
EXITS_SNIPPET(mwait); EXITS_SNIPPET(xsetbv); EXITS_SNIPPET(vmcall); EXITS_SNIPPET(rdpmc);
EXITS_SNIPPET(rdrand); EXITS_SNIPPET(rdseed); EXITS_SNIPPET(vmxoff); EXITS_SNIPPET(vmlaunch);
EXITS_SNIPPET(vmresume); EXITS_SNIPPET(vmptrst); EXITS_SNIPPET(vmptrst_disp);
EXITS_SNIPPET(vmptrld_rbp); EXITS_SNIPPET(vmclear_sib); EXITS_SNIPPET(vmxon);
EXITS_SNIPPET(vmread); EXITS_SNIPPET(vmwrite); EXITS_SNIPPET(invept); EXITS_SNIPPET(invvpid);

/* Exceptions in the exit interruption information (§24.9.2): valid, hardware exception. */
#define INTR_UD 0x80000306u

static bool cpuid_bit(uint32_t leaf, uint32_t sub, int reg, unsigned bit)
{
	struct cpuid_regs r = cpuid(0, 0);

	if ((leaf < 0x80000000u && r.eax < leaf) ||
	    (leaf >= 0x80000000u && cpuid(0x80000000u, 0).eax < leaf))
		return false;
	r = cpuid(leaf, sub);
	return ((reg == 0 ? r.eax : reg == 1 ? r.ebx : reg == 2 ? r.ecx : r.edx) >> bit) & 1;
}

/** Expect #UD through the exception bitmap (the instruction does not exist on this CPU). */
static void expect_ud(struct exits_ctx *c)
{
	xc_expect(c, EXIT_REASON_EXCEPTION_NMI, XCHK_INTR);
	c->e.intr = INTR_UD;
}

/* CPUID: unconditional (§25.1.2), length 2. */
static void su_cpuid(struct exits_ctx *c)
{
	c->regs.rax = c->k->p.value >> 32;
	c->regs.rcx = (uint32_t)c->k->p.value;
	xc_expect(c, EXIT_REASON_CPUID, XCHK_LEN);
}

/* One processor-based control makes the instruction exit, with its length. */
static void su_proc(struct exits_ctx *c)
{
	xc_enable(c, VMX_KIND_PROC, 1ull << (c->k->p.value >> 8));
	xc_expect(c, (uint32_t)c->k->p.value & 0xff, XCHK_LEN);
}

/* Unconditional exits with their length (VMCALL, INVD, VMX instructions without memory). */
static void su_uncond(struct exits_ctx *c)
{
	c->regs.rax = 0x1234; /* not the call-back command */
	xc_expect(c, (uint32_t)c->k->p.value, XCHK_LEN);
}

static void su_hlt(struct exits_ctx *c)
{
	if (!c->watchdog)
		xc_skip(c, "no VMX-preemption timer: a HLT that does not exit would never come back");
	xc_enable(c, VMX_KIND_PROC, CPU_BASED_HLT_EXITING);
	xc_expect(c, EXIT_REASON_HLT, XCHK_LEN);
}

/* INVLPG: qualification = the linear address of the operand (§27.2.1). */
static void su_invlpg(struct exits_ctx *c)
{
	c->regs.rax = 0x123000;
	c->regs.rbx = 0x200000;
	c->regs.r12 = 0x300000;
	c->regs.rcx = 0x4;
	xc_enable(c, VMX_KIND_PROC, CPU_BASED_INVLPG_EXITING);
	xc_expect(c, EXIT_REASON_INVLPG, XCHK_LEN | XCHK_QUAL);
	c->e.qual = c->k->p.value;
}

static void su_rdtscp(struct exits_ctx *c)
{
	xc_enable(c, VMX_KIND_PROC, CPU_BASED_RDTSC_EXITING);
	xc_enable(c, VMX_KIND_PROC2, SECONDARY_EXEC_ENABLE_RDTSCP);
	xc_expect(c, EXIT_REASON_RDTSCP, XCHK_LEN);
}

/* RDTSCP with "enable RDTSCP" 0 raises #UD (§25.3). */
static void su_rdtscp_ud(struct exits_ctx *c)
{
	xc_disable(c, VMX_KIND_PROC2, SECONDARY_EXEC_ENABLE_RDTSCP);
	expect_ud(c);
}

/*
 * Without RDTSC exiting, the guest reads TSC * multiplier / 2^48 + offset
 * (§25.3). Offset 2^50 (and multiplier 3.0 with scaling) lies far outside
 * any TSC the host can see, so the window [before, after] mapped through the
 * same formula tells the three cases apart.
 */
#define TSC_OFFSET_VALUE (1ull << 50)
#define TSC_MULT_3 (3ull << 48)

static void su_tsc(struct exits_ctx *c)
{
	bool scale = c->k->p.which & 1, tscp = c->k->p.which & 2;

	if (tscp && !cpuid_bit(0x80000001u, 0, 3, 27))
		xc_skip(c, "CPU lacks RDTSCP (CPUID.80000001H:EDX[27])");
	xc_disable(c, VMX_KIND_PROC, CPU_BASED_RDTSC_EXITING);
	xc_enable(c, VMX_KIND_PROC, CPU_BASED_USE_TSC_OFFSETTING);
	xc_write(c, TSC_OFFSET, TSC_OFFSET_VALUE);
	if (tscp)
		xc_enable(c, VMX_KIND_PROC2, SECONDARY_EXEC_ENABLE_RDTSCP);
	if (scale) {
		xc_enable(c, VMX_KIND_PROC2, SECONDARY_EXEC_TSC_SCALING);
		xc_write(c, TSC_MULTIPLIER, TSC_MULT_3);
	}
	xc_expect_none(c);
	xc_text(c->extra_exp, scale ? "tsc=scaled+offset" : "tsc=offset");
}

static void ck_tsc(struct exits_ctx *c, bool exited)
{
	bool scale = c->k->p.which & 1;
	uint64_t g = (c->regs.rdx << 32) | (uint32_t)c->regs.rbx;
	uint64_t lo = c->tsc_before, hi = c->tsc_after;

	if (exited)
		return;
	if (scale) {
		lo = (uint64_t)(((unsigned __int128)lo * TSC_MULT_3) >> 48);
		hi = (uint64_t)(((unsigned __int128)hi * TSC_MULT_3) >> 48);
	}
	lo += TSC_OFFSET_VALUE;
	hi += TSC_OFFSET_VALUE;
	if (g >= lo && g <= hi)
		xc_text(c->extra_obs, scale ? "tsc=scaled+offset" : "tsc=offset");
	else if (g >= c->tsc_before + TSC_OFFSET_VALUE && g <= c->tsc_after + TSC_OFFSET_VALUE)
		xc_text(c->extra_obs, "tsc=offset-unscaled");
	else if (g >= c->tsc_before && g <= c->tsc_after)
		xc_text(c->extra_obs, "tsc=raw");
	else
		xc_text(c->extra_obs, "tsc=other");
}

/* MONITOR/MWAIT exit only where they exist; else #UD comes first (§25.1.1). */
static void su_monitor(struct exits_ctx *c)
{
	bool mwait = c->k->p.which;

	if (mwait && !c->watchdog)
		xc_skip(c, "no VMX-preemption timer: an MWAIT that does not exit may never come back");
	c->regs.rax = xc_pa(c, XP_DATA);
	xc_enable(c, VMX_KIND_PROC, mwait ? CPU_BASED_MWAIT_EXITING : CPU_BASED_MONITOR_EXITING);
	if (cpuid_bit(1, 0, 2, 3))
		xc_expect(c, mwait ? EXIT_REASON_MWAIT : EXIT_REASON_MONITOR, XCHK_LEN);
	else
		expect_ud(c);
}

/* XSETBV: unconditional where CR4.OSXSAVE=1 (§25.1.2); XCR0 = x87 only. */
static void su_xsetbv(struct exits_ctx *c)
{
	if (!cpuid_bit(1, 0, 2, 26)) {
		xc_skip(c, "CPU lacks XSAVE (CPUID.1:ECX[26])");
		return;
	}
	if (!(c->caps->cr4_fixed1 & (1ull << 18))) {
		xc_skip(c, "CR4.OSXSAVE is fixed to 0 in VMX operation");
		return;
	}
	xc_set(c, GUEST_CR4, 1ull << 18);
	c->regs.rax = 1;
	xc_expect(c, EXIT_REASON_XSETBV, XCHK_LEN);
}

/*
 * RDRAND/RDSEED exiting: instruction information (§27.2.5) bits 6:3 the
 * destination register, 12:11 the operand size (1 = 32, 2 = 64 bits).
 */
static void su_rdrand(struct exits_ctx *c)
{
	bool seed = c->k->p.which;
	bool have = seed ? cpuid_bit(7, 0, 1, 18) : cpuid_bit(1, 0, 2, 30);

	xc_enable(c, VMX_KIND_PROC2, seed ? SECONDARY_EXEC_RDSEED_EXITING :
		  SECONDARY_EXEC_RDRAND_EXITING);
	if (!have) {
		expect_ud(c);
		return;
	}
	xc_expect(c, seed ? EXIT_REASON_RDSEED : EXIT_REASON_RDRAND, XCHK_LEN | XCHK_INFO);
	c->e.info = seed ? (1u << 3 | 1u << 11) : (3u << 3 | 2u << 11);
	c->e.info_mask = 0x1878;
}

/*
 * VMX instructions exit unconditionally (§25.1.2). Memory operands: the
 * qualification is the displacement (§27.2.1); the information (§27.2.5,
 * Table 27-13) gives scaling 1:0, address size 9:7 (2 = 64-bit), 10 = 0
 * (memory), segment 17:15, index 21:18 (22 invalid), base 26:23 (27 invalid),
 * reg2 31:28. Register forms: reg1 6:3, 10 = 1, reg2 31:28.
 * p.desc.info holds the expected value; bits undefined for the form are masked.
 */
#define VI_MEM_MASK 0x0fc38780u /* address size, 10, segment, 22, base, 27 */
#define VI_IDX_MASK 0x003c0003u /* scaling and index, when an index is used */
#define VI_REG2_MASK 0xf0000000u
static void su_vmx_insn(struct exits_ctx *c)
{
	uint32_t info = c->k->p.desc.info, ident = c->k->p.desc.ident;
	unsigned secbit = (ident >> 8) & 0xff;
	bool reg = info & (1u << 10);
	bool idx = !(info & (1u << 22));

	c->regs.rax = c->regs.rbx = c->regs.rsi = xc_pa(c, XP_DATA);
	c->regs.rdi = 0;
	c->regs.rcx = 1;
	xc_gpr(c, 5, xc_pa(c, XP_DATA));
	/* INVEPT needs EPT and IA32_VMX_EPT_VPID_CAP[20], INVVPID VPID and [32]: else #UD (§25.1.1) */
	if (secbit && (!controls_may_set(c->caps, VMX_KIND_PROC2, secbit) ||
		       !c->caps->ept_vpid_avail ||
		       !((c->caps->ept_vpid >> (secbit == SECONDARY_EXEC_ENABLE_EPT_BIT ? 20 : 32)) & 1))) {
		expect_ud(c);
		return;
	}
	xc_expect(c, ident & 0xff, XCHK_LEN | XCHK_INFO | (reg ? 0 : XCHK_QUAL));
	c->e.info = info;
	c->e.info_mask = reg ? 0xf0000478u :
			 VI_MEM_MASK | (idx ? VI_IDX_MASK : 0) | (secbit ? VI_REG2_MASK : 0);
	c->e.qual = ident >> 16;
}

/* WBINVD exiting is a secondary control. */
static void su_wbinvd(struct exits_ctx *c)
{
	xc_enable(c, VMX_KIND_PROC2, SECONDARY_EXEC_WBINVD_EXITING);
	xc_expect(c, EXIT_REASON_WBINVD, XCHK_LEN);
}

#define VMXI(name, reason, nfo, disp, secbit, d) \
	{ "insn." #name, "25.1.2, 27.2.1, 27.2.4, 27.2.5", d, XG(name), su_vmx_insn, NULL, \
	  .p.desc = { (disp) << 16 | (secbit) << 8 | (reason), (nfo) } }

static const struct exits_case insn_cases[] = {
	{ "insn.cpuid.leaf0", "25.1.2, 27.2.4, C", "CPUID leaf 0 exits (reason 10), length 2",
	  XG(cpuid), su_cpuid, NULL, .p.value = 0 },
	{ "insn.cpuid.leaf1", "25.1.2, 27.2.4, C", "CPUID leaf 1 exits (reason 10), length 2",
	  XG(cpuid), su_cpuid, NULL, .p.value = 1ull << 32 },
	{ "insn.cpuid.leaf7", "25.1.2, 27.2.4, C", "CPUID leaf 7 subleaf 1 exits (reason 10)",
	  XG(cpuid), su_cpuid, NULL, .p.value = 7ull << 32 | 1 },
	{ "insn.cpuid.ext", "25.1.2, 27.2.4, C", "CPUID leaf 80000000H exits (reason 10)",
	  XG(cpuid), su_cpuid, NULL, .p.value = 0x80000000ull << 32 },
	{ "insn.hlt", "25.1.3, 27.2.4, C", "HLT with HLT exiting exits (reason 12), length 1",
	  XG(hlt), su_hlt, NULL, { 0 } },
	{ "insn.invlpg.base", "25.1.3, 27.2.1, 27.2.4", "INVLPG (RAX): reason 14, qualification = linear address",
	  XG(invlpg_rax), su_invlpg, NULL, .p.value = 0x123000 },
	{ "insn.invlpg.disp", "25.1.3, 27.2.1, 27.2.4", "INVLPG 0x10(RBX): qualification = base + displacement",
	  XG(invlpg_disp), su_invlpg, NULL, .p.value = 0x200010 },
	{ "insn.invlpg.sib", "25.1.3, 27.2.1, 27.2.4", "INVLPG 8(R12,RCX,4): qualification = the full address",
	  XG(invlpg_sib), su_invlpg, NULL, .p.value = 0x300018 },
	{ "insn.rdtsc", "25.1.3, 27.2.4, C", "RDTSC with RDTSC exiting exits (reason 16), length 2",
	  XG(rdtsc), su_proc, NULL, .p.value = CPU_BASED_RDTSC_EXITING_BIT << 8 | EXIT_REASON_RDTSC },
	{ "insn.rdtscp", "25.1.3, 27.2.4, C", "RDTSCP with RDTSC exiting and enable RDTSCP exits (reason 51)",
	  XG(rdtscp), su_rdtscp, NULL, { 0 } },
	{ "insn.rdtscp.disabled", "25.3, 27.2.2", "RDTSCP with enable RDTSCP 0 raises #UD",
	  XG(rdtscp), su_rdtscp_ud, NULL, { 0 } },
	{ "insn.tsc.offset", "25.3", "RDTSC without exiting reads TSC + TSC offset",
	  XG(rdtsc_keep), su_tsc, ck_tsc, .p.which = 0 },
	{ "insn.tsc.offset-rdtscp", "25.3", "RDTSCP without exiting reads TSC + TSC offset",
	  XG(rdtscp_keep), su_tsc, ck_tsc, .p.which = 2 },
	{ "insn.tsc.scaling", "25.3", "RDTSC with TSC scaling reads TSC * multiplier / 2^48 + offset",
	  XG(rdtsc_keep), su_tsc, ck_tsc, .p.which = 1 },
	{ "insn.invd", "25.1.2, 27.2.4, C", "INVD exits unconditionally (reason 13), length 2",
	  XG(invd), su_uncond, NULL, .p.value = EXIT_REASON_INVD },
	{ "insn.vmcall", "25.1.2, 27.2.4, C", "VMCALL exits unconditionally (reason 18), length 3",
	  XG(vmcall), su_uncond, NULL, .p.value = EXIT_REASON_VMCALL },
	{ "insn.wbinvd", "25.1.3, 27.2.4, C", "WBINVD with WBINVD exiting exits (reason 54), length 2",
	  XG(wbinvd), su_wbinvd, NULL, { 0 } },
	{ "insn.pause", "25.1.3, 27.2.4, C", "PAUSE with PAUSE exiting exits (reason 40), length 2",
	  XG(pause), su_proc, NULL, .p.value = CPU_BASED_PAUSE_EXITING_BIT << 8 | EXIT_REASON_PAUSE },
	{ "insn.rdpmc", "25.1.3, 27.2.4, C", "RDPMC with RDPMC exiting exits (reason 15), length 2",
	  XG(rdpmc), su_proc, NULL, .p.value = CPU_BASED_RDPMC_EXITING_BIT << 8 | EXIT_REASON_RDPMC },
	{ "insn.monitor", "25.1.3, 27.2.4, C", "MONITOR with MONITOR exiting exits (reason 39), length 3",
	  XG(monitor), su_monitor, NULL, .p.which = 0 },
	{ "insn.mwait", "25.1.3, 27.2.4, C", "MWAIT with MWAIT exiting exits (reason 36), length 3",
	  XG(mwait), su_monitor, NULL, .p.which = 1 },
	{ "insn.xsetbv", "25.1.2, 27.2.4, C", "XSETBV exits unconditionally (reason 55), length 3",
	  XG(xsetbv), su_xsetbv, NULL, { 0 } },
	{ "insn.rdrand", "25.1.3, 27.2.5", "RDRAND RBX with RDRAND exiting: reason 57, information reg 3 size 64",
	  XG(rdrand), su_rdrand, NULL, .p.which = 0 },
	{ "insn.rdseed", "25.1.3, 27.2.5", "RDSEED ECX with RDSEED exiting: reason 61, information reg 1 size 32",
	  XG(rdseed), su_rdrand, NULL, .p.which = 1 },
	{ "insn.vmxoff", "25.1.2, 27.2.4, C", "VMXOFF exits unconditionally (reason 26), length 3",
	  XG(vmxoff), su_uncond, NULL, .p.value = EXIT_REASON_VMXOFF },
	{ "insn.vmlaunch", "25.1.2, 27.2.4, C", "VMLAUNCH exits unconditionally (reason 20), length 3",
	  XG(vmlaunch), su_uncond, NULL, .p.value = EXIT_REASON_VMLAUNCH },
	{ "insn.vmresume", "25.1.2, 27.2.4, C", "VMRESUME exits unconditionally (reason 24), length 3",
	  XG(vmresume), su_uncond, NULL, .p.value = EXIT_REASON_VMRESUME },
	VMXI(vmptrst, EXIT_REASON_VMPTRST, 0x00418100u, 0, 0,
	     "VMPTRST (RAX): reason 22, information base RAX, no index, DS, 64-bit address"),
	VMXI(vmptrst_disp, EXIT_REASON_VMPTRST, 0x01c18100u, 0x18, 0,
	     "VMPTRST 0x18(RBX): qualification 0x18 (displacement), base RBX"),
	VMXI(vmptrld_rbp, EXIT_REASON_VMPTRLD, 0x02c10100u, 8, 0,
	     "VMPTRLD 8(RBP): reason 21, segment SS (base RBP)"),
	VMXI(vmclear_sib, EXIT_REASON_VMCLEAR, 0x031d8103u, 0x20, 0,
	     "VMCLEAR 0x20(RSI,RDI,8): reason 19, scale 3, index RDI, base RSI"),
	VMXI(vmxon, EXIT_REASON_VMXON, 0x00418100u, 0, 0,
	     "VMXON (RAX) in VMX non-root operation: reason 27"),
	VMXI(vmread, EXIT_REASON_VMREAD, 0x10000410u, 0, 0,
	     "VMREAD RCX,RDX: reason 23, information reg1 RDX, reg2 RCX, register form"),
	VMXI(vmwrite, EXIT_REASON_VMWRITE, 0x70000430u, 0, 0,
	     "VMWRITE RSI,RDI: reason 25, information reg1 RSI, reg2 RDI"),
	VMXI(invept, EXIT_REASON_INVEPT, 0x10418100u, 0, SECONDARY_EXEC_ENABLE_EPT_BIT,
	     "INVEPT (RAX),RCX: reason 50, reg2 RCX (#UD without EPT or INVEPT)"),
	VMXI(invvpid, EXIT_REASON_INVVPID, 0x10418100u, 0, SECONDARY_EXEC_ENABLE_VPID_BIT,
	     "INVVPID (RAX),RCX: reason 53, reg2 RCX (#UD without VPID or INVVPID)"),
};

EXITS_GROUP(exits_insn, "insn", insn_cases, 10);
