/** @file
 * Entry-suite cases: the baseline itself, and VMX instruction misuse that
 * the SDM answers with a VM-instruction error (Vol. 3 §30.4 "VM-Instruction
 * Error Numbers", the VMX instruction reference §30.3 pseudocode).
 */
#include "suites/entry.h"
#include "vmx/shadow.h"
#include "vmx/vmcs.h"
#include "platform/mem.h"
#include "lib/fmt.h"
#include "platform/trap.h"
#include "platform/cpu.h"

static void obs(struct entry_ctx *c, const struct vmx_outcome *o)
{
	c->observed = outcome_from_insn(o);
}

/* --- the baseline --- */

static void act_resume(struct entry_ctx *c)
{
	struct vmx_exit ex;

	if (vmx_run(&c->regs, false, &c->observed, &ex))
		return; /* the first entry already says what went wrong */
	/* Step over the guest's VMCALL and resume it: it calls back again. */
	ec_write(c, GUEST_RIP, ex.guest_rip + ex.insn_len);
	ec_force_error(c, 0);
	vmx_run(&c->regs, true, &c->observed, NULL);
	if (c->observed.kind == OUTCOME_OK && c->regs.rax != GUEST_CALL_DONE)
		c->observed = outcome_make(OUTCOME_VMEXIT, EXIT_REASON_VMCALL, 0);
}

/* --- VMLAUNCH / VMRESUME --- */

static void act_launch_twice(struct entry_ctx *c)
{
	if (!ec_launch_baseline(c))
		return;
	ec_force_error(c, VMXERR_VMLAUNCH_NONCLEAR);
	vmx_run(&c->regs, false, &c->observed, NULL);
}

static void act_resume_clear(struct entry_ctx *c)
{
	vmx_run(&c->regs, true, &c->observed, NULL);
}

static void no_current(struct entry_ctx *c, bool resume)
{
	vmcs_clear(c->vmcs_pa, NULL);
	vmx_run(&c->regs, resume, &c->observed, NULL);
}

static void act_vmlaunch_no_current(struct entry_ctx *c) { no_current(c, false); }
static void act_vmresume_no_current(struct entry_ctx *c) { no_current(c, true); }

static void act_movss(struct entry_ctx *c)
{
	vmx_run_mode(&c->regs, VMX_RUN_MOVSS, &c->observed, NULL);
}

/* --- VMPTRLD / VMCLEAR / VMPTRST --- */

enum ptr_kind { PTR_VMXON, PTR_UNALIGNED, PTR_WIDE, PTR_BAD_REV, PTR_SHADOW_IND };

static uint64_t make_ptr(struct entry_ctx *c, enum ptr_kind k)
{
	uint32_t *p = (uint32_t *)(uintptr_t)ec_page(c, 0);

	switch (k) {
	case PTR_VMXON:
		return virt_to_phys(c->cpu->vmxon_region);
	case PTR_UNALIGNED:
		*p = c->caps->revision;
		return ec_page(c, 0) + 0x800;
	case PTR_WIDE:
		return 1ull << ec_maxphyaddr();
	case PTR_BAD_REV:
		*p = (c->caps->revision + 1) & ~SHADOW_VMCS_INDICATOR;
		return ec_page(c, 0);
	case PTR_SHADOW_IND:
		*p = c->caps->revision | SHADOW_VMCS_INDICATOR;
		return ec_page(c, 0);
	}
	return 0;
}

static void act_vmptrld(struct entry_ctx *c)
{
	struct vmx_outcome o;

	vmcs_load(make_ptr(c, (enum ptr_kind)c->k->p.which), &o);
	obs(c, &o);
}

static void act_vmclear(struct entry_ctx *c)
{
	struct vmx_outcome o;

	vmcs_clear(make_ptr(c, (enum ptr_kind)c->k->p.which), &o);
	obs(c, &o);
}

/* VMPTRLD of a region with the shadow-VMCS indicator: fine with shadowing, error 11 without (§30.3 VMPTRLD). */
static void expect_shadow_ind(const struct entry_ctx *c, struct outcome *e)
{
	*e = c->caps->shadowing ? OUTCOME_OK_V : OUTCOME_VALID_V(VMXERR_VMPTRLD_BAD_REVISION);
}

