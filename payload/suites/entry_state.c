/** @file
 * Entry-suite cases: guest non-register state (SDM Vol. 3 §26.3.1.5): the
 * activity state against the segments, the blocking and the injected event;
 * blocking by NMI under virtual NMIs; enclave interruption; the pending
 * debug exceptions' BS and RTM bits. Each row keeps every other rule (an
 * injected external interrupt comes with RFLAGS.IF = 1, and so on); the
 * twins enter and exit with reason 0 because the guest's IDTR limit is 0
 * (the baseline's), so delivery of the injected event faults.
 */
#include "suites/entry.h"
#include "platform/cpu.h"
#include "vmx/intr_info.h"

#define GFAIL EXPECT_GUEST_FAIL
/* the injected event's delivery through the guest's empty IDT: #GP (a benign event, then a contributory fault) */
#define VMEXIT0 EXPECT_EXC_EXIT(VEC_GP)
#define INJECT_EXTINT (INTR_INFO_VALID | INTR_TYPE_EXT_INTR | 0x30)
#define INJECT_NMI (INTR_INFO_VALID | INTR_TYPE_NMI | 2)
#define INJECT_GP (INTR_INFO_VALID | INTR_TYPE_HARD_EXCEPTION | INTR_INFO_DELIVER_CODE | 13)
/* Pending debug exceptions (§24.4.2): BS (single step), RTM. */
#define PENDING_BS (1u << 14)
#define PENDING_RTM (1u << 16)

/* CPUID.(EAX=7,ECX=0):EBX bits: SGX, RTM (0 when leaf 7 is beyond the highest basic leaf). */
static bool cpuid7_ebx(unsigned bit) { return cpuid(0, 0).eax >= 7 && ((cpuid(7, 0).ebx >> bit) & 1); }

/* May the guest be put in activity state @p s (IA32_VMX_MISC[8:6])? SKIP when not. */
static bool activity_ok(struct entry_ctx *c, uint32_t s)
{
	if (s == ACTIVITY_ACTIVE || ((c->caps->activity_states >> (s - 1)) & 1))
		return true;
	ec_skip(c, "IA32_VMX_MISC[8:6] does not report the activity state the case needs");
	return false;
}

/* Guest at CPL 3 (CS non-conforming DPL 3, SS DPL 3, CS.RPL = SS.RPL = 3). */
static void cpl3(struct entry_ctx *c)
{
	ec_set(c, GUEST_CS_SELECTOR, 3);
	ec_set(c, GUEST_SS_SELECTOR, 3);
	ec_write(c, GUEST_CS_ACCESS_RIGHTS, ec_read(c, GUEST_CS_ACCESS_RIGHTS) | 3u << 5);
	ec_write(c, GUEST_SS_ACCESS_RIGHTS, ec_read(c, GUEST_SS_ACCESS_RIGHTS) | 3u << 5);
}

enum st_kind {
	ST_UNSUPPORTED,       /* an activity state MISC does not report */
	ST_HLT_CPL3,          /* HLT with SS.DPL 3 */
	ST_HLT_STI,           /* HLT with blocking by STI */
	ST_HLT_MOVSS,         /* HLT with blocking by MOV SS */
	ST_HLT_INJECT_GP,     /* HLT with #GP injected: HLT allows only ext. int., NMI, #DB, #MC, MTF */
	ST_HLT_INJECT_EXTINT, /* twin: HLT with an external interrupt injected enters */
	ST_SHUTDOWN_EXTINT,   /* shutdown with an external interrupt injected: only NMI, #MC */
	ST_SIPI_NMI,          /* wait-for-SIPI with an NMI injected: no event at all */
	ST_VNMI_BLOCKED,      /* virtual NMIs, blocking by NMI, NMI injected */
	ST_VNMI_VALID,        /* twin: virtual NMIs, NMI injected, no blocking: enters */
	ST_ENCLAVE_NO_SGX,    /* enclave interruption without SGX */
	ST_BS_SET_TF0,        /* blocking by STI, TF 0, pending BS 1 */
	ST_RTM_NO_RTM,        /* pending debug bit 16 (RTM) without RTM */
};

