/** @file
 * The exits suite runner (see exits.h, docs/exits-suite.md): a fresh
 * baseline VMCS per case, the case's set-up, one entry into its snippet,
 * the first VM exit read and compared with the expectation, one `case`
 * record.
 */
#include <string.h>
#include "suites/case.h"
#include "suites/exits.h"
#include "suites/suite.h"
#include "platform/cpu.h"
#include "platform/mem.h"
#include "platform/trap.h"
#include "lib/fmt.h"
#include "record/record.h"
#include "vmx/vmcs.h"
#include "vmx/vmxon.h"

static inline uint64_t rdtsc_now(void)
{
	uint32_t lo, hi;

	__asm__ volatile("lfence; rdtsc; lfence" : "=a"(lo), "=d"(hi) :: "memory");
	return (uint64_t)hi << 32 | lo;
}

static struct {
	struct vmx_caps caps;
	struct vmx_cpu cpu;
	struct baseline base;
	struct exits_ctx ctx;
	struct case_writer cases;
	void *vmcs;
	uint64_t vmcs_pa;
	const char *global_skip;
} st;

/* --- set-up API --- */

void xc_write(struct exits_ctx *c, uint32_t enc, uint64_t val)
{
	char name[48];

	if (c->setup_err[0] || !vmcs_write(enc, val, NULL))
		return;
	vmcs_field_format(enc, name, sizeof(name));
	fmt_snprintf(c->setup_err, sizeof(c->setup_err), "setup: VMWRITE %s failed", name);
}

uint64_t xc_read(uint32_t enc)
{
	return vmcs_read_or(enc, 0);
}

void xc_set(struct exits_ctx *c, uint32_t enc, uint64_t bits)
{
	xc_write(c, enc, xc_read(enc) | bits);
}

void xc_clear(struct exits_ctx *c, uint32_t enc, uint64_t bits)
{
	xc_write(c, enc, xc_read(enc) & ~bits);
}

void xc_skip(struct exits_ctx *c, const char *reason)
{
	if (!c->skip)
		c->skip = reason;
}

uint64_t xc_pa(struct exits_ctx *c, enum exits_page p)
{
	return virt_to_phys(c->page[p]);
}

static const struct vmx_ctl *ctl_of(const struct vmx_caps *caps, enum vmx_ctl_kind kind)
{
	switch (kind) {
	case VMX_KIND_PIN: return &caps->pinbased;
	case VMX_KIND_PROC: return &caps->procbased;
	case VMX_KIND_PROC2: return &caps->procbased2;
	case VMX_KIND_EXIT: return &caps->exit;
	case VMX_KIND_ENTRY: return &caps->entry;
	default: return NULL;
	}
}

static uint32_t ctl_field(enum vmx_ctl_kind kind)
{
	switch (kind) {
	case VMX_KIND_PIN: return PIN_BASED_VM_EXEC_CONTROL;
	case VMX_KIND_PROC: return CPU_BASED_VM_EXEC_CONTROL;
	case VMX_KIND_PROC2: return SECONDARY_VM_EXEC_CONTROL;
	case VMX_KIND_EXIT: return VM_EXIT_CONTROLS;
	default: return VM_ENTRY_CONTROLS;
	}
}

/* SKIP reason naming the control; one case runs at a time. */
static char ctl_reason[96];

static void skip_ctl(struct exits_ctx *c, enum vmx_ctl_kind kind, unsigned bit, int want)
{
	const char *name = controls_bit_name(kind, bit);

	if (c->skip)
		return;
	fmt_snprintf(ctl_reason, sizeof(ctl_reason), "CPU does not allow %s = %d",
		     name ? name : "a control bit", want);
	c->skip = ctl_reason;
}

bool xc_enable(struct exits_ctx *c, enum vmx_ctl_kind kind, uint64_t bits)
{
	for (unsigned b = 0; b < 32; b++)
		if (((bits >> b) & 1) && !controls_may_set(c->caps, kind, b)) {
			skip_ctl(c, kind, b, 1);
			return false;
		}
	if (kind == VMX_KIND_PROC2)
		xc_set(c, CPU_BASED_VM_EXEC_CONTROL, CPU_BASED_ACTIVATE_SECONDARY_CONTROLS);
	xc_set(c, ctl_field(kind), bits);
	return true;
}

bool xc_disable(struct exits_ctx *c, enum vmx_ctl_kind kind, uint64_t bits)
{
	const struct vmx_ctl *ctl = ctl_of(c->caps, kind);

	for (unsigned b = 0; b < 32; b++)
		if (((bits >> b) & 1) && ctl && ((ctl->allowed0 >> b) & 1)) {
			skip_ctl(c, kind, b, 0);
			return false;
		}
	xc_clear(c, ctl_field(kind), bits);
	return true;
}