static void act_vmptrst(struct entry_ctx *c)
{
	struct vmx_outcome o;
	uint64_t pa = 0;

	vmcs_store(&pa, &o);
	obs(c, &o);
	if (o.result == VMX_OK && pa != c->vmcs_pa) {
		/* Succeeded but stored the wrong pointer: not "ok". */
		c->observed = outcome_make(OUTCOME_NONE, 0, 0);
		fmt_snprintf(c->note, sizeof(c->note), "VMPTRST stored 0x%llx, current is 0x%llx",
			     (unsigned long long)pa, (unsigned long long)c->vmcs_pa);
	}
}

static void act_vmptrst_none(struct entry_ctx *c)
{
	struct vmx_outcome o;
	uint64_t pa = 0;

	vmcs_clear(c->vmcs_pa, NULL);
	vmcs_store(&pa, &o);
	obs(c, &o);
	if (o.result == VMX_OK && pa != ~0ull) {
		c->observed = outcome_make(OUTCOME_NONE, 0, 0);
		fmt_snprintf(c->note, sizeof(c->note), "VMPTRST stored 0x%llx", (unsigned long long)pa);
	}
}

/* --- VMREAD / VMWRITE --- */

static void act_vmread_no_current(struct entry_ctx *c)
{
	struct vmx_outcome o;
	uint64_t v;

	vmcs_clear(c->vmcs_pa, NULL);
	vmcs_read(GUEST_RIP, &v, &o);
	obs(c, &o);
}

static void act_vmwrite_no_current(struct entry_ctx *c)
{
	struct vmx_outcome o;

	vmcs_clear(c->vmcs_pa, NULL);
	vmcs_write(GUEST_RIP, 0, &o);
	obs(c, &o);
}

#define ENC_UNSUPPORTED 0x6bfeu

static void act_vmread_unsupported(struct entry_ctx *c)
{
	struct vmx_outcome o;
	uint64_t v;

	vmcs_read(ENC_UNSUPPORTED, &v, &o);
	obs(c, &o);
}

static void act_vmwrite_unsupported(struct entry_ctx *c)
{
	struct vmx_outcome o;

	vmcs_write(ENC_UNSUPPORTED, 0, &o);
	obs(c, &o);
}

static void act_vmwrite_ro(struct entry_ctx *c)
{
	struct vmx_outcome o;

	vmcs_write(EXIT_QUALIFICATION, 0x1234, &o);
	obs(c, &o);
}

/* VMWRITE to a read-only field: error 13 unless MISC bit 29 allows it (§30.3 VMWRITE, A.6). */
static void expect_vmwrite_ro(const struct entry_ctx *c, struct outcome *e)
{
	*e = c->caps->vmwrite_any ? OUTCOME_OK_V : OUTCOME_VALID_V(VMXERR_VMWRITE_READ_ONLY);
}

static void act_vmwrite_reserved_enc(struct entry_ctx *c)
{
	struct vmx_outcome o;

	/* Bit 12 is reserved in an encoding: GUEST_RIP | 0x1000 names no field. */
	vmcs_write(GUEST_RIP | 0x1000u, 0, &o);
	obs(c, &o);
}

static void act_vmread_high_natural(struct entry_ctx *c)
{
	struct vmx_outcome o;
	uint64_t v;

	/* Access type "high" exists only for 64-bit fields (§24.11.2). */
	vmcs_read(GUEST_RIP | 1u, &v, &o);
	obs(c, &o);
}

/* --- VMXON in root, VMCALL in root --- */

static void insn_vmxon(void *arg, uint64_t *rflags)
{
	uint64_t pa = *(uint64_t *)arg;

	__asm__ volatile("vmxon %1\n\tpushfq\n\tpopq %0" : "=r"(*rflags) : "m"(pa) : "cc", "memory");
}

static void act_vmxon_root(struct entry_ctx *c)
{
	struct vmx_outcome o;
	uint64_t pa = virt_to_phys(c->cpu->vmxon_region);

	vmx_insn_run(insn_vmxon, &pa, &o);
	obs(c, &o);
}

static void insn_vmcall(void *arg, uint64_t *rflags)
{
	(void)arg;
	__asm__ volatile("vmcall\n\tpushfq\n\tpopq %0" : "=r"(*rflags) :: "cc", "memory");
}

