/** @file
 * The entry suite runner (see entry.h, docs/entry-suite.md): fresh VMCS from
 * the baseline per case, one mutation, a forced stale VM-instruction error,
 * VMLAUNCH or the case's action, classification, one `case` record.
 */
#include <string.h>
#include "suites/case.h"
#include "suites/entry.h"
#include "suites/suite.h"
#include "platform/cpu.h"
#include "platform/mem.h"
#include "platform/trap.h"
#include "lib/fmt.h"
#include "record/record.h"
#include "vmx/vmcs.h"


/* --- mutation API --- */

void ec_write(struct entry_ctx *c, uint32_t enc, uint64_t val)
{
	struct vmx_outcome o;
	char name[48], res[32];
	struct outcome oc;

	if (c->setup_err[0] || !vmcs_write(enc, val, &o))
		return;
	vmcs_field_format(enc, name, sizeof(name));
	oc = outcome_from_insn(&o);
	outcome_format(&oc, res, sizeof(res));
	fmt_snprintf(c->setup_err, sizeof(c->setup_err), "setup: VMWRITE %s failed (%s)", name,
		     res);
}

uint64_t ec_read(struct entry_ctx *c, uint32_t enc)
{
	(void)c;
	return vmcs_read_or(enc, 0);
}

void ec_set(struct entry_ctx *c, uint32_t enc, uint64_t bits)
{
	ec_write(c, enc, ec_read(c, enc) | bits);
}

void ec_clear(struct entry_ctx *c, uint32_t enc, uint64_t bits)
{
	ec_write(c, enc, ec_read(c, enc) & ~bits);
}

void ec_skip(struct entry_ctx *c, const char *reason)
{
	if (!c->skip)
		c->skip = reason;
}

uint64_t ec_page(struct entry_ctx *c, unsigned i)
{
	return i < ENTRY_SCRATCH_PAGES ? virt_to_phys(c->scratch[i]) : 0;
}

bool ec_may1(const struct entry_ctx *c, enum vmx_ctl_kind kind, unsigned bit)
{
	return controls_may_set(c->caps, kind, bit);
}

bool ec_may0(const struct entry_ctx *c, enum vmx_ctl_kind kind, unsigned bit)
{
	const struct vmx_ctl *ctl;

	switch (kind) {
	case VMX_KIND_PIN: ctl = &c->caps->pinbased; break;
	case VMX_KIND_PROC: ctl = &c->caps->procbased; break;
	case VMX_KIND_PROC2: ctl = &c->caps->procbased2; break;
	case VMX_KIND_EXIT: ctl = &c->caps->exit; break;
	case VMX_KIND_ENTRY: ctl = &c->caps->entry; break;
	default: return true; /* 64-bit allowed-1-only controls: 0 always allowed */
	}
	return bit < 32 && !((ctl->allowed0 >> bit) & 1);
}

uint32_t ec_ctl_field(enum vmx_ctl_kind kind)
{
	switch (kind) {
	case VMX_KIND_PIN: return PIN_BASED_VM_EXEC_CONTROL;
	case VMX_KIND_PROC: return CPU_BASED_VM_EXEC_CONTROL;
	case VMX_KIND_PROC2: return SECONDARY_VM_EXEC_CONTROL;
	case VMX_KIND_PROC3: return TERTIARY_VM_EXEC_CONTROL;
	case VMX_KIND_EXIT: return VM_EXIT_CONTROLS;
	case VMX_KIND_ENTRY: return VM_ENTRY_CONTROLS;
	case VMX_KIND_VMFUNC: return VM_FUNCTION_CONTROL;
	default: return 0xffffffffu;
	}
}

/* SKIP reason naming the control a case needs; one case runs at a time. */
static char ctl_skip_reason[96];

static void skip_ctl(struct entry_ctx *c, enum vmx_ctl_kind kind, unsigned bit, int want)
{
	const char *name = controls_bit_name(kind, bit);

	if (c->skip)
		return;
	if (name)
		fmt_snprintf(ctl_skip_reason, sizeof(ctl_skip_reason),
			     "the case needs %s = %d, which this CPU does not allow", name, want);
	else
		fmt_snprintf(ctl_skip_reason, sizeof(ctl_skip_reason),
			     "the case needs bit %u of a control = %d, which this CPU does not allow",
			     bit, want);
	c->skip = ctl_skip_reason;
}

