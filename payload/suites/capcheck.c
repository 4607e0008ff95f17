/** @file
 * capcheck (docs/capcheck-suite.md): the VMX capability MSRs against the
 * CPU's behaviour. Cases that need a VMCS: IA32_VMX_VMCS_ENUM's highest
 * index against the highest index VMREAD accepts (A.9), the CR3-target count
 * and the MSR-list size IA32_VMX_MISC reports used in full (A.6), the
 * VMX-preemption timer's rate against the TSC (A.6); the CR fixed bits are
 * capcheck_cr.c. Every case runs on a fresh VMCS loaded with the entry
 * suite's baseline (vmx/baseline.h).
 */
#include <string.h>
#include "suites/capcheck.h"
#include "suites/suite.h"
#include "lib/fmt.h"
#include "platform/cpu.h"
#include "platform/mem.h"
#include "vmx/baseline.h"
#include "vmx/fields.h"
#include "vmx/guest.h"
#include "vmx/vmcs.h"

static struct {
	struct vmx_caps caps;
	struct vmx_cpu cpu;
	struct baseline base;
	void *vmcs;
	struct case_writer w;
} cc;

/* A fresh VMCS with the baseline, current. */
static bool fresh(void)
{
	uint64_t pa = virt_to_phys(cc.vmcs);
	uint32_t bad;

	vmcs_region_init(cc.vmcs, cc.caps.revision, false);
	return !vmcs_clear(pa, NULL) && !vmcs_load(pa, NULL) && !baseline_apply(&cc.base, &bad);
}

static void done(void)
{
	vmcs_clear(virt_to_phys(cc.vmcs), NULL);
}

static void emit(const char *id, const char *sdm, const char *desc, const char *exp,
		 const char *obs, enum verdict v, const char *reason)
{
	case_emit(&cc.w, id, sdm, desc, exp, v == VERDICT_SKIP ? NULL : obs, v, reason);
}

/* Enter the baseline guest; the outcome's text into @p buf. */
static bool enter(char *buf, size_t n)
{
	struct vmx_gprs g;
	struct outcome o;

	memset(&g, 0, sizeof(g));
	vmx_run(&g, false, &o, NULL);
	outcome_format(&o, buf, n);
	return o.kind == OUTCOME_OK;
}

/*
 * A.9: bits 9:1 of IA32_VMX_VMCS_ENUM are the highest index of any VMCS
 * field encoding. VMREAD every full-access encoding (4 widths x 4 types x
 * 512 indexes); the highest index it accepts must be that value.
 */
static void case_vmcs_enum(void)
{
	static const char id[] = "vmcs_enum.highest_index";
	static const char desc[] = "IA32_VMX_VMCS_ENUM[9:1] = the highest index VMREAD accepts (every encoding probed)";
	char exp[16], obs[48];
	unsigned hi = 0, found = 0;

	if (!cc.caps.vmcs_enum_avail) {
		emit(id, "A.9", desc, NULL, NULL, VERDICT_SKIP, "IA32_VMX_VMCS_ENUM not readable");
		return;
	}
	if (!fresh()) {
		emit(id, "A.9", desc, NULL, NULL, VERDICT_SKIP, "fresh VMCS could not be set up");
		return;
	}
	for (unsigned width = 0; width < 4; width++)
		for (unsigned type = 0; type < 4; type++)
			for (unsigned idx = 0; idx < 512; idx++) {
				uint32_t enc = width << 13 | type << 10 | idx << 1;
				uint64_t v;

				if (vmcs_read(enc, &v, NULL) == 0) {
					found++;
					if (idx > hi)
						hi = idx;
				}
			}
	done();
	fmt_snprintf(exp, sizeof(exp), "%u", cc.caps.vmcs_enum_max);
	fmt_snprintf(obs, sizeof(obs), "%u", hi);
	{
		char reason[64];

		fmt_snprintf(reason, sizeof(reason), "%u encodings accepted", found);
		emit(id, "A.9", desc, exp, obs, verdict_of(hi == cc.caps.vmcs_enum_max), reason);
	}
}

/* A.6: IA32_VMX_MISC[24:16] CR3-target values are usable: that count enters. */
static void case_cr3_targets(void)
{
	static const char id[] = "misc.cr3_targets_usable";
	static const char desc[] = "CR3-target count = IA32_VMX_MISC[24:16] enters (the most MISC allows)";
	char obs[40];

	if (!fresh()) {
		emit(id, "A.6", desc, "ok", NULL, VERDICT_SKIP, "fresh VMCS could not be set up");
		return;
	}
	vmcs_write(CR3_TARGET_COUNT, cc.caps.cr3_targets, NULL);
	for (unsigned i = 0; i < cc.caps.cr3_targets && i < 4; i++)
		vmcs_write(CR3_TARGET_VALUE0 + 2 * i, read_cr3(), NULL);
	emit(id, "A.6", desc, "ok", obs, verdict_of(enter(obs, sizeof(obs))), NULL);
	done();
}