#define MSR_IA32_SMM_MONITOR_CTL 0x9bu

/*
 * VMCALL in root (§30.3 VMCALL pseudocode): "ELSIF in SMM or the logical
 * processor does not support the dual-monitor treatment (IA32_VMX_BASIC[49]
 * = 0) or the valid bit of IA32_SMM_MONITOR_CTL is clear THEN VMfail(VMCALL
 * executed in VMX root operation)" comes before any launch-state test, so it
 * is error 1 whatever the launch state. With the valid bit set the next steps
 * are an SMM VM exit (treatment already active: the STM runs) or an attempt to
 * activate it (error 19 with a launched VMCS, else SMM entry and MSEG checks):
 * outcomes this suite cannot tell apart beforehand nor may provoke, so both
 * cases SKIP there.
 */
static bool smm_monitor_valid(const struct entry_ctx *c)
{
	uint64_t v = 0;

	return c->caps->dual_monitor && rdmsr_safe(MSR_IA32_SMM_MONITOR_CTL, &v) == FAULT_NONE &&
	       (v & 1);
}

/* VMCALL in VMX root operation with the case's VMCS launched or (@p clear) clear. */
static void vmcall_root(struct entry_ctx *c, bool clear)
{
	struct vmx_outcome o;

	if (smm_monitor_valid(c)) {
		ec_skip(c, "IA32_SMM_MONITOR_CTL[0] = 1: VMCALL would enter the dual-monitor (STM) path");
		return;
	}
	if (clear) {
		/* Bochs 2.7 stops the emulator (PANIC) on VMCALL in root with a clear
		 * VMCS (docs/emulators.md; the reason names that page). */
		if (c->bochs) {
			ec_skip(c, "Bochs 2.7 panics on VMCALL in root with a clear VMCS (emulators.md)");
			return;
		}
	} else if (!ec_launch_baseline(c)) {
		return;
	}
	ec_force_error(c, VMXERR_VMCALL_IN_ROOT);
	vmx_insn_run(insn_vmcall, NULL, &o);
	obs(c, &o);
}

static void act_vmcall_root_launched(struct entry_ctx *c) { vmcall_root(c, false); }
static void act_vmcall_root_clear(struct entry_ctx *c) { vmcall_root(c, true); }

/* --- outside VMX operation (§30.3: VMX instructions other than VMXON #UD; VMXON checks its region) --- */

static void insn_vmlaunch(void *arg, uint64_t *rflags)
{
	(void)arg;
	__asm__ volatile("vmlaunch\n\tpushfq\n\tpopq %0" : "=r"(*rflags) :: "cc", "memory");
}

enum out_kind { OUT_VMPTRLD, OUT_VMCLEAR, OUT_VMREAD, OUT_VMLAUNCH,
		OUT_VMXON_UNALIGNED, OUT_VMXON_WIDE, OUT_VMXON_BAD_REV, OUT_VMXON_SHADOW_BIT,
		OUT_VMXON_NO_VMXE, OUT_VMXON_CR0_FIXED };