bool ec_enable(struct entry_ctx *c, enum vmx_ctl_kind kind, uint64_t bits)
{
	for (unsigned b = 0; b < 64; b++)
		if (((bits >> b) & 1) && !ec_may1(c, kind, b)) {
			skip_ctl(c, kind, b, 1);
			return false;
		}
	if (kind == VMX_KIND_PROC2)
		ec_set(c, CPU_BASED_VM_EXEC_CONTROL, CPU_BASED_ACTIVATE_SECONDARY_CONTROLS);
	if (kind == VMX_KIND_PROC3)
		ec_set(c, CPU_BASED_VM_EXEC_CONTROL, CPU_BASED_ACTIVATE_TERTIARY_CONTROLS);
	ec_set(c, ec_ctl_field(kind), bits);
	return true;
}

bool ec_guest_legacy32(struct entry_ctx *c)
{
	uint64_t rip = ec_read(c, GUEST_RIP);

	if (rip >> 32) {
		ec_skip(c, "the guest code lies above 4 GiB: no 32-bit guest can start there");
		return false;
	}
	ec_clear(c, VM_ENTRY_CONTROLS, VM_ENTRY_IA32E_MODE);
	ec_clear(c, GUEST_CR4, CR4_PAE | CR4_PCIDE);
	if (ec_read(c, VM_ENTRY_CONTROLS) & VM_ENTRY_LOAD_IA32_EFER)
		ec_clear(c, GUEST_IA32_EFER, EFER_LMA | EFER_LME);
	/* CS.L 0 and D/B 1: a 32-bit code segment */
	ec_write(c, GUEST_CS_ACCESS_RIGHTS, (ec_read(c, GUEST_CS_ACCESS_RIGHTS) & ~(1u << 13)) | 1u << 14);
	return true;
}

void ec_guest_v8086_segments(struct entry_ctx *c)
{
	static const uint32_t sel[] = { GUEST_ES_SELECTOR, GUEST_CS_SELECTOR, GUEST_SS_SELECTOR,
					GUEST_DS_SELECTOR, GUEST_FS_SELECTOR, GUEST_GS_SELECTOR };
	static const uint32_t base[] = { GUEST_ES_BASE, GUEST_CS_BASE, GUEST_SS_BASE,
					 GUEST_DS_BASE, GUEST_FS_BASE, GUEST_GS_BASE };
	static const uint32_t limit[] = { GUEST_ES_LIMIT, GUEST_CS_LIMIT, GUEST_SS_LIMIT,
					  GUEST_DS_LIMIT, GUEST_FS_LIMIT, GUEST_GS_LIMIT };
	static const uint32_t ar[] = { GUEST_ES_ACCESS_RIGHTS, GUEST_CS_ACCESS_RIGHTS,
				       GUEST_SS_ACCESS_RIGHTS, GUEST_DS_ACCESS_RIGHTS,
				       GUEST_FS_ACCESS_RIGHTS, GUEST_GS_ACCESS_RIGHTS };

	/* selector 0, base = selector << 4, limit 0xffff, access rights 0xf3 */
	for (unsigned i = 0; i < 6; i++) {
		ec_write(c, sel[i], 0);
		ec_write(c, base[i], 0);
		ec_write(c, limit[i], 0xffff);
		ec_write(c, ar[i], 0xf3);
	}
}

void ec_mut_cet(struct entry_ctx *c, enum vmx_ctl_kind kind, uint64_t ctl,
		uint32_t s_cet, uint32_t ssp, uint32_t ssp_table)
{
	if (!ec_enable(c, kind, ctl))
		return;
	ec_write(c, s_cet, 0);
	ec_write(c, ssp, 0);
	ec_write(c, ssp_table, 0);
	/* Only one is not 0: the one field the row breaks. */
	if (c->k->p.cet.s_cet)
		ec_write(c, s_cet, c->k->p.cet.s_cet);
	if (c->k->p.cet.ssp)
		ec_write(c, ssp, c->k->p.cet.ssp);
	if (c->k->p.cet.ssp_table)
		ec_write(c, ssp_table, c->k->p.cet.ssp_table);
}

bool ec_disable(struct entry_ctx *c, enum vmx_ctl_kind kind, uint64_t bits)
{
	for (unsigned b = 0; b < 64; b++)
		if (((bits >> b) & 1) && !ec_may0(c, kind, b)) {
			skip_ctl(c, kind, b, 0);
			return false;
		}
	ec_clear(c, ec_ctl_field(kind), bits);
	return true;
}

void ec_mut_write(struct entry_ctx *c)
{
	ec_write(c, c->k->p.w.field, c->k->p.w.value);
}

void ec_mut_or(struct entry_ctx *c)
{
	ec_set(c, c->k->p.w.field, c->k->p.w.value);
}

void ec_mut_andnot(struct entry_ctx *c)
{
	ec_clear(c, c->k->p.w.field, c->k->p.w.value);
}

void ec_mut_noncanon(struct entry_ctx *c)
{
	ec_write(c, c->k->p.w.field, ENTRY_NONCANONICAL);
}