/* A.6: 512 * (IA32_VMX_MISC[27:25] + 1) is the recommended MSR-list maximum: a VM-entry MSR-load list that long enters. */
static void case_msr_list(void)
{
	static const char id[] = "misc.msr_list_usable";
	static const char desc[] = "VM-entry MSR-load list of 512 * (IA32_VMX_MISC[27:25] + 1) entries (IA32_SYSENTER_CS, own value) enters";
	uint32_t n = cc.caps.max_msr_list;
	uint64_t *area = pages_alloc((n * 16 + 4095) / 4096);
	char obs[40];

	if (!area || !fresh()) {
		emit(id, "A.6", desc, "ok", NULL, VERDICT_SKIP, area ? "fresh VMCS could not be set up" : "out of pages");
		return;
	}
	for (uint32_t i = 0; i < n; i++) {
		area[2 * i] = MSR_IA32_SYSENTER_CS;
		area[2 * i + 1] = rdmsr(MSR_IA32_SYSENTER_CS);
	}
	vmcs_write(VM_ENTRY_MSR_LOAD_COUNT, n, NULL);
	vmcs_write(VM_ENTRY_MSR_LOAD_ADDR, virt_to_phys(area), NULL);
	emit(id, "A.6", desc, "ok", obs, verdict_of(enter(obs, sizeof(obs))), NULL);
	done();
}

static inline uint64_t tsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("lfence\n\trdtsc\n\tlfence" : "=a"(lo), "=d"(hi) :: "memory");
	return (uint64_t)hi << 32 | lo;
}

/* One run of a guest spinning on "jmp ." until the timer (value @p v) ends it: TSC ticks, or 0. */
static uint64_t timer_run(uint64_t rip, uint32_t v)
{
	struct vmx_gprs g;
	struct outcome o;
	uint64_t t0, t1;

	if (!fresh())
		return 0;
	vmcs_write(GUEST_RIP, rip, NULL);
	vmcs_write(VMX_PREEMPTION_TIMER_VALUE, v, NULL);
	memset(&g, 0, sizeof(g));
	t0 = tsc();
	vmx_run(&g, false, &o, NULL);
	t1 = tsc();
	done();
	return o.kind == OUTCOME_TIMEOUT ? t1 - t0 : 0;
}

/*
 * A.6: the VMX-preemption timer counts down by 1 every 2^MISC[4:0] TSC
 * ticks. Two runs (values V and 2V) and their difference cancel the entry
 * and exit overhead: ticks per 1024 timer units must be 1024 << rate, within
 * 3 % (the timer's phase and the TSC reads).
 */
static void case_timer_rate(void)
{
	static const char id[] = "misc.preemption_timer_rate";
	static const char desc[] = "VMX-preemption timer: TSC ticks per 1024 timer units = 1024 << IA32_VMX_MISC[4:0]";
	const uint32_t v = 20000;
	uint8_t *code = page_alloc();
	char exp[24], obs[24];
	uint64_t a, b, want, got;

	if (!cc.base.preempt_timer) {
		emit(id, "A.6", desc, NULL, NULL, VERDICT_SKIP, "no VMX-preemption timer");
		return;
	}
	if (!code) {
		emit(id, "A.6", desc, NULL, NULL, VERDICT_SKIP, "out of pages");
		return;
	}
	code[0] = 0xeb; /* jmp . */
	code[1] = 0xfe;
	a = timer_run(virt_to_phys(code), v);
	b = timer_run(virt_to_phys(code), 2 * v);
	want = 1024ull << cc.caps.preempt_rate;
	fmt_snprintf(exp, sizeof(exp), "%u", (unsigned)want);
	if (!a || !b || b <= a) {
		emit(id, "A.6", desc, exp, "no timer exit", VERDICT_DEVIATION,
		     "the spinning guest did not end with a preemption-timer exit");
		return;
	}
	got = (b - a) * 1024 / v;
	fmt_snprintf(obs, sizeof(obs), "%u", (unsigned)got);
	emit(id, "A.6", desc, exp, obs,
	     verdict_of(got * 100 >= want * 97 && got * 100 <= want * 103), NULL);
}

static void capcheck_run(const struct suite_ctx *ctx)
{
	const char *skip = NULL;
	struct rec *r;

	(void)ctx;
	memset(&cc, 0, sizeof(cc));
	case_writer_init(&cc.w, "capcheck");
	if (!vmx_supported())
		skip = "VMX not available (CPUID.1:ECX[5]=0)";
	else if (vmx_caps_probe(&cc.caps))
		skip = "IA32_VMX_BASIC unreadable";
	else if (vmx_enable(&cc.cpu))
		skip = cc.cpu.reason ? cc.cpu.reason : "VMXON failed";
	else if (baseline_build(&cc.base, &cc.caps))
		skip = cc.base.error;
	else if (!(cc.vmcs = vmcs_region_alloc(cc.caps.revision, false)))
		skip = "out of pages";
	if (skip) {
		emit("capcheck", "A.1", "capability checks", NULL, NULL, VERDICT_SKIP, skip);
	} else {
		suite_set_case("vmcs_enum.highest_index");
		case_vmcs_enum();
		suite_set_case("misc.cr3_targets_usable");
		case_cr3_targets();
		suite_set_case("misc.msr_list_usable");
		case_msr_list();
		suite_set_case("misc.preemption_timer_rate");
		case_timer_rate();
		suite_set_case(NULL);
		capcheck_cr(&cc.w, &cc.caps, &cc.cpu);
	}
	if (cc.cpu.on)
		vmx_disable(&cc.cpu);
	r = rec_start("capcheck_summary");
	case_tally_rec(r, &cc.w);
	rec_close(r);
	case_tally_print(&cc.w);
}

SUITE(capcheck, 35) = {
	.name = "capcheck",
	.summary = "VMX capability MSRs (Appendix A) against what the CPU does",
	.run = capcheck_run,
};