static void act_outside(struct entry_ctx *c)
{
	enum out_kind k = (enum out_kind)c->k->p.which;
	struct vmx_outcome o;
	uint64_t pa = ec_page(c, 0), v;
	uint32_t *rev = (uint32_t *)(uintptr_t)pa;

	if (k == OUT_VMXON_CR0_FIXED && !(c->caps->cr0_fixed0 & CR0_NE)) {
		ec_skip(c, "IA32_VMX_CR0_FIXED0 does not fix CR0.NE to 1");
		return;
	}
	vmcs_clear(c->vmcs_pa, NULL);
	if (vmx_disable(c->cpu)) {
		ec_skip(c, "VMXOFF failed");
		return;
	}
	switch (k) {
	case OUT_VMPTRLD: vmcs_load(c->vmcs_pa, &o); break;
	case OUT_VMCLEAR: vmcs_clear(c->vmcs_pa, &o); break;
	case OUT_VMREAD: vmcs_read(GUEST_RIP, &v, &o); break;
	case OUT_VMLAUNCH:
		/* A bare VMLAUNCH: outside VMX operation it can only #UD. */
		vmx_insn_run(insn_vmlaunch, NULL, &o);
		break;
	case OUT_VMXON_NO_VMXE:
	case OUT_VMXON_CR0_FIXED:
		/* A valid region; CR4.VMXE 0 (#UD), or a CR0 bit FIXED0 wants 1 cleared (#GP). */
		*rev = c->caps->revision;
		write_cr4(k == OUT_VMXON_NO_VMXE ? c->cpu->cr4_on & ~CR4_VMXE : c->cpu->cr4_on);
		if (k == OUT_VMXON_CR0_FIXED)
			write_cr0(c->cpu->cr0_on & ~CR0_NE);
		vmx_insn_run(insn_vmxon, &pa, &o);
		if (o.result == VMX_OK)
			__asm__ volatile("vmxoff" ::: "cc", "memory"); /* it must not stay on */
		write_cr0(c->cpu->cr0_saved);
		write_cr4(c->cpu->cr4_saved);
		break;
	default:
		/* VMXON needs CR4.VMXE and the fixed bits, as vmx_enable set them. */
		write_cr4(c->cpu->cr4_on);
		*rev = c->caps->revision;
		if (k == OUT_VMXON_UNALIGNED)
			pa += 0x800;
		else if (k == OUT_VMXON_WIDE)
			pa = 1ull << ec_maxphyaddr();
		else if (k == OUT_VMXON_BAD_REV)
			*rev = (c->caps->revision + 1) & ~SHADOW_VMCS_INDICATOR;
		else
			*rev = c->caps->revision | SHADOW_VMCS_INDICATOR;
		vmx_insn_run(insn_vmxon, &pa, &o);
		if (o.result == VMX_OK)
			__asm__ volatile("vmxoff" ::: "cc", "memory"); /* it must not stay on */
		write_cr4(c->cpu->cr4_saved);
		break;
	}
	obs(c, &o);
}

/* --- INVEPT / INVVPID --- */

struct inv_desc {
	uint64_t a, b;
};

struct inv_arg {
	uint64_t type;
	struct inv_desc d;
};

static void insn_invept(void *arg, uint64_t *rflags)
{
	struct inv_arg *a = arg;

	__asm__ volatile("invept %1, %2\n\tpushfq\n\tpopq %0" : "=r"(*rflags)
			 : "m"(a->d), "r"(a->type) : "cc", "memory");
}

static void insn_invvpid(void *arg, uint64_t *rflags)
{
	struct inv_arg *a = arg;

	__asm__ volatile("invvpid %1, %2\n\tpushfq\n\tpopq %0" : "=r"(*rflags)
			 : "m"(a->d), "r"(a->type) : "cc", "memory");
}

/* IA32_VMX_EPT_VPID_CAP bits (SDM A.10). */
#define EPTCAP_INVEPT (1ull << 20)
#define EPTCAP_INVEPT_SINGLE (1ull << 25)
#define EPTCAP_INVEPT_ALL (1ull << 26)
#define EPTCAP_INVVPID (1ull << 32)
#define EPTCAP_INVVPID_ADDR (1ull << 40)
#define EPTCAP_INVVPID_SINGLE (1ull << 41)
#define EPTCAP_INVVPID_ALL (1ull << 42)

static bool need_cap(struct entry_ctx *c, uint64_t bits)
{
	if (c->caps->ept_vpid_avail && (c->caps->ept_vpid & bits) == bits)
		return true;
	ec_skip(c, "IA32_VMX_EPT_VPID_CAP lacks the INVEPT/INVVPID type the case needs");
	return false;
}

enum inv_case {
	INV_EPT_TYPE0, INV_EPT_TYPE3, INV_EPT_SINGLE_BAD_EPTP,
	INV_VPID_TYPE4, INV_VPID_SINGLE_VPID0, INV_VPID_ADDR_NONCANON, INV_VPID_ALL_OK,
	INV_VPID_DESC_RESERVED, INV_EPT_SINGLE_OK, INV_EPT_ALL_OK, INV_VPID_SINGLE_OK, INV_VPID_ADDR_OK,
};

