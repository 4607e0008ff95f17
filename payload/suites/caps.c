/** @file
 * The caps suite: what this CPU is and what VMX it offers, as raw records
 * (CPUID leaves, MSRs, SMBIOS) plus their decode. Nothing here judges.
 */
#include "platform/cpu.h"
#include "platform/cpuid_walk.h"
#include "record/record.h"
#include "suites/suite.h"

static void cpuid_query(uint32_t leaf, uint32_t sub, uint32_t r[4], void *ctx)
{
	struct cpuid_regs c = cpuid(leaf, sub);

	(void)ctx;
	r[0] = c.eax;
	r[1] = c.ebx;
	r[2] = c.ecx;
	r[3] = c.edx;
}

static void cpuid_emit(uint32_t leaf, uint32_t sub, const uint32_t r[4], void *ctx)
{
	struct rec *w = rec_start("cpuid");

	(void)ctx;
	rec_hex(w, "leaf", leaf);
	rec_hex(w, "sub", sub);
	rec_hex(w, "eax", r[0]);
	rec_hex(w, "ebx", r[1]);
	rec_hex(w, "ecx", r[2]);
	rec_hex(w, "edx", r[3]);
	rec_close(w);
}

static void caps_warn(const char *msg, void *ctx)
{
	struct rec *w = rec_start("warn");

	(void)ctx;
	rec_str(w, "msg", msg);
	rec_close(w);
}

static void caps_cpuid(void)
{
	struct cpuid_walk cw = {
		.query = cpuid_query, .emit = cpuid_emit, .warn = caps_warn,
	};

	cpuid_walk(&cw);
}

static void caps_run(const struct options *opt)
{
	(void)opt;
	caps_cpuid();
}

const struct suite suite_caps = {
	"caps", "CPUID, identity, SMBIOS, VMX capability MSRs, VMXON/VMXOFF", caps_run,
};