void xc_gpr(struct exits_ctx *c, unsigned n, uint64_t v)
{
	/* struct vmx_gprs order: rax rbx rcx rdx rsi rdi rbp r8..r15 */
	static const int8_t slot[16] = { 0, 2, 3, 1, -1, 6, 4, 5, 7, 8, 9, 10, 11, 12, 13, 14 };
	uint64_t *g = &c->regs.rax;

	if (n == 4)
		xc_write(c, GUEST_RSP, v);
	else if (n < 16)
		g[slot[n]] = v;
}

void xc_text(char *dst, const char *s)
{
	unsigned i = 0;

	for (; s[i] && i + 1 < sizeof(((struct exits_ctx *)0)->extra_exp); i++)
		dst[i] = s[i];
	dst[i] = 0;
}

uint32_t xc_off(const struct exits_ctx *c, const uint8_t *p)
{
	return (uint32_t)(p - c->k->guest);
}

void xc_expect(struct exits_ctx *c, uint32_t reason, unsigned chk)
{
	c->e.no_exit = false;
	c->e.reason = reason;
	c->e.chk = chk | XCHK_RIP;
	c->e.rip = xc_off(c, c->k->at);
	c->e.len = (uint32_t)(c->k->after - c->k->at);
}

void xc_expect_none(struct exits_ctx *c)
{
	memset(&c->e, 0, sizeof(c->e));
	c->e.no_exit = true;
}

/* --- the outcome strings (exits_text.h) --- */

static void format_expect(char *buf, size_t n, const struct exits_ctx *c)
{
	const struct exits_expect *e = &c->e;
	struct exits_seen s = { e->reason, e->qual, e->gla, e->len, e->rip, e->info, e->intr, e->ec };

	if (e->no_exit) {
		exits_text_ok(buf, n, c->extra_exp);
		return;
	}
	exits_text_exit(buf, n, e, &s, c->extra_exp);
}

/** Run the case's snippet once and describe what came back into @p buf. */
static void observe(struct exits_ctx *c, char *buf, size_t n)
{
	struct outcome out;
	struct vmx_exit ex;
	struct exits_seen s;
	uint32_t basic;

	c->tsc_before = rdtsc_now();
	vmx_run(&c->regs, false, &out, &ex);
	c->tsc_after = rdtsc_now();
	basic = ex.reason & EXIT_REASON_BASIC_MASK;
	if (!ex.exited || (ex.reason & EXIT_REASON_FAILED_ENTRY)) {
		outcome_format(&out, buf, n);
		if (c->k->check)
			c->k->check(c, false);
		return;
	}
	/* the call back: VMCALL right after the 5-byte MOV of GUEST_CALL_DONE (exits_guest.S) */
	if (basic == EXIT_REASON_VMCALL && c->regs.rax == GUEST_CALL_DONE &&
	    ex.guest_rip == (uint64_t)(uintptr_t)(c->ok_at ? c->ok_at : c->k->after) + 5) {
		if (c->k->check)
			c->k->check(c, false);
		exits_text_ok(buf, n, c->extra_obs);
		return;
	}
	if (basic == EXIT_REASON_PREEMPTION_TIMER && !c->own_timer) {
		if (c->k->check)
			c->k->check(c, false);
		fmt_snprintf(buf, n, "timeout");
		return;
	}
	s.reason = basic;
	s.qual = ex.qual;
	s.len = ex.insn_len;
	s.intr = ex.intr_info;
	s.ec = (uint32_t)vmcs_read_or(VM_EXIT_INTR_ERROR_CODE, 0);
	s.info = (uint32_t)vmcs_read_or(VMX_INSTRUCTION_INFO, 0);
	s.gla = vmcs_read_or(GUEST_LINEAR_ADDRESS, 0);
	s.rip = (uint32_t)(ex.guest_rip - (uint64_t)(uintptr_t)c->k->guest);
	if (c->k->check)
		c->k->check(c, true);
	if (c->e.no_exit || basic != c->e.reason) {
		/* not the exit expected: show where it came from, and which event */
		struct exits_expect more = c->e;

		more.chk |= XCHK_RIP | (basic == EXIT_REASON_EXCEPTION_NMI ? XCHK_INTR : 0);
		exits_text_exit(buf, n, &more, &s, c->extra_obs);
		return;
	}
	exits_text_exit(buf, n, &c->e, &s, c->extra_obs);
}