static void act_inv(struct entry_ctx *c)
{
	struct inv_arg a = { 0, { 0, 0 } };
	struct vmx_outcome o;
	bool ept = true;

	switch ((enum inv_case)c->k->p.which) {
	case INV_EPT_TYPE0:
		if (!need_cap(c, EPTCAP_INVEPT))
			return;
		a.type = 0;
		break;
	case INV_EPT_TYPE3:
		if (!need_cap(c, EPTCAP_INVEPT))
			return;
		a.type = 3;
		break;
	case INV_EPT_SINGLE_BAD_EPTP:
		if (!need_cap(c, EPTCAP_INVEPT | EPTCAP_INVEPT_SINGLE))
			return;
		a.type = 1;
		a.d.a = ec_page(c, 1) | 2; /* memory type 2 is reserved (§26.2.1.1 EPTP) */
		break;
	case INV_VPID_TYPE4:
		if (!need_cap(c, EPTCAP_INVVPID))
			return;
		ept = false;
		a.type = 4;
		a.d.a = 1;
		break;
	case INV_VPID_SINGLE_VPID0:
		if (!need_cap(c, EPTCAP_INVVPID | EPTCAP_INVVPID_SINGLE))
			return;
		ept = false;
		a.type = 1;
		a.d.a = 0;
		break;
	case INV_VPID_ADDR_NONCANON:
		if (!need_cap(c, EPTCAP_INVVPID | EPTCAP_INVVPID_ADDR))
			return;
		ept = false;
		a.type = 0;
		a.d.a = 1;
		a.d.b = 0x8000000000000000ull;
		break;
	case INV_VPID_ALL_OK:
		if (!need_cap(c, EPTCAP_INVVPID | EPTCAP_INVVPID_ALL))
			return;
		ept = false;
		a.type = 2;
		break;
	case INV_VPID_DESC_RESERVED: /* descriptor bits 63:16 must be 0, whatever the type */
		if (!need_cap(c, EPTCAP_INVVPID | EPTCAP_INVVPID_ALL))
			return;
		ept = false;
		a.type = 2;
		a.d.a = 1ull << 16;
		break;
	/* The twins: the same types with valid operands succeed. */
	case INV_EPT_SINGLE_OK:
		if (!need_cap(c, EPTCAP_INVEPT | EPTCAP_INVEPT_SINGLE))
			return;
		a.type = 1;
		a.d.a = ec_eptp(c);
		break;
	case INV_EPT_ALL_OK:
		if (!need_cap(c, EPTCAP_INVEPT | EPTCAP_INVEPT_ALL))
			return;
		a.type = 2;
		break;
	case INV_VPID_SINGLE_OK:
		if (!need_cap(c, EPTCAP_INVVPID | EPTCAP_INVVPID_SINGLE))
			return;
		ept = false;
		a.type = 1;
		a.d.a = 1;
		break;
	case INV_VPID_ADDR_OK:
		if (!need_cap(c, EPTCAP_INVVPID | EPTCAP_INVVPID_ADDR))
			return;
		ept = false;
		a.type = 0;
		a.d.a = 1;
		a.d.b = 0x1000;
		break;
	}
	vmx_insn_run(ept ? insn_invept : insn_invvpid, &a, &o);
	obs(c, &o);
}