uint64_t ec_eptp(struct entry_ctx *c)
{
	/* IA32_VMX_EPT_VPID_CAP bit 14: write-back EPT structures; else UC (bit 8). */
	uint64_t mt = ((c->caps->ept_vpid >> 14) & 1) ? 6 : 0;

	return ec_page(c, 3) | mt | (3u << 3);
}

unsigned ec_maxphyaddr(void)
{
	if (cpuid(0x80000000u, 0).eax < 0x80000008u)
		return 36;
	return cpuid(0x80000008u, 0).eax & 0xff;
}

void ec_act_keep_crs(struct entry_ctx *c)
{
	uint64_t cr0 = read_cr0(), cr4 = read_cr4();

	vmx_run(&c->regs, false, &c->observed, NULL);
	write_cr0(cr0); /* WP first: CR4.CET 1 forbids clearing it, not setting it */
	write_cr4(cr4);
}

bool ec_launch_baseline(struct entry_ctx *c)
{
	struct outcome o;

	memset(&c->regs, 0, sizeof(c->regs));
	if (vmx_run(&c->regs, false, &o, NULL)) {
		ec_skip(c, "the baseline VMCS did not launch");
		return false;
	}
	return true;
}

/* --- runner --- */

struct suite_state {
	struct entry_ctx ctx;
	struct vmx_caps caps;
	struct baseline base;
	struct vmx_cpu cpu;
	const char *global_skip;
	bool baseline_bad;           /**< base.launch did not enter: later verdicts are doubtful */
	struct case_writer cases;
};

static struct suite_state st;

/* Encoding with every index bit set: unassigned in Appendix B, so VMREAD gives error 12. */
#define ENC_UNSUPPORTED 0x6bfeu

/**
 * Leave a VM-instruction error that differs from the expected one in the
 * current VMCS (kvm-unit-tests does the same), so a stale value cannot pass.
 * @return the value left there, or 0 when it could not be forced
 */
static uint32_t force_error(uint32_t avoid)
{
	uint32_t want = avoid == 12 ? 13 : 12;
	uint64_t v = 0;

	if (st.caps.vmwrite_any && vmcs_write(VM_INSTRUCTION_ERROR, want, NULL) == 0) {
		/* MISC bit 29: the read-only field itself takes a VMWRITE. */
	} else if (want == 12) {
		vmcs_read(ENC_UNSUPPORTED, &v, NULL);
	} else {
		vmcs_write(EXIT_REASON, 0, NULL);
	}
	return vmcs_read(VM_INSTRUCTION_ERROR, &v, NULL) == 0 && v == want ? want : 0;
}

void ec_force_error(struct entry_ctx *c, uint32_t avoid)
{
	(void)c;
	force_error(avoid);
}

static void case_body(void *arg)
{
	const struct entry_case *k = arg;
	struct entry_ctx *c = &st.ctx;

	if (k->mutate)
		k->mutate(c);
	if (c->skip || c->setup_err[0])
		return;
	if (k->act)
		k->act(c);
	else
		vmx_run(&c->regs, false, &c->observed, NULL);
}

static void emit(const struct entry_case *k, const struct outcome *exp, enum verdict v,
		 const char *reason)
{
	char es[40], os[40];

	case_emit(&st.cases, k->id, k->sdm, k->desc, exp ? outcome_format(exp, es, sizeof(es)) : NULL,
		  v != VERDICT_SKIP ? outcome_format(&st.ctx.observed, os, sizeof(os)) : NULL, v, reason);
}

/** Back to a known state: VMX root operation, this case's VMCS cleared. */
static void case_cleanup(void)
{
	uint64_t cur = ~0ull;

	if (!st.cpu.on)
		vmx_enable(&st.cpu);
	/* A case may have made another region current (a scratch page): clear it
	 * too before the page is reused (§24.11.1). */
	if (vmcs_store(&cur, NULL) == 0 && cur != ~0ull && cur != st.ctx.vmcs_pa)
		vmcs_clear(cur, NULL);
	/* A VM entry with "VMCS shadowing" = 1 makes the shadow VMCS its link
	 * pointer names active (§24.11.1 footnote): clear it before its scratch
	 * page is zeroed and reused, or the CPU may write cached data back into it. */
	if (vmcs_store(&cur, NULL) == 0 && cur == st.ctx.vmcs_pa) {
		uint64_t link = vmcs_read_or(VMCS_LINK_POINTER, ~0ull);

		for (unsigned i = 0; i < ENTRY_SCRATCH_PAGES; i++)
			if (link == ec_page(&st.ctx, i))
				vmcs_clear(link, NULL);
	}
	vmcs_clear(st.ctx.vmcs_pa, NULL);
}