static void emit(const struct exits_case *k, const char *exp, const char *obs, enum verdict v,
		 const char *reason)
{
	case_emit(&st.cases, k->id, k->sdm, k->desc, exp, obs, v, reason);
}

static void case_setup(void *p)
{
	const struct exits_case *k = p;

	k->setup(&st.ctx);
}

static void run_case(const struct exits_case *k)
{
	struct exits_ctx *c = &st.ctx;
	char exp[160], obs[160], reason[96];
	uint32_t bad = 0;
	struct fault f;

	c->k = k;
	c->skip = NULL;
	c->setup_err[0] = 0;
	c->own_timer = false;
	c->ok_at = NULL;
	c->extra_exp[0] = c->extra_obs[0] = 0;
	memset(&c->regs, 0, sizeof(c->regs));
	memset(&c->e, 0, sizeof(c->e));
	suite_set_case(k->id);
	if (st.global_skip) {
		emit(k, NULL, NULL, VERDICT_SKIP, st.global_skip);
		return;
	}
	for (unsigned i = 0; i < XP_COUNT; i++)
		memset(c->page[i], 0, PAGE_SIZE);
	vmcs_region_init(st.vmcs, st.caps.revision, false);
	if (vmcs_clear(st.vmcs_pa, NULL) || vmcs_load(st.vmcs_pa, NULL) ||
	    baseline_apply(&st.base, &bad)) {
		emit(k, NULL, NULL, VERDICT_SKIP, "fresh baseline VMCS could not be set up");
		vmcs_clear(st.vmcs_pa, NULL);
		return;
	}
	xc_write(c, GUEST_RIP, (uint64_t)(uintptr_t)k->guest);
	if (trap_call(case_setup, (void *)k, &f) != FAULT_NONE && !c->skip) {
		fmt_snprintf(reason, sizeof(reason), "setup raised exception %u", (unsigned)f.vector);
		emit(k, NULL, NULL, VERDICT_SKIP, reason);
		vmcs_clear(st.vmcs_pa, NULL);
		return;
	}
	format_expect(exp, sizeof(exp), c);
	if (c->skip || c->setup_err[0]) {
		emit(k, exp, NULL, VERDICT_SKIP, c->skip ? c->skip : c->setup_err);
		vmcs_clear(st.vmcs_pa, NULL);
		return;
	}
	observe(c, obs, sizeof(obs));
	/* A check may refine the expectation's extra text after the run. */
	format_expect(exp, sizeof(exp), c);
	emit(k, exp, obs, verdict_of(!strcmp(exp, obs)),
	     c->watchdog ? NULL : "no VMX-preemption timer: the guest runs without a watchdog");
	vmcs_clear(st.vmcs_pa, NULL);
}

static void exits_run(const struct suite_ctx *ctx)
{
	(void)ctx;
	memset(&st, 0, sizeof(st));
	case_writer_init(&st.cases, "exits");
	st.ctx.caps = &st.caps;
	st.ctx.base = &st.base;
	if (!vmx_supported())
		st.global_skip = "VMX not available (CPUID.1:ECX[5]=0)";
	else if (vmx_caps_probe(&st.caps))
		st.global_skip = "IA32_VMX_BASIC unreadable";
	else if (vmx_enable(&st.cpu))
		st.global_skip = st.cpu.reason ? st.cpu.reason : "VMXON failed";
	else if (baseline_build(&st.base, &st.caps))
		st.global_skip = st.base.error;
	if (!st.global_skip) {
		st.vmcs = vmcs_region_alloc(st.caps.revision, false);
		for (unsigned i = 0; i < XP_COUNT; i++)
			st.ctx.page[i] = page_alloc();
		if (!st.vmcs || !st.ctx.page[XP_COUNT - 1])
			st.global_skip = "out of pages";
		else
			st.vmcs_pa = virt_to_phys(st.vmcs);
		st.ctx.watchdog = st.base.preempt_timer;
	}
	for_each_table_entry(g, const struct exits_group *const, exits_group)
		for (unsigned i = 0; i < (*g)->count; i++)
			run_case(&(*g)->cases[i]);
	suite_set_case(NULL);
	if (st.cpu.on)
		vmx_disable(&st.cpu);

	struct rec *r = rec_start("exits_summary");
	case_tally_rec(r, &st.cases);
	rec_bool(r, "preemption_timer", st.base.preempt_timer);
	rec_close(r);
	case_tally_print(&st.cases);
}

SUITE(exits, 32) = {
	.name = "exits",
	.summary = "VM exits: reason, qualification, length, information, RIP against the SDM",
	.run = exits_run,
};