static const struct entry_case cases[] = {
	{ "base.launch", "26.1", "baseline VMCS: VMLAUNCH enters, the guest calls back",
	  VMX_FEAT_ALWAYS, NULL, NULL, EXPECT_OK, NULL, { 0 } },
	{ "base.resume", "26.1", "baseline VMCS: VMRESUME after a VM exit re-enters the guest",
	  VMX_FEAT_ALWAYS, NULL, act_resume, EXPECT_OK, NULL, { 0 } },
	{ "insn.vmlaunch.launched", "26.1", "VMLAUNCH of a launched VMCS: error 4",
	  VMX_FEAT_ALWAYS, NULL, act_launch_twice, EXPECT_VMFAIL(4), NULL, { 0 } },
	{ "insn.vmresume.clear", "26.1", "VMRESUME of a clear (not launched) VMCS: error 5",
	  VMX_FEAT_ALWAYS, NULL, act_resume_clear, EXPECT_VMFAIL(5), NULL, { 0 } },
	{ "insn.vmlaunch.no_current", "26.1", "VMLAUNCH with no current VMCS: VMfailInvalid",
	  VMX_FEAT_ALWAYS, NULL, act_vmlaunch_no_current, EXPECT_VMFAIL_INVALID, NULL, { 0 } },
	{ "insn.vmresume.no_current", "26.1", "VMRESUME with no current VMCS: VMfailInvalid",
	  VMX_FEAT_ALWAYS, NULL, act_vmresume_no_current, EXPECT_VMFAIL_INVALID, NULL, { 0 } },
	{ "insn.vmlaunch.movss", "26.1", "VMLAUNCH right after MOV SS (events blocked): error 26",
	  VMX_FEAT_ALWAYS, NULL, act_movss, EXPECT_VMFAIL(26), NULL, { 0 } },
	{ "insn.vmptrld.vmxon_ptr", "30.4", "VMPTRLD of the VMXON region: error 10",
	  VMX_FEAT_ALWAYS, NULL, act_vmptrld, EXPECT_VMFAIL(10), NULL, .p.which = PTR_VMXON },
	{ "insn.vmptrld.unaligned", "30.4", "VMPTRLD of a non-4K-aligned address: error 9",
	  VMX_FEAT_ALWAYS, NULL, act_vmptrld, EXPECT_VMFAIL(9), NULL, .p.which = PTR_UNALIGNED },
	{ "insn.vmptrld.too_wide", "30.4", "VMPTRLD beyond the physical-address width: error 9",
	  VMX_FEAT_ALWAYS, NULL, act_vmptrld, EXPECT_VMFAIL(9), NULL, .p.which = PTR_WIDE },
	{ "insn.vmptrld.bad_revision", "30.4", "VMPTRLD of a region with a wrong revision id: error 11",
	  VMX_FEAT_ALWAYS, NULL, act_vmptrld, EXPECT_VMFAIL(11), NULL, .p.which = PTR_BAD_REV },
	{ "insn.vmptrld.shadow_indicator", "30.3", "VMPTRLD of a region with bit 31 set: ok with VMCS shadowing, else error 11",
	  VMX_FEAT_ALWAYS, NULL, act_vmptrld, { .kind = OUTCOME_NONE }, expect_shadow_ind, .p.which = PTR_SHADOW_IND },
	{ "insn.vmclear.vmxon_ptr", "30.4", "VMCLEAR of the VMXON region: error 3",
	  VMX_FEAT_ALWAYS, NULL, act_vmclear, EXPECT_VMFAIL(3), NULL, .p.which = PTR_VMXON },
	{ "insn.vmclear.unaligned", "30.4", "VMCLEAR of a non-4K-aligned address: error 2",
	  VMX_FEAT_ALWAYS, NULL, act_vmclear, EXPECT_VMFAIL(2), NULL, .p.which = PTR_UNALIGNED },
	{ "insn.vmclear.too_wide", "30.4", "VMCLEAR beyond the physical-address width: error 2",
	  VMX_FEAT_ALWAYS, NULL, act_vmclear, EXPECT_VMFAIL(2), NULL, .p.which = PTR_WIDE },
	{ "insn.vmptrst.current", "30.3", "VMPTRST stores the current-VMCS pointer",
	  VMX_FEAT_ALWAYS, NULL, act_vmptrst, EXPECT_OK, NULL, { 0 } },
	{ "insn.vmread.unsupported", "30.4", "VMREAD of an unsupported component: error 12",
	  VMX_FEAT_ALWAYS, NULL, act_vmread_unsupported, EXPECT_VMFAIL(12), NULL, { 0 } },
	{ "insn.vmwrite.unsupported", "30.4", "VMWRITE to an unsupported component: error 12",
	  VMX_FEAT_ALWAYS, NULL, act_vmwrite_unsupported, EXPECT_VMFAIL(12), NULL, { 0 } },
	{ "insn.vmwrite.reserved_encoding", "24.11.2", "VMWRITE with encoding bit 12 set: error 12",
	  VMX_FEAT_ALWAYS, NULL, act_vmwrite_reserved_enc, EXPECT_VMFAIL(12), NULL, { 0 } },
	{ "insn.vmread.high_natural", "24.11.2", "VMREAD of the 'high' access of a natural-width field: error 12",
	  VMX_FEAT_ALWAYS, NULL, act_vmread_high_natural, EXPECT_VMFAIL(12), NULL, { 0 } },
	{ "insn.vmwrite.read_only", "30.4", "VMWRITE to EXIT_QUALIFICATION: error 13 without MISC bit 29, ok with it",
	  VMX_FEAT_ALWAYS, NULL, act_vmwrite_ro, { .kind = OUTCOME_NONE }, expect_vmwrite_ro, { 0 } },
	{ "insn.vmxon.in_root", "30.4", "VMXON in VMX root operation: error 15",
	  VMX_FEAT_ALWAYS, NULL, act_vmxon_root, EXPECT_VMFAIL(15), NULL, { 0 } },
	{ "insn.vmcall.root_launched", "30.3", "VMCALL in VMX root, launched VMCS: error 1 (IA32_SMM_MONITOR_CTL[0] = 0)",
	  VMX_FEAT_ALWAYS, NULL, act_vmcall_root_launched, EXPECT_VMFAIL(1), NULL, { 0 } },
	{ "insn.vmcall.root_clear", "30.3", "VMCALL in VMX root, clear VMCS: error 1 (IA32_SMM_MONITOR_CTL[0] = 0)",
	  VMX_FEAT_ALWAYS, NULL, act_vmcall_root_clear, EXPECT_VMFAIL(1), NULL, { 0 } },
	{ "insn.outside.vmptrld", "30.3", "VMPTRLD outside VMX operation: #UD",
	  VMX_FEAT_ALWAYS, NULL, act_outside, EXPECT_EXCEPTION(6), NULL, .p.which = OUT_VMPTRLD },
	{ "insn.outside.vmclear", "30.3", "VMCLEAR outside VMX operation: #UD",
	  VMX_FEAT_ALWAYS, NULL, act_outside, EXPECT_EXCEPTION(6), NULL, .p.which = OUT_VMCLEAR },
	{ "insn.outside.vmread", "30.3", "VMREAD outside VMX operation: #UD",
	  VMX_FEAT_ALWAYS, NULL, act_outside, EXPECT_EXCEPTION(6), NULL, .p.which = OUT_VMREAD },
	{ "insn.outside.vmlaunch", "30.3", "VMLAUNCH outside VMX operation: #UD",
	  VMX_FEAT_ALWAYS, NULL, act_outside, EXPECT_EXCEPTION(6), NULL, .p.which = OUT_VMLAUNCH },
	{ "insn.vmxon.unaligned", "30.3", "VMXON with a non-4K-aligned region: VMfailInvalid",
	  VMX_FEAT_ALWAYS, NULL, act_outside, EXPECT_VMFAIL_INVALID, NULL, .p.which = OUT_VMXON_UNALIGNED },
	{ "insn.vmxon.too_wide", "30.3", "VMXON with a region beyond the physical-address width: VMfailInvalid",
	  VMX_FEAT_ALWAYS, NULL, act_outside, EXPECT_VMFAIL_INVALID, NULL, .p.which = OUT_VMXON_WIDE },
	{ "insn.vmxon.bad_revision", "30.3", "VMXON with a wrong revision id in the region: VMfailInvalid",
	  VMX_FEAT_ALWAYS, NULL, act_outside, EXPECT_VMFAIL_INVALID, NULL, .p.which = OUT_VMXON_BAD_REV },
	{ "insn.vmxon.bit31", "30.3", "VMXON with bit 31 set in the region's revision dword: VMfailInvalid",
	  VMX_FEAT_ALWAYS, NULL, act_outside, EXPECT_VMFAIL_INVALID, NULL, .p.which = OUT_VMXON_SHADOW_BIT },
	{ "insn.vmread.no_current", "30.3", "VMREAD with no current VMCS: VMfailInvalid",
	  VMX_FEAT_ALWAYS, NULL, act_vmread_no_current, EXPECT_VMFAIL_INVALID, NULL, { 0 } },
	{ "insn.vmwrite.no_current", "30.3", "VMWRITE with no current VMCS: VMfailInvalid",
	  VMX_FEAT_ALWAYS, NULL, act_vmwrite_no_current, EXPECT_VMFAIL_INVALID, NULL, { 0 } },
	{ "insn.vmptrst.no_current", "30.3", "VMPTRST with no current VMCS stores FFFFFFFF_FFFFFFFFH",
	  VMX_FEAT_ALWAYS, NULL, act_vmptrst_none, EXPECT_OK, NULL, { 0 } },
	{ "insn.invept.type0", "30.4", "INVEPT with type 0 (not defined): error 28",
	  VMX_FEAT_EPT, NULL, act_inv, EXPECT_VMFAIL(28), NULL, .p.which = INV_EPT_TYPE0 },
	{ "insn.invept.type3", "30.4", "INVEPT with type 3 (not defined): error 28",
	  VMX_FEAT_EPT, NULL, act_inv, EXPECT_VMFAIL(28), NULL, .p.which = INV_EPT_TYPE3 },
	{ "insn.invept.single_bad_eptp", "30.3", "INVEPT single-context with an invalid EPTP (memory type 2): error 28",
	  VMX_FEAT_EPT, NULL, act_inv, EXPECT_VMFAIL(28), NULL, .p.which = INV_EPT_SINGLE_BAD_EPTP },
	{ "insn.invvpid.type4", "30.4", "INVVPID with type 4 (not defined): error 28",
	  VMX_FEAT_VPID, NULL, act_inv, EXPECT_VMFAIL(28), NULL, .p.which = INV_VPID_TYPE4 },
	{ "insn.invvpid.single_vpid0", "30.3", "INVVPID single-context with VPID 0: error 28",
	  VMX_FEAT_VPID, NULL, act_inv, EXPECT_VMFAIL(28), NULL, .p.which = INV_VPID_SINGLE_VPID0 },
	{ "insn.invvpid.addr_noncanonical", "30.3", "INVVPID individual-address with a non-canonical address: error 28",
	  VMX_FEAT_VPID, NULL, act_inv, EXPECT_VMFAIL(28), NULL, .p.which = INV_VPID_ADDR_NONCANON },
	{ "insn.invvpid.all_ok", "30.3", "INVVPID all-context: succeeds",
	  VMX_FEAT_VPID, NULL, act_inv, EXPECT_OK, NULL, .p.which = INV_VPID_ALL_OK },
	{ "insn.invvpid.desc_reserved", "30.3", "INVVPID all-context with descriptor bit 16 set (bits 63:16 reserved): error 28",
	  VMX_FEAT_VPID, NULL, act_inv, EXPECT_VMFAIL(28), NULL, .p.which = INV_VPID_DESC_RESERVED },
	{ "insn.invept.single_ok", "30.3", "INVEPT single-context with a valid EPTP succeeds (twin of single_bad_eptp)",
	  VMX_FEAT_EPT, NULL, act_inv, EXPECT_OK, NULL, .p.which = INV_EPT_SINGLE_OK },
	{ "insn.invept.all_ok", "30.3", "INVEPT all-context succeeds",
	  VMX_FEAT_EPT, NULL, act_inv, EXPECT_OK, NULL, .p.which = INV_EPT_ALL_OK },
	{ "insn.invvpid.single_ok", "30.3", "INVVPID single-context with VPID 1 succeeds (twin of single_vpid0)",
	  VMX_FEAT_VPID, NULL, act_inv, EXPECT_OK, NULL, .p.which = INV_VPID_SINGLE_OK },
	{ "insn.invvpid.addr_ok", "30.3", "INVVPID individual-address, VPID 1, canonical address succeeds (twin of addr_noncanonical)",
	  VMX_FEAT_VPID, NULL, act_inv, EXPECT_OK, NULL, .p.which = INV_VPID_ADDR_OK },
	{ "insn.vmxon.no_vmxe", "30.3", "VMXON with CR4.VMXE 0 (valid region): #UD",
	  VMX_FEAT_ALWAYS, NULL, act_outside, EXPECT_EXCEPTION(6), NULL, .p.which = OUT_VMXON_NO_VMXE },
	{ "insn.vmxon.cr0_fixed", "30.3", "VMXON with CR0.NE 0 where IA32_VMX_CR0_FIXED0 fixes it to 1: #GP",
	  VMX_FEAT_ALWAYS, NULL, act_outside, EXPECT_EXCEPTION(13), NULL, .p.which = OUT_VMXON_CR0_FIXED },
};

ENTRY_GROUP(entry_group_insn, "insn", cases, 10);
