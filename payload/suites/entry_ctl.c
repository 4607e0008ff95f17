/** @file
 * Entry-suite cases: checks on VM-execution, VM-exit and VM-entry control
 * fields (SDM Vol. 3 §26.2.1.1-§26.2.1.3). A failed check gives VMfailValid
 * with error 7 ("VM entry with invalid control field(s)").
 */
#include "suites/entry.h"
#include "vmx/intr_info.h"
#include "platform/cpu.h"

/* --- reserved bits, both ways, per bit (26.2.1.1 / .2 / .3) --- */

/* Flip the row's control bit when the capability MSR fixes it; flexible bits SKIP. */
static void mut_fixed_bit(struct entry_ctx *c)
{
	enum vmx_ctl_kind kind = c->k->p.ctl.kind;
	unsigned bit = c->k->p.ctl.bit;

	if (!ec_may1(c, kind, bit))
		ec_set(c, ec_ctl_field(kind), 1ull << bit);
	else if (!ec_may0(c, kind, bit))
		ec_clear(c, ec_ctl_field(kind), 1ull << bit);
	else
		ec_skip(c, "bit is flexible on this CPU: both settings are legal");
}

#define FB(kind, K, sdm, n)                                                            \
	{ "ctl." kind ".bit" #n, sdm, kind " control bit " #n " set against its capability MSR", \
	  VMX_FEAT_ALWAYS, mut_fixed_bit, NULL, EXPECT_CTL_FAIL, NULL,                \
	  .p.ctl = { VMX_KIND_##K, n } }
#define FB_SEC(n)                                                                      \
	{ "ctl.proc2.bit" #n, "26.2.1.1", "secondary control bit " #n " set against its capability MSR", \
	  VMX_FEAT_SECONDARY, mut_fixed_bit, NULL, EXPECT_CTL_FAIL, NULL,            \
	  .p.ctl = { VMX_KIND_PROC2, n } }
#define FB32(kind, K, sdm)                                                             \
	FB(kind, K, sdm, 0), FB(kind, K, sdm, 1), FB(kind, K, sdm, 2), FB(kind, K, sdm, 3),     \
	FB(kind, K, sdm, 4), FB(kind, K, sdm, 5), FB(kind, K, sdm, 6), FB(kind, K, sdm, 7),     \
	FB(kind, K, sdm, 8), FB(kind, K, sdm, 9), FB(kind, K, sdm, 10), FB(kind, K, sdm, 11),   \
	FB(kind, K, sdm, 12), FB(kind, K, sdm, 13), FB(kind, K, sdm, 14), FB(kind, K, sdm, 15), \
	FB(kind, K, sdm, 16), FB(kind, K, sdm, 17), FB(kind, K, sdm, 18), FB(kind, K, sdm, 19), \
	FB(kind, K, sdm, 20), FB(kind, K, sdm, 21), FB(kind, K, sdm, 22), FB(kind, K, sdm, 23), \
	FB(kind, K, sdm, 24), FB(kind, K, sdm, 25), FB(kind, K, sdm, 26), FB(kind, K, sdm, 27), \
	FB(kind, K, sdm, 28), FB(kind, K, sdm, 29), FB(kind, K, sdm, 30), FB(kind, K, sdm, 31)

/* --- the named rules --- */

static unsigned maxphy(void) { return ec_maxphyaddr(); }
static uint64_t too_wide(void) { return 1ull << maxphy(); }

static uint64_t bad_addr(struct entry_ctx *c, enum entry_addr_bad how)
{
	return how == ADDR_UNALIGNED ? ec_page(c, 0) | 0x800 : how == ADDR_VALID ? ec_page(c, 0) : too_wide();
}

/* The row's bad address into the row's field; a sweep row (.bit) sets that one bit above a valid page. */
static void write_bad_addr(struct entry_ctx *c)
{
	unsigned bit = c->k->p.addr.bit;

	if (c->k->p.addr.how == ADDR_WIDE && bit) {
		if (bit < maxphy()) {
			ec_skip(c, "bit inside the physical-address width: a valid address");
			return;
		}
		ec_write(c, c->k->p.addr.field, ec_page(c, 0) | 1ull << bit);
		return;
	}
	ec_write(c, c->k->p.addr.field, bad_addr(c, c->k->p.addr.how));
}

static void mut_cr3_count(struct entry_ctx *c)
{
	uint32_t n = c->caps->cr3_targets + 1;

	ec_write(c, CR3_TARGET_COUNT, n < 5 ? 5 : n);
}

/* Both bitmaps valid, then the row's one bad. */
static void mut_io_bitmap(struct entry_ctx *c)
{
	if (!ec_enable(c, VMX_KIND_PROC, CPU_BASED_USE_IO_BITMAPS))
		return;
	ec_write(c, IO_BITMAP_A, ec_page(c, 1));
	ec_write(c, IO_BITMAP_B, ec_page(c, 2));
	write_bad_addr(c);
}

static void mut_msr_bitmap(struct entry_ctx *c)
{
	if (!ec_enable(c, VMX_KIND_PROC, CPU_BASED_USE_MSR_BITMAPS))
		return;
	write_bad_addr(c);
}

static void mut_msr_bitmap_ok(struct entry_ctx *c)
{
	if (!ec_enable(c, VMX_KIND_PROC, CPU_BASED_USE_MSR_BITMAPS))
		return;
	ec_write(c, MSR_BITMAP, ec_page(c, 1));
}

static bool tpr_shadow(struct entry_ctx *c, uint64_t vapic)
{
	if (!ec_enable(c, VMX_KIND_PROC, CPU_BASED_TPR_SHADOW))
		return false;
	ec_write(c, VIRTUAL_APIC_PAGE_ADDR, vapic);
	ec_write(c, TPR_THRESHOLD, 0);
	return true;
}

static void mut_vapic(struct entry_ctx *c)
{
	if (tpr_shadow(c, ec_page(c, 1)))
		write_bad_addr(c);
}

static void mut_tpr_threshold_hi(struct entry_ctx *c)
{
	if (tpr_shadow(c, ec_page(c, 1)))
		ec_write(c, TPR_THRESHOLD, 0x10);
}

static void mut_tpr_threshold_vtpr(struct entry_ctx *c)
{
	if (!tpr_shadow(c, ec_page(c, 1)))
		return;
	/* VTPR (offset 0x80) bits 7:4 = 1 < threshold 2. */
	*(volatile uint8_t *)(uintptr_t)(ec_page(c, 1) + 0x80) = 0x10;
	ec_write(c, TPR_THRESHOLD, 2);
}

static void mut_tpr_ok(struct entry_ctx *c)
{
	if (!tpr_shadow(c, ec_page(c, 1)))
		return;
	*(volatile uint8_t *)(uintptr_t)(ec_page(c, 1) + 0x80) = 0x20;
	ec_write(c, TPR_THRESHOLD, 2);
}

static void mut_vnmi_no_nmi_exit(struct entry_ctx *c)
{
	if (ec_disable(c, VMX_KIND_PIN, PIN_BASED_NMI_EXITING))
		ec_enable(c, VMX_KIND_PIN, PIN_BASED_VIRTUAL_NMIS);
}

static void mut_nmi_window_no_vnmi(struct entry_ctx *c)
{
	if (ec_disable(c, VMX_KIND_PIN, PIN_BASED_VIRTUAL_NMIS))
		ec_enable(c, VMX_KIND_PROC, CPU_BASED_NMI_WINDOW_EXITING);
}

static void mut_apic_access(struct entry_ctx *c)
{
	if (ec_enable(c, VMX_KIND_PROC2, SECONDARY_EXEC_VIRTUALIZE_APIC_ACCESSES))
		write_bad_addr(c);
}

/* The row's secondary control, which needs "use TPR shadow". */
static void mut_needs_tpr_shadow(struct entry_ctx *c)
{
	/* virtual-interrupt delivery also needs external-interrupt exiting: keep that rule kept */
	if ((c->k->p.bits & SECONDARY_EXEC_VIRTUAL_INTR_DELIVERY) &&
	    !ec_enable(c, VMX_KIND_PIN, PIN_BASED_EXT_INTR_EXITING))
		return;
	if (ec_disable(c, VMX_KIND_PROC, CPU_BASED_TPR_SHADOW))
		ec_enable(c, VMX_KIND_PROC2, c->k->p.bits);
}

static void mut_x2apic_and_apic_access(struct entry_ctx *c)
{
	if (!tpr_shadow(c, ec_page(c, 1)))
		return;
	ec_write(c, APIC_ACCESS_ADDR, ec_page(c, 2));
	ec_enable(c, VMX_KIND_PROC2, SECONDARY_EXEC_VIRTUALIZE_X2APIC_MODE |
		  SECONDARY_EXEC_VIRTUALIZE_APIC_ACCESSES);
}

static void mut_vid_no_ext_exit(struct entry_ctx *c)
{
	if (!tpr_shadow(c, ec_page(c, 1)))
		return;
	if (ec_disable(c, VMX_KIND_PIN, PIN_BASED_EXT_INTR_EXITING))
		ec_enable(c, VMX_KIND_PROC2, SECONDARY_EXEC_VIRTUAL_INTR_DELIVERY);
}

/* Posted interrupts with the row's setup (valid but for one rule). */
static void mut_posted(struct entry_ctx *c)
{
	const typeof(c->k->p.posted) *p = &c->k->p.posted;

	if (!tpr_shadow(c, ec_page(c, 1)))
		return;
	if (!ec_enable(c, VMX_KIND_PIN, PIN_BASED_EXT_INTR_EXITING | PIN_BASED_POSTED_INTR))
		return;
	if (p->vid && !ec_enable(c, VMX_KIND_PROC2, SECONDARY_EXEC_VIRTUAL_INTR_DELIVERY))
		return;
	if (p->ack ? !ec_enable(c, VMX_KIND_EXIT, VM_EXIT_ACK_INTR_ON_EXIT)
		   : !ec_disable(c, VMX_KIND_EXIT, VM_EXIT_ACK_INTR_ON_EXIT))
		return;
	ec_write(c, POSTED_INTR_NOTIFICATION_VECTOR, p->vector);
	ec_write(c, POSTED_INTR_DESC_ADDR, ec_page(c, 2) + p->desc_offset);
	if (p->desc_too_wide)
		ec_write(c, POSTED_INTR_DESC_ADDR, too_wide());
}

static void mut_vpid0(struct entry_ctx *c)
{
	if (ec_enable(c, VMX_KIND_PROC2, SECONDARY_EXEC_ENABLE_VPID))
		ec_write(c, VIRTUAL_PROCESSOR_ID, 0);
}

/* IA32_VMX_EPT_VPID_CAP bits (A.10) used for EPTP checks. */
#define EPTCAP_WALK4 (1ull << 6)
#define EPTCAP_AD (1ull << 21)

#define good_eptp ec_eptp

/* EPTP bits 2:0 memory type, 5:3 page-walk length - 1, 6 A/D flags (24.6.11). */
#define EPTP_MEMTYPE_MASK 7ull
#define EPTP_WALK_MASK 0x38ull
#define EPTP_WALK(n) ((uint64_t)((n) - 1) << 3)
#define EPTP_AD (1ull << 6)

/* A valid EPTP with the row's bits cleared and set. Page-walk length 2 is
 * never supported (A.10 offers 4 and 5). */
static void mut_eptp(struct entry_ctx *c)
{
	uint64_t e = good_eptp(c);

	if (!ec_enable(c, VMX_KIND_PROC2, SECONDARY_EXEC_ENABLE_EPT))
		return;
	ec_write(c, EPT_POINTER, (e & ~c->k->p.mask.clear) | c->k->p.mask.set);
}

static void mut_eptp_too_wide(struct entry_ctx *c)
{
	uint64_t e = good_eptp(c);

	if (ec_enable(c, VMX_KIND_PROC2, SECONDARY_EXEC_ENABLE_EPT))
		ec_write(c, EPT_POINTER, e | too_wide());
}

static void mut_eptp_ad(struct entry_ctx *c)
{
	uint64_t e = good_eptp(c);

	if (!ec_enable(c, VMX_KIND_PROC2, SECONDARY_EXEC_ENABLE_EPT))
		return;
	if (c->caps->ept_vpid & EPTCAP_AD) {
		ec_skip(c, "EPT accessed/dirty flags are supported: bit 6 is legal");
		return;
	}
	ec_write(c, EPT_POINTER, e | EPTP_AD);
}

/* The row's secondary control, which needs "enable EPT". */
static void mut_needs_ept(struct entry_ctx *c)
{
	if (!ec_disable(c, VMX_KIND_PROC2, SECONDARY_EXEC_ENABLE_EPT))
		return;
	if (c->k->p.bits == SECONDARY_EXEC_ENABLE_PML)
		ec_write(c, PML_ADDRESS, ec_page(c, 1));
	ec_enable(c, VMX_KIND_PROC2, c->k->p.bits);
}

static void mut_pml_addr(struct entry_ctx *c)
{
	if (!ec_enable(c, VMX_KIND_PROC2, SECONDARY_EXEC_ENABLE_EPT | SECONDARY_EXEC_ENABLE_PML))
		return;
	ec_write(c, EPT_POINTER, good_eptp(c));
	write_bad_addr(c);
}

static void mut_ve_addr(struct entry_ctx *c)
{
	if (!ec_enable(c, VMX_KIND_PROC2, SECONDARY_EXEC_ENABLE_EPT | SECONDARY_EXEC_EPT_VIOLATION_VE))
		return;
	ec_write(c, EPT_POINTER, good_eptp(c));
	write_bad_addr(c);
}

static void mut_vmfunc_reserved(struct entry_ctx *c)
{
	uint64_t bad = ~c->caps->vmfunc;

	if (!bad) {
		ec_skip(c, "every VM-function control bit is allowed");
		return;
	}
	if (ec_enable(c, VMX_KIND_PROC2, SECONDARY_EXEC_ENABLE_VMFUNC))
		ec_write(c, VM_FUNCTION_CONTROL, bad & -bad);
}

static void mut_eptp_switch_no_ept(struct entry_ctx *c)
{
	if (!ec_disable(c, VMX_KIND_PROC2, SECONDARY_EXEC_ENABLE_EPT))
		return;
	if (ec_enable(c, VMX_KIND_PROC2, SECONDARY_EXEC_ENABLE_VMFUNC)) {
		ec_write(c, EPTP_LIST_ADDRESS, ec_page(c, 1));
		ec_write(c, VM_FUNCTION_CONTROL, 1);
	}
}

static void mut_eptp_list_addr(struct entry_ctx *c)
{
	if (!ec_enable(c, VMX_KIND_PROC2, SECONDARY_EXEC_ENABLE_EPT | SECONDARY_EXEC_ENABLE_VMFUNC))
		return;
	ec_write(c, EPT_POINTER, good_eptp(c));
	write_bad_addr(c);
	ec_write(c, VM_FUNCTION_CONTROL, 1);
}

/* Both bitmaps valid, then the row's one bad. */
static void mut_shadow_bitmaps(struct entry_ctx *c)
{
	if (!ec_enable(c, VMX_KIND_PROC2, SECONDARY_EXEC_SHADOW_VMCS))
		return;
	ec_write(c, VMREAD_BITMAP, ec_page(c, 1));
	ec_write(c, VMWRITE_BITMAP, ec_page(c, 2));
	write_bad_addr(c);
}

static void mut_save_timer_no_timer(struct entry_ctx *c)
{
	if (ec_disable(c, VMX_KIND_PIN, PIN_BASED_VMX_PREEMPTION_TIMER))
		ec_enable(c, VMX_KIND_EXIT, VM_EXIT_SAVE_VMX_PREEMPTION_TIMER);
}

/*
 * Positive twins of the dependency rules: each feature with what it needs
 * turned on, valid values everywhere. A twin that enters shows that the
 * set-up the negative rows share is itself sound.
 */
enum twin_kind {
	TWIN_VNMI,          /* virtual NMIs with NMI exiting */
	TWIN_NMI_WINDOW,    /* NMI-window exiting with virtual NMIs (exits at once: reason 8) */
	TWIN_X2APIC,        /* virtualize x2APIC mode with use TPR shadow */
	TWIN_APIC_REG,      /* APIC-register virtualization with use TPR shadow */
	TWIN_VID,           /* virtual-interrupt delivery with TPR shadow and external-interrupt exiting */
	TWIN_POSTED,        /* posted interrupts with VID, acknowledge on exit, vector 0xF2, aligned descriptor */
	TWIN_VPID,          /* enable VPID with VPID 1 */
	TWIN_EPT,           /* enable EPT with a valid EPTP (empty tables: EPT violation at the first fetch) */
	TWIN_UNRESTRICTED,  /* unrestricted guest with EPT */
	TWIN_MBEC,          /* mode-based execute control with EPT */
	TWIN_SAVE_TIMER,    /* save VMX-preemption timer value with the timer active */
};

static void mut_twin(struct entry_ctx *c)
{
	switch ((enum twin_kind)c->k->p.which) {
	case TWIN_VNMI:
		ec_enable(c, VMX_KIND_PIN, PIN_BASED_NMI_EXITING | PIN_BASED_VIRTUAL_NMIS);
		break;
	case TWIN_NMI_WINDOW:
		if (ec_enable(c, VMX_KIND_PIN, PIN_BASED_NMI_EXITING | PIN_BASED_VIRTUAL_NMIS))
			ec_enable(c, VMX_KIND_PROC, CPU_BASED_NMI_WINDOW_EXITING);
		break;
	case TWIN_X2APIC:
		if (tpr_shadow(c, ec_page(c, 1)))
			ec_enable(c, VMX_KIND_PROC2, SECONDARY_EXEC_VIRTUALIZE_X2APIC_MODE);
		break;
	case TWIN_APIC_REG:
		if (tpr_shadow(c, ec_page(c, 1)))
			ec_enable(c, VMX_KIND_PROC2, SECONDARY_EXEC_APIC_REGISTER_VIRT);
		break;
	case TWIN_VID:
		if (tpr_shadow(c, ec_page(c, 1)) && ec_enable(c, VMX_KIND_PIN, PIN_BASED_EXT_INTR_EXITING))
			ec_enable(c, VMX_KIND_PROC2, SECONDARY_EXEC_VIRTUAL_INTR_DELIVERY);
		break;
	case TWIN_POSTED:
		mut_posted(c);
		break;
	case TWIN_VPID:
		if (ec_enable(c, VMX_KIND_PROC2, SECONDARY_EXEC_ENABLE_VPID))
			ec_write(c, VIRTUAL_PROCESSOR_ID, 1);
		break;
	case TWIN_EPT:
	case TWIN_UNRESTRICTED:
	case TWIN_MBEC:
		if (!ec_enable(c, VMX_KIND_PROC2, SECONDARY_EXEC_ENABLE_EPT))
			return;
		ec_write(c, EPT_POINTER, good_eptp(c));
		if (c->k->p.which == TWIN_UNRESTRICTED)
			ec_enable(c, VMX_KIND_PROC2, SECONDARY_EXEC_UNRESTRICTED_GUEST);
		if (c->k->p.which == TWIN_MBEC)
			ec_enable(c, VMX_KIND_PROC2, SECONDARY_EXEC_MODE_BASED_EPT_EXEC);
		break;
	case TWIN_SAVE_TIMER:
		ec_enable(c, VMX_KIND_PIN, PIN_BASED_VMX_PREEMPTION_TIMER);
		ec_enable(c, VMX_KIND_EXIT, VM_EXIT_SAVE_VMX_PREEMPTION_TIMER);
		break;
	}
}

/* The row's MSR area: ADDR_UNALIGNED one entry at bits 3:0 = 8, ADDR_WIDE an
 * aligned start whose second 16-byte entry ends beyond the width. */
static void mut_msr_area(struct entry_ctx *c)
{
	const typeof(c->k->p.area) *a = &c->k->p.area;

	if (a->how == ADDR_VALID) {
		/* one entry: IA32_SYSENTER_CS (0x174) with its own value, harmless to load or store */
		uint64_t *e = (uint64_t *)(uintptr_t)ec_page(c, 1);

		e[0] = 0x174;
		e[1] = rdmsr(0x174);
		ec_write(c, a->count, 1);
		ec_write(c, a->addr, ec_page(c, 1));
	} else if (a->how == ADDR_WIDE) {
		ec_write(c, a->count, 2);
		ec_write(c, a->addr, too_wide() - 16);
	} else {
		ec_write(c, a->count, 1);
		ec_write(c, a->addr, ec_page(c, 1) + 8);
	}
}

/* Event injection: the row's interruption information, error code and instruction length. */
static void mut_inject(struct entry_ctx *c)
{
	ec_write(c, VM_ENTRY_INTR_INFO_FIELD, c->k->p.inject.info);
	ec_write(c, VM_ENTRY_EXCEPTION_ERROR_CODE, c->k->p.inject.error_code);
	ec_write(c, VM_ENTRY_INSTRUCTION_LEN, c->k->p.inject.len);
}

/*
 * Type 7 ("other event") is defined only on a CPU that allows the
 * monitor trap flag; there its vector must be 0 (26.2.1.3). Without MTF the
 * type itself is reserved, a rule of its own (ctl.inject.type7_reserved).
 */
static void mut_inject_other(struct entry_ctx *c)
{
	if (!ec_may1(c, VMX_KIND_PROC, 27)) {
		ec_skip(c, "no monitor trap flag: type 7 is reserved here, which ctl.inject.type7_reserved tests");
		return;
	}
	mut_inject(c);
}

/* Type 7 where the CPU has no monitor trap flag: a reserved type. */
static void mut_inject_type7(struct entry_ctx *c)
{
	if (ec_may1(c, VMX_KIND_PROC, 27)) {
		ec_skip(c, "the CPU allows the monitor trap flag: type 7 is defined (ctl.inject.other_vector tests its vector)");
		return;
	}
	if (c->bochs) {
		/* Bochs 2.7 cpu/vmx.cc checks type 7 only with MTF, then PANICs injecting it */
		ec_skip(c, "Bochs 2.7 skips this check and then stops (PANIC \"unsupported event injection type 7\")");
		return;
	}
	mut_inject(c);
}

/* An injection row: interruption information, error code, instruction length. */
#define INJ(info, err, len) .p.inject = { (info), (err), (len) }

/* Software interrupt/exception with instruction length 0: legal only with MISC bit 30 (26.2.1.3). */
static void expect_len0(const struct entry_ctx *c, struct outcome *e)
{
	/* When legal, the event is injected, faults in delivery (guest IDTR limit 0: #GP, the
	 * events here are benign) and exits with reason 0. */
	*e = c->caps->zero_len_inject ? outcome_exc_exit(VEC_GP, false, 0)
				      : OUTCOME_VALID_V(VMXERR_ENTRY_INVALID_CONTROLS);
}

/*
 * Error-code consistency of an injected hardware exception (26.2.1.3): with
 * IA32_VMX_BASIC[56] = 1 any hardware exception may be injected with or
 * without an error code, so the entry succeeds; the event then faults in
 * delivery (guest IDTR limit 0) and exits with reason 0.
 */
static void expect_errcode(const struct entry_ctx *c, struct outcome *e)
{
	uint32_t v = c->k->p.inject.info & INTR_INFO_VECTOR_MASK;

	/* Entered, the delivery faults (#GP). A benign #UD stays #GP; a #GP
	 * during #GP delivery would be a double fault: there only the reason. */
	*e = !c->caps->entry_no_errcode ? OUTCOME_VALID_V(VMXERR_ENTRY_INVALID_CONTROLS)
	     : v == 6 ? outcome_exc_exit(VEC_GP, false, 0) : outcome_make(OUTCOME_VMEXIT, 0, 0);
}

static void mut_entry_smm(struct entry_ctx *c)
{
	ec_enable(c, VMX_KIND_ENTRY, c->k->p.bits);
}

/*
 * 64-bit allowed-1-only controls (A.3.4 tertiary, A.4.2 secondary exit): turn
 * on the control @p on of @p kind that activates @p field, then set the
 * lowest bit @p cap does not allow.
 */
static void ctl64_reserved(struct entry_ctx *c, const struct vmx_ctl64 *cap,
			   enum vmx_ctl_kind kind, uint64_t on, uint32_t field)
{
	uint64_t bad = ~cap->allowed1;

	if (!bad) {
		ec_skip(c, "every bit of this control may be 1");
		return;
	}
	if (ec_enable(c, kind, on))
		ec_write(c, field, bad & -bad);
}

static void mut_proc3_reserved(struct entry_ctx *c)
{
	ctl64_reserved(c, &c->caps->procbased3, VMX_KIND_PROC, CPU_BASED_ACTIVATE_TERTIARY_CONTROLS,
		       TERTIARY_VM_EXEC_CONTROL);
}

static void mut_exit2_reserved(struct entry_ctx *c)
{
	ctl64_reserved(c, &c->caps->exit2, VMX_KIND_EXIT, VM_EXIT_ACTIVATE_SECONDARY_CONTROLS,
		       SECONDARY_VM_EXIT_CONTROLS);
}

static const struct entry_case cases[] = {
	FB32("pin", PIN, "26.2.1.1"),
	FB32("proc", PROC, "26.2.1.1"),
	FB_SEC(0), FB_SEC(1), FB_SEC(2), FB_SEC(3), FB_SEC(4), FB_SEC(5), FB_SEC(6), FB_SEC(7),
	FB_SEC(8), FB_SEC(9), FB_SEC(10), FB_SEC(11), FB_SEC(12), FB_SEC(13), FB_SEC(14),
	FB_SEC(15), FB_SEC(16), FB_SEC(17), FB_SEC(18), FB_SEC(19), FB_SEC(20), FB_SEC(21),
	FB_SEC(22), FB_SEC(23), FB_SEC(24), FB_SEC(25), FB_SEC(26), FB_SEC(27), FB_SEC(28),
	FB_SEC(29), FB_SEC(30), FB_SEC(31),
	FB32("exit", EXIT, "26.2.1.2"),
	FB32("entry", ENTRY, "26.2.1.3"),

	{ "ctl.proc3.reserved", "26.2.1.1", "tertiary control bit not allowed by IA32_VMX_PROCBASED_CTLS3",
	  VMX_FEAT_TERTIARY, mut_proc3_reserved, NULL, EXPECT_CTL_FAIL, NULL, { 0 } },
	{ "ctl.exit2.reserved", "26.2.1.2", "secondary VM-exit control bit not allowed by IA32_VMX_EXIT_CTLS2",
	  VMX_FEAT_EXIT_SECONDARY, mut_exit2_reserved, NULL, EXPECT_CTL_FAIL, NULL, { 0 } },
	{ "ctl.cr3_target_count", "26.2.1.1", "CR3-target count above IA32_VMX_MISC[24:16] (and 4)",
	  VMX_FEAT_ALWAYS, mut_cr3_count, NULL, EXPECT_CTL_FAIL, NULL, { 0 } },
	{ "ctl.io_bitmap_a.unaligned", "26.2.1.1", "I/O bitmap A address bits 11:0 not 0",
	  VMX_FEAT_IO_BITMAPS, mut_io_bitmap, NULL, EXPECT_CTL_FAIL, NULL, .p.addr = { IO_BITMAP_A, ADDR_UNALIGNED } },
	{ "ctl.io_bitmap_a.too_wide", "26.2.1.1", "I/O bitmap A address beyond the physical-address width",
	  VMX_FEAT_IO_BITMAPS, mut_io_bitmap, NULL, EXPECT_CTL_FAIL, NULL, .p.addr = { IO_BITMAP_A, ADDR_WIDE } },
	{ "ctl.io_bitmap_b.unaligned", "26.2.1.1", "I/O bitmap B address bits 11:0 not 0",
	  VMX_FEAT_IO_BITMAPS, mut_io_bitmap, NULL, EXPECT_CTL_FAIL, NULL, .p.addr = { IO_BITMAP_B, ADDR_UNALIGNED } },
	{ "ctl.io_bitmap_b.too_wide", "26.2.1.1", "I/O bitmap B address beyond the physical-address width",
	  VMX_FEAT_IO_BITMAPS, mut_io_bitmap, NULL, EXPECT_CTL_FAIL, NULL, .p.addr = { IO_BITMAP_B, ADDR_WIDE } },
	{ "ctl.io_bitmap.valid", "26.2.1.1", "use I/O bitmaps with both bitmaps valid enters (twin)",
	  VMX_FEAT_IO_BITMAPS, mut_io_bitmap, NULL, EXPECT_OK, NULL, .p.addr = { IO_BITMAP_A, ADDR_VALID } },
	{ "ctl.msr_bitmap.unaligned", "26.2.1.1", "MSR-bitmap address bits 11:0 not 0",
	  VMX_FEAT_MSR_BITMAPS, mut_msr_bitmap, NULL, EXPECT_CTL_FAIL, NULL, .p.addr = { MSR_BITMAP, ADDR_UNALIGNED } },
	{ "ctl.msr_bitmap.too_wide", "26.2.1.1", "MSR-bitmap address beyond the physical-address width",
	  VMX_FEAT_MSR_BITMAPS, mut_msr_bitmap, NULL, EXPECT_CTL_FAIL, NULL, .p.addr = { MSR_BITMAP, ADDR_WIDE } },
	{ "ctl.msr_bitmap.valid", "26.2.1.1", "a valid MSR-bitmap address enters",
	  VMX_FEAT_MSR_BITMAPS, mut_msr_bitmap_ok, NULL, EXPECT_OK, NULL, { 0 } },
	{ "ctl.vapic.unaligned", "26.2.1.1", "use TPR shadow: virtual-APIC address bits 11:0 not 0",
	  VMX_FEAT_TPR_SHADOW, mut_vapic, NULL, EXPECT_CTL_FAIL, NULL, .p.addr = { VIRTUAL_APIC_PAGE_ADDR, ADDR_UNALIGNED } },
	{ "ctl.vapic.too_wide", "26.2.1.1", "use TPR shadow: virtual-APIC address beyond the width",
	  VMX_FEAT_TPR_SHADOW, mut_vapic, NULL, EXPECT_CTL_FAIL, NULL, .p.addr = { VIRTUAL_APIC_PAGE_ADDR, ADDR_WIDE } },
	{ "ctl.tpr_threshold.bits31_4", "26.2.1.1", "TPR threshold bits 31:4 set (no virtual-interrupt delivery)",
	  VMX_FEAT_TPR_SHADOW, mut_tpr_threshold_hi, NULL, EXPECT_CTL_FAIL, NULL, { 0 } },
	{ "ctl.tpr_threshold.above_vtpr", "26.2.1.1", "TPR threshold above VTPR[7:4] (no APIC virtualization)",
	  VMX_FEAT_TPR_SHADOW, mut_tpr_threshold_vtpr, NULL, EXPECT_CTL_FAIL, NULL, { 0 } },
	{ "ctl.tpr_threshold.valid", "26.2.1.1", "TPR threshold below VTPR[7:4] enters",
	  VMX_FEAT_TPR_SHADOW, mut_tpr_ok, NULL, EXPECT_OK, NULL, { 0 } },
	{ "ctl.nmi.virtual_without_exiting", "26.2.1.1", "virtual NMIs = 1 with NMI exiting = 0",
	  VMX_FEAT_ALWAYS, mut_vnmi_no_nmi_exit, NULL, EXPECT_CTL_FAIL, NULL, { 0 } },
	{ "ctl.nmi.window_without_virtual", "26.2.1.1", "NMI-window exiting = 1 with virtual NMIs = 0",
	  VMX_FEAT_ALWAYS, mut_nmi_window_no_vnmi, NULL, EXPECT_CTL_FAIL, NULL, { 0 } },
	{ "ctl.nmi.virtual_with_exiting", "26.2.1.1", "virtual NMIs with NMI exiting enters (twin)",
	  VMX_FEAT_ALWAYS, mut_twin, NULL, EXPECT_OK, NULL, .p.which = TWIN_VNMI },
	{ "ctl.nmi.window_with_virtual", "26.2.1.1", "NMI-window exiting with virtual NMIs enters and exits at once (reason 8, twin)",
	  VMX_FEAT_ALWAYS, mut_twin, NULL, EXPECT_VMEXIT(8), NULL, .p.which = TWIN_NMI_WINDOW },
	{ "ctl.apic_access.unaligned", "26.2.1.1", "APIC-access address bits 11:0 not 0",
	  VMX_FEAT_APIC_ACCESS, mut_apic_access, NULL, EXPECT_CTL_FAIL, NULL, .p.addr = { APIC_ACCESS_ADDR, ADDR_UNALIGNED } },
	{ "ctl.apic_access.too_wide", "26.2.1.1", "APIC-access address beyond the width",
	  VMX_FEAT_APIC_ACCESS, mut_apic_access, NULL, EXPECT_CTL_FAIL, NULL, .p.addr = { APIC_ACCESS_ADDR, ADDR_WIDE } },
	{ "ctl.apic_access.valid", "26.2.1.1", "virtualize APIC accesses with a valid APIC-access address enters (twin)",
	  VMX_FEAT_APIC_ACCESS, mut_apic_access, NULL, EXPECT_OK, NULL, .p.addr = { APIC_ACCESS_ADDR, ADDR_VALID } },
	{ "ctl.x2apic.without_tpr_shadow", "26.2.1.1", "virtualize x2APIC mode = 1 with use TPR shadow = 0",
	  VMX_FEAT_SECONDARY, mut_needs_tpr_shadow, NULL, EXPECT_CTL_FAIL, NULL,
	  .p.bits = SECONDARY_EXEC_VIRTUALIZE_X2APIC_MODE },
	{ "ctl.x2apic.with_tpr_shadow", "26.2.1.1", "virtualize x2APIC mode with use TPR shadow enters (twin)",
	  VMX_FEAT_SECONDARY, mut_twin, NULL, EXPECT_OK, NULL, .p.which = TWIN_X2APIC },
	{ "ctl.apic_reg_virt.without_tpr_shadow", "26.2.1.1", "APIC-register virtualization = 1 with use TPR shadow = 0",
	  VMX_FEAT_SECONDARY, mut_needs_tpr_shadow, NULL, EXPECT_CTL_FAIL, NULL, .p.bits = SECONDARY_EXEC_APIC_REGISTER_VIRT },
	{ "ctl.apic_reg_virt.with_tpr_shadow", "26.2.1.1", "APIC-register virtualization with use TPR shadow enters (twin)",
	  VMX_FEAT_SECONDARY, mut_twin, NULL, EXPECT_OK, NULL, .p.which = TWIN_APIC_REG },
	{ "ctl.vid.without_tpr_shadow", "26.2.1.1", "virtual-interrupt delivery = 1 with use TPR shadow = 0",
	  VMX_FEAT_SECONDARY, mut_needs_tpr_shadow, NULL, EXPECT_CTL_FAIL, NULL, .p.bits = SECONDARY_EXEC_VIRTUAL_INTR_DELIVERY },
	{ "ctl.x2apic.with_apic_access", "26.2.1.1", "virtualize x2APIC mode and virtualize APIC accesses both 1",
	  VMX_FEAT_APIC_ACCESS, mut_x2apic_and_apic_access, NULL, EXPECT_CTL_FAIL, NULL, { 0 } },
	{ "ctl.vid.without_ext_intr_exiting", "26.2.1.1", "virtual-interrupt delivery = 1 with external-interrupt exiting = 0",
	  VMX_FEAT_VINTR_DELIVERY, mut_vid_no_ext_exit, NULL, EXPECT_CTL_FAIL, NULL, { 0 } },
	{ "ctl.vid.valid", "26.2.1.1", "virtual-interrupt delivery with TPR shadow and external-interrupt exiting enters (twin)",
	  VMX_FEAT_VINTR_DELIVERY, mut_twin, NULL, EXPECT_OK, NULL, .p.which = TWIN_VID },
	{ "ctl.posted.without_vid", "26.2.1.1", "process posted interrupts = 1 with virtual-interrupt delivery = 0",
	  VMX_FEAT_POSTED_INTR, mut_posted, NULL, EXPECT_CTL_FAIL, NULL, .p.posted = { .vid = false, .ack = true, .vector = 0xf2 } },
	{ "ctl.posted.without_ack", "26.2.1.1", "process posted interrupts = 1 with acknowledge interrupt on exit = 0",
	  VMX_FEAT_POSTED_INTR, mut_posted, NULL, EXPECT_CTL_FAIL, NULL, .p.posted = { .vid = true, .ack = false, .vector = 0xf2 } },
	{ "ctl.posted.vector_hi", "26.2.1.1", "posted-interrupt notification vector bits 15:8 not 0",
	  VMX_FEAT_POSTED_INTR, mut_posted, NULL, EXPECT_CTL_FAIL, NULL, .p.posted = { .vid = true, .ack = true, .vector = 0x1f2 } },
	{ "ctl.posted.desc_unaligned", "26.2.1.1", "posted-interrupt descriptor address bits 5:0 not 0",
	  VMX_FEAT_POSTED_INTR, mut_posted, NULL, EXPECT_CTL_FAIL, NULL, .p.posted = { .vid = true, .ack = true, .vector = 0xf2, .desc_offset = 0x20 } },
	{ "ctl.posted.desc_too_wide", "26.2.1.1", "posted-interrupt descriptor address beyond the width",
	  VMX_FEAT_POSTED_INTR, mut_posted, NULL, EXPECT_CTL_FAIL, NULL, .p.posted = { .vid = true, .ack = true, .vector = 0xf2, .desc_too_wide = true } },
	{ "ctl.posted.valid", "26.2.1.1", "posted interrupts with VID, acknowledge on exit, vector 0xF2, aligned descriptor enters (twin)",
	  VMX_FEAT_POSTED_INTR, mut_posted, NULL, EXPECT_OK, NULL, .p.posted = { .vid = true, .ack = true, .vector = 0xf2 } },
	{ "ctl.vpid.zero", "26.2.1.1", "enable VPID = 1 with VPID 0",
	  VMX_FEAT_VPID, mut_vpid0, NULL, EXPECT_CTL_FAIL, NULL, { 0 } },
	{ "ctl.vpid.valid", "26.2.1.1", "enable VPID with VPID 1 enters (twin)",
	  VMX_FEAT_VPID, mut_twin, NULL, EXPECT_OK, NULL, .p.which = TWIN_VPID },
	{ "ctl.eptp.memtype2", "26.2.1.1", "EPTP memory type 2 (reserved)",
	  VMX_FEAT_EPT, mut_eptp, NULL, EXPECT_CTL_FAIL, NULL, .p.mask = { .clear = EPTP_MEMTYPE_MASK, .set = 2 } },
	{ "ctl.eptp.memtype7", "26.2.1.1", "EPTP memory type 7 (reserved)",
	  VMX_FEAT_EPT, mut_eptp, NULL, EXPECT_CTL_FAIL, NULL, .p.mask = { .clear = EPTP_MEMTYPE_MASK, .set = 7 } },
	{ "ctl.eptp.walk_length", "26.2.1.1", "EPTP bits 5:3 = 1 (page-walk length 2): not supported",
	  VMX_FEAT_EPT, mut_eptp, NULL, EXPECT_CTL_FAIL, NULL, .p.mask = { .clear = EPTP_WALK_MASK, .set = EPTP_WALK(2) } },
	{ "ctl.eptp.reserved_bits", "26.2.1.1", "EPTP reserved bit 10 set",
	  VMX_FEAT_EPT, mut_eptp, NULL, EXPECT_CTL_FAIL, NULL, .p.mask = { .set = 1u << 10 } },
	{ "ctl.eptp.too_wide", "26.2.1.1", "EPTP beyond the physical-address width",
	  VMX_FEAT_EPT, mut_eptp_too_wide, NULL, EXPECT_CTL_FAIL, NULL, { 0 } },
	{ "ctl.eptp.valid", "26.2.1.1", "enable EPT with a valid EPTP enters; the first fetch hits the empty tables (exit 48, twin)",
	  VMX_FEAT_EPT, mut_twin, NULL, EXPECT_VMEXIT(48), NULL, .p.which = TWIN_EPT },
	{ "ctl.eptp.ad_unsupported", "26.2.1.1", "EPTP bit 6 (A/D flags) set where A/D is not supported",
	  VMX_FEAT_EPT, mut_eptp_ad, NULL, EXPECT_CTL_FAIL, NULL, { 0 } },
	{ "ctl.unrestricted.without_ept", "26.2.1.1", "unrestricted guest = 1 with enable EPT = 0",
	  VMX_FEAT_EPT, mut_needs_ept, NULL, EXPECT_CTL_FAIL, NULL, .p.bits = SECONDARY_EXEC_UNRESTRICTED_GUEST },
	{ "ctl.unrestricted.with_ept", "26.2.1.1", "unrestricted guest with EPT enters (exit 48 on the empty tables, twin)",
	  VMX_FEAT_EPT, mut_twin, NULL, EXPECT_VMEXIT(48), NULL, .p.which = TWIN_UNRESTRICTED },
	{ "ctl.pml.without_ept", "26.2.1.1", "enable PML = 1 with enable EPT = 0",
	  VMX_FEAT_PML, mut_needs_ept, NULL, EXPECT_CTL_FAIL, NULL, .p.bits = SECONDARY_EXEC_ENABLE_PML },
	{ "ctl.mbec.without_ept", "26.2.1.1", "mode-based execute control for EPT = 1 with enable EPT = 0",
	  VMX_FEAT_EPT, mut_needs_ept, NULL, EXPECT_CTL_FAIL, NULL, .p.bits = SECONDARY_EXEC_MODE_BASED_EPT_EXEC },
	{ "ctl.mbec.with_ept", "26.2.1.1", "mode-based execute control with EPT enters (exit 48 on the empty tables, twin)",
	  VMX_FEAT_EPT, mut_twin, NULL, EXPECT_VMEXIT(48), NULL, .p.which = TWIN_MBEC },
	{ "ctl.pml.unaligned", "26.2.1.1", "PML address bits 11:0 not 0",
	  VMX_FEAT_PML, mut_pml_addr, NULL, EXPECT_CTL_FAIL, NULL, .p.addr = { PML_ADDRESS, ADDR_UNALIGNED } },
	{ "ctl.pml.too_wide", "26.2.1.1", "PML address beyond the width",
	  VMX_FEAT_PML, mut_pml_addr, NULL, EXPECT_CTL_FAIL, NULL, .p.addr = { PML_ADDRESS, ADDR_WIDE } },
	{ "ctl.pml.valid", "26.2.1.1", "PML with EPT and a valid PML address enters (exit 48 on the empty tables, twin)",
	  VMX_FEAT_PML, mut_pml_addr, NULL, EXPECT_VMEXIT(48), NULL, .p.addr = { PML_ADDRESS, ADDR_VALID } },
	{ "ctl.ve.unaligned", "26.2.1.1", "virtualization-exception information address bits 11:0 not 0",
	  VMX_FEAT_EPT_VE, mut_ve_addr, NULL, EXPECT_CTL_FAIL, NULL, .p.addr = { VE_INFORMATION_ADDRESS, ADDR_UNALIGNED } },
	{ "ctl.ve.too_wide", "26.2.1.1", "virtualization-exception information address beyond the width",
	  VMX_FEAT_EPT_VE, mut_ve_addr, NULL, EXPECT_CTL_FAIL, NULL, .p.addr = { VE_INFORMATION_ADDRESS, ADDR_WIDE } },
	{ "ctl.vmfunc.reserved", "26.2.1.1", "VM-function control bit not allowed by IA32_VMX_VMFUNC",
	  VMX_FEAT_VMFUNC, mut_vmfunc_reserved, NULL, EXPECT_CTL_FAIL, NULL, { 0 } },
	{ "ctl.vmfunc.eptp_switch_without_ept", "26.2.1.1", "EPTP switching = 1 with enable EPT = 0",
	  VMX_FEAT_EPTP_SWITCHING, mut_eptp_switch_no_ept, NULL, EXPECT_CTL_FAIL, NULL, { 0 } },
	{ "ctl.vmfunc.eptp_list_unaligned", "26.2.1.1", "EPTP-list address bits 11:0 not 0",
	  VMX_FEAT_EPTP_SWITCHING, mut_eptp_list_addr, NULL, EXPECT_CTL_FAIL, NULL, .p.addr = { EPTP_LIST_ADDRESS, ADDR_UNALIGNED } },
	{ "ctl.vmfunc.eptp_list_too_wide", "26.2.1.1", "EPTP-list address beyond the width",
	  VMX_FEAT_EPTP_SWITCHING, mut_eptp_list_addr, NULL, EXPECT_CTL_FAIL, NULL, .p.addr = { EPTP_LIST_ADDRESS, ADDR_WIDE } },
	{ "ctl.vmfunc.eptp_list_valid", "26.2.1.1", "EPTP switching with EPT and a valid EPTP-list address enters (exit 48, twin)",
	  VMX_FEAT_EPTP_SWITCHING, mut_eptp_list_addr, NULL, EXPECT_VMEXIT(48), NULL, .p.addr = { EPTP_LIST_ADDRESS, ADDR_VALID } },
	{ "ctl.shadow.vmread_bitmap_unaligned", "26.2.1.1", "VMREAD-bitmap address bits 11:0 not 0",
	  VMX_FEAT_SHADOWING, mut_shadow_bitmaps, NULL, EXPECT_CTL_FAIL, NULL, .p.addr = { VMREAD_BITMAP, ADDR_UNALIGNED } },
	{ "ctl.shadow.vmread_bitmap_too_wide", "26.2.1.1", "VMREAD-bitmap address beyond the width",
	  VMX_FEAT_SHADOWING, mut_shadow_bitmaps, NULL, EXPECT_CTL_FAIL, NULL, .p.addr = { VMREAD_BITMAP, ADDR_WIDE } },
	{ "ctl.shadow.vmwrite_bitmap_unaligned", "26.2.1.1", "VMWRITE-bitmap address bits 11:0 not 0",
	  VMX_FEAT_SHADOWING, mut_shadow_bitmaps, NULL, EXPECT_CTL_FAIL, NULL, .p.addr = { VMWRITE_BITMAP, ADDR_UNALIGNED } },
	{ "ctl.shadow.vmwrite_bitmap_too_wide", "26.2.1.1", "VMWRITE-bitmap address beyond the width",
	  VMX_FEAT_SHADOWING, mut_shadow_bitmaps, NULL, EXPECT_CTL_FAIL, NULL, .p.addr = { VMWRITE_BITMAP, ADDR_WIDE } },
	{ "ctl.shadow.bitmaps_valid", "26.2.1.1", "VMCS shadowing with valid VMREAD/VMWRITE bitmaps enters (twin)",
	  VMX_FEAT_SHADOWING, mut_shadow_bitmaps, NULL, EXPECT_OK, NULL, .p.addr = { VMREAD_BITMAP, ADDR_VALID } },
	{ "ctl.exit.save_timer_without_timer", "26.2.1.2", "save VMX-preemption timer value = 1 with the timer inactive",
	  VMX_FEAT_PREEMPT_TIMER, mut_save_timer_no_timer, NULL, EXPECT_CTL_FAIL, NULL, { 0 } },
	{ "ctl.exit.save_timer_with_timer", "26.2.1.2", "save VMX-preemption timer value with the timer active enters (twin)",
	  VMX_FEAT_PREEMPT_TIMER, mut_twin, NULL, EXPECT_OK, NULL, .p.which = TWIN_SAVE_TIMER },
	{ "ctl.exit.msr_store_unaligned", "26.2.1.2", "VM-exit MSR-store address bits 3:0 not 0 (count 1)",
	  VMX_FEAT_ALWAYS, mut_msr_area, NULL, EXPECT_CTL_FAIL, NULL, .p.area = { VM_EXIT_MSR_STORE_COUNT, VM_EXIT_MSR_STORE_ADDR, ADDR_UNALIGNED } },
	{ "ctl.exit.msr_load_unaligned", "26.2.1.2", "VM-exit MSR-load address bits 3:0 not 0 (count 1)",
	  VMX_FEAT_ALWAYS, mut_msr_area, NULL, EXPECT_CTL_FAIL, NULL, .p.area = { VM_EXIT_MSR_LOAD_COUNT, VM_EXIT_MSR_LOAD_ADDR, ADDR_UNALIGNED } },
	{ "ctl.entry.msr_load_unaligned", "26.2.1.3", "VM-entry MSR-load address bits 3:0 not 0 (count 1)",
	  VMX_FEAT_ALWAYS, mut_msr_area, NULL, EXPECT_CTL_FAIL, NULL, .p.area = { VM_ENTRY_MSR_LOAD_COUNT, VM_ENTRY_MSR_LOAD_ADDR, ADDR_UNALIGNED } },
	{ "ctl.exit.msr_store_too_wide", "26.2.1.2", "VM-exit MSR-store area (aligned, count 2) ends beyond the width",
	  VMX_FEAT_ALWAYS, mut_msr_area, NULL, EXPECT_CTL_FAIL, NULL, .p.area = { VM_EXIT_MSR_STORE_COUNT, VM_EXIT_MSR_STORE_ADDR, ADDR_WIDE } },
	{ "ctl.exit.msr_load_too_wide", "26.2.1.2", "VM-exit MSR-load area (aligned, count 2) ends beyond the width",
	  VMX_FEAT_ALWAYS, mut_msr_area, NULL, EXPECT_CTL_FAIL, NULL, .p.area = { VM_EXIT_MSR_LOAD_COUNT, VM_EXIT_MSR_LOAD_ADDR, ADDR_WIDE } },
	{ "ctl.entry.msr_load_too_wide", "26.2.1.3", "VM-entry MSR-load area (aligned, count 2) ends beyond the width",
	  VMX_FEAT_ALWAYS, mut_msr_area, NULL, EXPECT_CTL_FAIL, NULL, .p.area = { VM_ENTRY_MSR_LOAD_COUNT, VM_ENTRY_MSR_LOAD_ADDR, ADDR_WIDE } },
	{ "ctl.exit.msr_store_valid", "26.2.1.2", "VM-exit MSR-store area, one aligned entry (IA32_SYSENTER_CS) enters (twin)",
	  VMX_FEAT_ALWAYS, mut_msr_area, NULL, EXPECT_OK, NULL, .p.area = { VM_EXIT_MSR_STORE_COUNT, VM_EXIT_MSR_STORE_ADDR, ADDR_VALID } },
	{ "ctl.exit.msr_load_valid", "26.2.1.2", "VM-exit MSR-load area, one aligned entry (IA32_SYSENTER_CS, its own value) enters (twin)",
	  VMX_FEAT_ALWAYS, mut_msr_area, NULL, EXPECT_OK, NULL, .p.area = { VM_EXIT_MSR_LOAD_COUNT, VM_EXIT_MSR_LOAD_ADDR, ADDR_VALID } },
	{ "ctl.entry.smm", "26.2.1.3", "entry to SMM = 1 outside SMM",
	  VMX_FEAT_ALWAYS, mut_entry_smm, NULL, EXPECT_CTL_FAIL, NULL, .p.bits = VM_ENTRY_SMM },
	{ "ctl.entry.deactivate_dual_monitor", "26.2.1.3", "deactivate dual-monitor treatment = 1 outside SMM",
	  VMX_FEAT_ALWAYS, mut_entry_smm, NULL, EXPECT_CTL_FAIL, NULL, .p.bits = VM_ENTRY_DEACT_DUAL_MONITOR },
	{ "ctl.inject.type1", "26.2.1.3", "event injection with interruption type 1 (reserved)",
	  VMX_FEAT_ALWAYS, mut_inject, NULL, EXPECT_CTL_FAIL, NULL, INJ(INTR_INFO_VALID | INTR_INFO_TYPE(1) | 0x20, 0, 1) },
	{ "ctl.inject.nmi_vector", "26.2.1.3", "NMI injection with vector 3 (must be 2)",
	  VMX_FEAT_ALWAYS, mut_inject, NULL, EXPECT_CTL_FAIL, NULL, INJ(INTR_INFO_VALID | INTR_TYPE_NMI | 3, 0, 1) },
	{ "ctl.inject.hw_exception_vector", "26.2.1.3", "hardware exception injection with vector 32",
	  VMX_FEAT_ALWAYS, mut_inject, NULL, EXPECT_CTL_FAIL, NULL, INJ(INTR_INFO_VALID | INTR_TYPE_HARD_EXCEPTION | 32, 0, 1) },
	{ "ctl.inject.other_vector", "26.2.1.3", "'other event' (type 7, MTF allowed) injection with a vector other than 0",
	  VMX_FEAT_ALWAYS, mut_inject_other, NULL, EXPECT_CTL_FAIL, NULL, INJ(INTR_INFO_VALID | INTR_TYPE_OTHER_EVENT | 1, 0, 1) },
	{ "ctl.inject.type7_reserved", "26.2.1.3", "type 7 injection (vector 0) on a CPU without the monitor trap flag: reserved type",
	  VMX_FEAT_ALWAYS, mut_inject_type7, NULL, EXPECT_CTL_FAIL, NULL, INJ(INTR_INFO_VALID | INTR_TYPE_OTHER_EVENT | 0, 0, 1) },
	{ "ctl.inject.gp_without_errcode", "26.2.1.3", "#GP injected without 'deliver error code': error 7 unless IA32_VMX_BASIC[56]",
	  VMX_FEAT_ALWAYS, mut_inject, NULL, { .kind = OUTCOME_NONE }, expect_errcode, INJ(INTR_INFO_VALID | INTR_TYPE_HARD_EXCEPTION | 13, 0, 1) },
	{ "ctl.inject.ud_with_errcode", "26.2.1.3", "#UD injected with 'deliver error code': error 7 unless IA32_VMX_BASIC[56]",
	  VMX_FEAT_ALWAYS, mut_inject, NULL, { .kind = OUTCOME_NONE }, expect_errcode,
	  INJ(INTR_INFO_VALID | INTR_INFO_DELIVER_CODE | INTR_TYPE_HARD_EXCEPTION | 6, 0, 1) },
	{ "ctl.inject.extint_with_errcode", "26.2.1.3", "external interrupt injected with 'deliver error code'",
	  VMX_FEAT_ALWAYS, mut_inject, NULL, EXPECT_CTL_FAIL, NULL,
	  INJ(INTR_INFO_VALID | INTR_INFO_DELIVER_CODE | INTR_TYPE_EXT_INTR | 0x30, 0, 1) },
	{ "ctl.inject.reserved_bits", "26.2.1.3", "interruption-information bits 30:12 not 0",
	  VMX_FEAT_ALWAYS, mut_inject, NULL, EXPECT_CTL_FAIL, NULL,
	  INJ(INTR_INFO_VALID | (1u << 20) | INTR_TYPE_HARD_EXCEPTION | 6, 0, 1) },
	{ "ctl.inject.errcode_bits31_16", "26.2.1.3", "#GP injected with error code bits 31:16 not 0",
	  VMX_FEAT_ALWAYS, mut_inject, NULL, EXPECT_CTL_FAIL, NULL,
	  INJ(INTR_INFO_VALID | INTR_INFO_DELIVER_CODE | INTR_TYPE_HARD_EXCEPTION | 13, 0x100000, 1) },
	{ "ctl.inject.swint_len16", "26.2.1.3", "software interrupt injected with instruction length 16",
	  VMX_FEAT_ALWAYS, mut_inject, NULL, EXPECT_CTL_FAIL, NULL,
	  INJ(INTR_INFO_VALID | INTR_TYPE_SOFT_INTR | 0x30, 0, 16) },
	{ "ctl.inject.swint_len0", "26.2.1.3", "software interrupt with instruction length 0: error 7 unless MISC bit 30",
	  VMX_FEAT_ALWAYS, mut_inject, NULL, { .kind = OUTCOME_NONE }, expect_len0,
	  INJ(INTR_INFO_VALID | INTR_TYPE_SOFT_INTR | 0x30, 0, 0) },
	{ "ctl.inject.privswexc_len0", "26.2.1.3", "privileged software exception (INT1) with instruction length 0: error 7 unless MISC bit 30",
	  VMX_FEAT_ALWAYS, mut_inject, NULL, { .kind = OUTCOME_NONE }, expect_len0,
	  INJ(INTR_INFO_VALID | INTR_TYPE_PRIV_SW_EXCEPTION | 1, 0, 0) },
	{ "ctl.inject.swexc_len0", "26.2.1.3", "#BP (software exception) with instruction length 0: error 7 unless MISC bit 30",
	  VMX_FEAT_ALWAYS, mut_inject, NULL, { .kind = OUTCOME_NONE }, expect_len0,
	  INJ(INTR_INFO_VALID | INTR_TYPE_SOFT_EXCEPTION | 3, 0, 0) },

	/* Sweep: every address field with one bit at or above MAXPHYADDR (47, 51, 52, 63;
	 * a bit inside the width SKIPs), beside the too_wide rows' bit MAXPHYADDR. */
#define ADDR_SWEEP(name, feat, mut, field)                                                 \
	ADDR_BIT(name, feat, mut, field, 47), ADDR_BIT(name, feat, mut, field, 51),            \
	ADDR_BIT(name, feat, mut, field, 52), ADDR_BIT(name, feat, mut, field, 63)
#define ADDR_BIT(name, feat, mut, field, b)                                                \
	{ "sweep.addr." name ".bit" #b, "26.2.1.1", name " address with bit " #b " set (beyond the width)", \
	  VMX_FEAT_##feat, mut, NULL, EXPECT_CTL_FAIL, NULL, .p.addr = { field, ADDR_WIDE, b } }
	ADDR_SWEEP("io_bitmap_a", IO_BITMAPS, mut_io_bitmap, IO_BITMAP_A),
	ADDR_SWEEP("io_bitmap_b", IO_BITMAPS, mut_io_bitmap, IO_BITMAP_B),
	ADDR_SWEEP("msr_bitmap", MSR_BITMAPS, mut_msr_bitmap, MSR_BITMAP),
	ADDR_SWEEP("vapic", TPR_SHADOW, mut_vapic, VIRTUAL_APIC_PAGE_ADDR),
	ADDR_SWEEP("apic_access", APIC_ACCESS, mut_apic_access, APIC_ACCESS_ADDR),
	ADDR_SWEEP("pml", PML, mut_pml_addr, PML_ADDRESS),
	ADDR_SWEEP("ve", EPT_VE, mut_ve_addr, VE_INFORMATION_ADDRESS),
	ADDR_SWEEP("eptp_list", EPTP_SWITCHING, mut_eptp_list_addr, EPTP_LIST_ADDRESS),
	ADDR_SWEEP("vmread_bitmap", SHADOWING, mut_shadow_bitmaps, VMREAD_BITMAP),
	ADDR_SWEEP("vmwrite_bitmap", SHADOWING, mut_shadow_bitmaps, VMWRITE_BITMAP),
};

ENTRY_GROUP(entry_group_ctl, "ctl", cases, 20);