static void run_case(const struct entry_case *k)
{
	struct entry_ctx *c = &st.ctx;
	struct outcome exp = k->expected;
	char reason[160];
	uint32_t bad = 0, forced;
	struct fault f;
	enum verdict v;

	c->k = k;
	c->skip = NULL;
	c->setup_err[0] = 0;
	c->note[0] = 0;
	c->observed = outcome_make(OUTCOME_NONE, 0, 0);
	memset(&c->regs, 0, sizeof(c->regs));
	/* A SKIP still names the expectation when it does not depend on the CPU. */
	if (st.global_skip) {
		emit(k, k->expect ? NULL : &exp, VERDICT_SKIP, st.global_skip);
		return;
	}
	if (!controls_feature(c->caps, k->requires)) {
		fmt_snprintf(reason, sizeof(reason), "CPU lacks %s", vmx_features[k->requires].what);
		emit(k, k->expect ? NULL : &exp, VERDICT_SKIP, reason);
		return;
	}
	if (k->expect)
		k->expect(c, &exp);
	for (unsigned i = 0; i < ENTRY_SCRATCH_PAGES; i++)
		memset(c->scratch[i], 0, PAGE_SIZE);
	vmcs_region_init(c->vmcs, st.caps.revision, false);
	if (vmcs_clear(c->vmcs_pa, NULL) || vmcs_load(c->vmcs_pa, NULL) ||
	    baseline_apply(&st.base, &bad)) {
		char name[48];

		vmcs_field_format(bad, name, sizeof(name));
		fmt_snprintf(reason, sizeof(reason), "fresh baseline VMCS could not be set up (%s)",
			     name);
		emit(k, &exp, VERDICT_SKIP, reason);
		case_cleanup();
		return;
	}
	forced = force_error(exp.kind == OUTCOME_VMFAIL_VALID ? exp.code : 0);
	if (trap_call(case_body, (void *)k, &f) != FAULT_NONE)
		c->observed = OUTCOME_EXCEPTION_V((uint32_t)f.vector);
	if (c->skip || c->setup_err[0]) {
		emit(k, &exp, VERDICT_SKIP, c->skip ? c->skip : c->setup_err);
	} else {
		v = verdict_of(outcome_equal(&exp, &c->observed));
		fmt_snprintf(reason, sizeof(reason), "%s%s%s%s", c->note,
			     c->note[0] && !forced ? "; " : "",
			     forced ? "" : "stale VM-instruction error could not be forced",
			     st.baseline_bad ? " (the baseline VMCS did not enter: doubtful)" : "");
		emit(k, &exp, v, reason);
		if (!strcmp(k->id, "base.launch") && c->observed.kind != OUTCOME_OK)
			st.baseline_bad = true;
	}
	case_cleanup();
}

static void entry_run(const struct suite_ctx *ctx)
{
	uint32_t bad;

	memset(&st, 0, sizeof(st));
	case_writer_init(&st.cases, "entry");
	st.ctx.caps = &st.caps;
	st.ctx.cpu = &st.cpu;
	st.ctx.base = &st.base;
	st.ctx.bochs = suite_on_bochs(ctx);
	if (!vmx_supported())
		st.global_skip = "VMX not available (CPUID.1:ECX[5]=0)";
	else if (vmx_caps_probe(&st.caps))
		st.global_skip = "IA32_VMX_BASIC unreadable";
	else if (vmx_enable(&st.cpu))
		st.global_skip = st.cpu.reason ? st.cpu.reason : "VMXON failed";
	else if (baseline_build(&st.base, &st.caps))
		st.global_skip = st.base.error;
	if (!st.global_skip) {
		st.ctx.vmcs = vmcs_region_alloc(st.caps.revision, false);
		for (unsigned i = 0; i < ENTRY_SCRATCH_PAGES; i++)
			st.ctx.scratch[i] = page_alloc();
		if (!st.ctx.vmcs || !st.ctx.scratch[ENTRY_SCRATCH_PAGES - 1])
			st.global_skip = "out of pages";
		else
			st.ctx.vmcs_pa = virt_to_phys(st.ctx.vmcs);
	}
	(void)bad;
	for_each_table_entry(g, const struct entry_group *const, entry_group)
		for (unsigned i = 0; i < (*g)->count; i++)
			run_case(&(*g)->cases[i]);
	if (st.cpu.on)
		vmx_disable(&st.cpu);

	struct rec *r = rec_start("entry_summary");
	case_tally_rec(r, &st.cases);
	rec_bool(r, "preemption_timer", st.base.preempt_timer);
	rec_close(r);
	case_tally_print(&st.cases);
}

SUITE(entry, 30) = {
	.name = "entry",
	.summary = "VM-entry checks and VMX instruction errors against the SDM",
	.run = entry_run,
};