static void mut_state(struct entry_ctx *c)
{
	uint32_t act = ACTIVITY_ACTIVE, block = 0, inject = 0;
	uint64_t rflags = RFLAGS_FIXED | RFLAGS_IF, pending = 0;

	switch ((enum st_kind)c->k->p.which) {
	case ST_UNSUPPORTED:
		for (act = ACTIVITY_HLT; act <= ACTIVITY_WAIT_SIPI; act++)
			if (!((c->caps->activity_states >> (act - 1)) & 1))
				break;
		if (act > ACTIVITY_WAIT_SIPI) {
			ec_skip(c, "IA32_VMX_MISC[8:6] reports every activity state");
			return;
		}
		break;
	case ST_HLT_CPL3: act = ACTIVITY_HLT; cpl3(c); break;
	case ST_HLT_STI: act = ACTIVITY_HLT; block = BLOCK_STI; break;
	case ST_HLT_MOVSS: act = ACTIVITY_HLT; block = BLOCK_MOVSS; break;
	case ST_HLT_INJECT_GP: act = ACTIVITY_HLT; inject = INJECT_GP; break;
	case ST_HLT_INJECT_EXTINT: act = ACTIVITY_HLT; inject = INJECT_EXTINT; break;
	case ST_SHUTDOWN_EXTINT: act = ACTIVITY_SHUTDOWN; inject = INJECT_EXTINT; break;
	case ST_SIPI_NMI: act = ACTIVITY_WAIT_SIPI; inject = INJECT_NMI; break;
	case ST_VNMI_BLOCKED:
	case ST_VNMI_VALID:
		if (!ec_enable(c, VMX_KIND_PIN, PIN_BASED_NMI_EXITING | PIN_BASED_VIRTUAL_NMIS))
			return;
		inject = INJECT_NMI;
		if (c->k->p.which == ST_VNMI_BLOCKED)
			block = BLOCK_NMI;
		break;
	case ST_ENCLAVE_NO_SGX:
		if (cpuid7_ebx(2)) {
			ec_skip(c, "the CPU supports SGX: enclave interruption may be 1");
			return;
		}
		block = INTR_ENCLAVE;
		break;
	case ST_BS_SET_TF0: block = BLOCK_STI; pending = PENDING_BS; break;
	case ST_RTM_NO_RTM:
		if (cpuid7_ebx(11)) {
			ec_skip(c, "the CPU supports RTM: bit 16 may be 1");
			return;
		}
		pending = PENDING_RTM;
		break;
	}
	if (c->k->p.which != ST_UNSUPPORTED && !activity_ok(c, act))
		return;
	ec_write(c, GUEST_ACTIVITY_STATE, act);
	ec_write(c, GUEST_INTERRUPTIBILITY_STATE, block);
	ec_write(c, GUEST_RFLAGS, rflags);
	ec_write(c, GUEST_PENDING_DBG_EXCEPTIONS, pending);
	if (inject) {
		ec_write(c, VM_ENTRY_INTR_INFO_FIELD, inject);
		ec_write(c, VM_ENTRY_EXCEPTION_ERROR_CODE, 0);
	}
}

#define ST(k) .p.which = (k)
static const struct entry_case cases[] = {
	{ "guest.activity.unsupported", "26.3.1.5", "an activity state IA32_VMX_MISC[8:6] does not report",
	  VMX_FEAT_ALWAYS, mut_state, NULL, GFAIL, NULL, ST(ST_UNSUPPORTED) },
	{ "guest.activity.hlt_cpl3", "26.3.1.5", "HLT activity state with SS.DPL 3 (a consistent CPL-3 guest)",
	  VMX_FEAT_ALWAYS, mut_state, NULL, GFAIL, NULL, ST(ST_HLT_CPL3) },
	{ "guest.activity.hlt_sti", "26.3.1.5", "HLT activity state with blocking by STI",
	  VMX_FEAT_ALWAYS, mut_state, NULL, GFAIL, NULL, ST(ST_HLT_STI) },
	{ "guest.activity.hlt_movss", "26.3.1.5", "HLT activity state with blocking by MOV SS",
	  VMX_FEAT_ALWAYS, mut_state, NULL, GFAIL, NULL, ST(ST_HLT_MOVSS) },
	{ "guest.activity.hlt_inject_gp", "26.3.1.5", "HLT activity state with #GP injected (HLT allows ext. int., NMI, #DB, #MC, MTF)",
	  VMX_FEAT_ALWAYS, mut_state, NULL, GFAIL, NULL, ST(ST_HLT_INJECT_GP) },
	{ "guest.activity.hlt_inject_extint", "26.3.1.5", "HLT activity state with an external interrupt injected enters (delivery faults: exit 0)",
	  VMX_FEAT_ALWAYS, mut_state, NULL, VMEXIT0, NULL, ST(ST_HLT_INJECT_EXTINT) },
	{ "guest.activity.shutdown_inject_extint", "26.3.1.5", "shutdown activity state with an external interrupt injected (only NMI, #MC)",
	  VMX_FEAT_ALWAYS, mut_state, NULL, GFAIL, NULL, ST(ST_SHUTDOWN_EXTINT) },
	{ "guest.activity.sipi_inject_nmi", "26.3.1.5", "wait-for-SIPI activity state with an NMI injected (no event allowed)",
	  VMX_FEAT_ALWAYS, mut_state, NULL, GFAIL, NULL, ST(ST_SIPI_NMI) },
	{ "guest.intr.nmi_blocked_vnmi", "26.3.1.5", "virtual NMIs: NMI injected with blocking by NMI",
	  VMX_FEAT_ALWAYS, mut_state, NULL, GFAIL, NULL, ST(ST_VNMI_BLOCKED) },
	{ "guest.intr.nmi_vnmi_valid", "26.3.1.5", "virtual NMIs: NMI injected without blocking enters (delivery faults: exit 0)",
	  VMX_FEAT_ALWAYS, mut_state, NULL, VMEXIT0, NULL, ST(ST_VNMI_VALID) },
	{ "guest.intr.enclave_no_sgx", "26.3.1.5", "interruptibility bit 4 (enclave interruption) on a CPU without SGX",
	  VMX_FEAT_ALWAYS, mut_state, NULL, GFAIL, NULL, ST(ST_ENCLAVE_NO_SGX) },
	{ "guest.pending_dbg.bs_set_tf0", "26.3.1.5", "blocking by STI with RFLAGS.TF 0 but pending BS 1",
	  VMX_FEAT_ALWAYS, mut_state, NULL, GFAIL, NULL, ST(ST_BS_SET_TF0) },
	{ "guest.pending_dbg.rtm_no_rtm", "26.3.1.5", "pending debug exceptions bit 16 (RTM) on a CPU without RTM",
	  VMX_FEAT_ALWAYS, mut_state, NULL, GFAIL, NULL, ST(ST_RTM_NO_RTM) },
};

ENTRY_GROUP(entry_group_guest_state, "guest-state", cases, 42);
