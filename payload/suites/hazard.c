/** @file
 * The hazard suite's runner (see hazard.h): VMX operation on the boot CPU,
 * the three probes, a summary, and leaving VMX operation on every CPU the
 * probes used, after an abort too (teardown).
 */
#include <string.h>
#include "suites/hazard.h"
#include "platform/mem.h"
#include "platform/smp.h"
#include "vmx/cleanup.h"
#include "vmx/vmcs.h"

static struct hz_suite st;

static const char *setup(struct hz_suite *s)
{
	s->ncpu = smp_online();
	s->off = -1;
	if (!vmx_supported())
		return "VMX not available (CPUID.1:ECX[5]=0)";
	if (vmx_caps_probe(&s->caps))
		return "IA32_VMX_BASIC unreadable";
	if (vmx_enable(&s->cpu[0]))
		return s->cpu[0].reason ? s->cpu[0].reason : "VMXON failed";
	s->region = hz_region(s);
	return s->region ? NULL : "out of pages";
}

static void cleanup_here(void *p)
{
	(void)p;
	vmx_cpu_cleanup();
}

static void hazard_teardown(const struct suite_ctx *ctx)
{
	(void)ctx;
	/* CPU 1 (probe 3); the runner leaves VMX operation on the boot CPU too */
	if (st.cpu[1].on)
		run_on(1, cleanup_here, NULL);
}

static void hazard_run(const struct suite_ctx *ctx)
{
	struct hz_suite *s = &st;
	struct rec *r;

	memset(s, 0, sizeof(*s));
	s->ctx = ctx;
	s->why = setup(s);
	if (s->why) {
		hz_skip(s, "vmwrite-visible", s->why);
		hz_skip(s, "vmread-after-memory-change", s->why);
		hz_skip(s, "active-on-two-cpus", s->why);
	} else {
		hz_probe_visible(s);
		hz_probe_memory_change(s);
		hz_probe_two_cpus(s);
	}
	hazard_teardown(ctx);
	if (s->cpu[0].on)
		vmx_cpu_cleanup();

	r = rec_start("hazard_summary");
	rec_u64(r, "probes", s->observed + s->skipped);
	rec_u64(r, "observed", s->observed);
	rec_u64(r, "skipped", s->skipped);
	rec_u64(r, "cpus", s->ncpu);
	rec_close(r);
}

SUITE(hazard, 70) = {
	.name = "hazard",
	.summary = "opt-in: what SDM 24.11.1 leaves to the implementation, observed (never verdicts)",
	.opt_in = true,
	.run = hazard_run,
	.teardown = hazard_teardown,
};
