/** @file
 * The migrate suite's runner (see migrate.h): VMX operation and a baseline
 * on every online CPU, one pair per topology relation (the boot CPU and the
 * first CPU of that relation), the cost and the check parts, and leaving
 * VMX operation everywhere, after an abort too (teardown).
 */
#include <string.h>
#include "suites/migrate.h"
#include "platform/cpu.h"
#include "platform/mem.h"
#include "platform/smp.h"
#include "platform/trap.h"
#include "measure/timing.h"
#include "record/record.h"
#include "vmx/cleanup.h"
#include "vmx/fields.h"
#include "vmx/shadow.h"
#include "vmx/vmcs.h"

static struct mig_suite st;
static struct case_writer cases;

static void cpuid_here(uint32_t leaf, uint32_t sub, uint32_t r[4], void *ctx)
{
	(void)ctx;
	cpuid_array(leaf, sub, r);
}

/* On each CPU: VMXON, then a baseline from that CPU's own host state. */
static void setup_here(void *p)
{
	struct mig_cpu *c = p;

	if (vmx_enable(&c->vmx)) {
		c->why = c->vmx.reason ? c->vmx.reason : "VMXON failed";
		return;
	}
	if (baseline_build(&c->base, c->caps)) {
		c->why = c->base.error;
		return;
	}
	c->ready = true;
}

static void cleanup_here(void *p)
{
	(void)p;
	vmx_cpu_cleanup();
}

/* Host fields whose baseline value differs between the boot CPU and another CPU. */
static void find_host_diff(struct mig_suite *s)
{
	const struct baseline *b0 = &s->cpu[0].base;

	s->nhost_diff = 0;
	for (unsigned j = 0; j < b0->n; j++) {
		uint32_t enc = b0->f[j].enc;
		bool differs = false;

		if (vmcs_enc_type(enc) != VMCS_T_HOST || enc == HOST_RSP)
			continue;
		for (unsigned c = 1; c < s->ncpu; c++) {
			const struct baseline *b = &s->cpu[c].base;

			for (unsigned i = 0; s->cpu[c].ready && i < b->n; i++)
				if (b->f[i].enc == enc && b->f[i].val != b0->f[j].val)
					differs = true;
		}
		if (differs && s->nhost_diff < MIG_HOST_MAX)
			s->host_diff[s->nhost_diff++] = enc;
	}
}

static uint64_t vmcs_page(struct mig_suite *s, bool shadow)
{
	void *p = vmcs_region_alloc(s->caps.revision, shadow);

	/* VMCLEAR before first use (§24.11.3); a failure shows at VMPTRLD */
	if (p)
		vmcs_clear(virt_to_phys(p), NULL);
	return p ? virt_to_phys(p) : 0;
}

static const char *setup(struct mig_suite *s)
{
	s->ncpu = smp_online();
	if (!vmx_supported())
		return "VMX not available (CPUID.1:ECX[5]=0)";
	if (s->ncpu < 2)
		return "one logical processor online (smp=off, or the MADT lists one)";
	if (s->ncpu > CPU_MAX)
		s->ncpu = CPU_MAX;
	if (vmx_caps_probe(&s->caps))
		return "IA32_VMX_BASIC unreadable";
	topo_decode(cpuid_here, NULL, &s->topo);
	for (unsigned c = 0; c < s->ncpu; c++) {
		s->cpu[c].caps = &s->caps;
		if (run_on(c, setup_here, &s->cpu[c]) != FAULT_NONE && !s->cpu[c].why)
			s->cpu[c].why = "no answer, or an exception, during VMX set-up";
	}
	if (!s->cpu[0].ready)
		return s->cpu[0].why;
	for (unsigned c = 1; c < s->ncpu; c++) {
		enum topo_relation rel;
		bool seen = false;

		if (!s->cpu[c].ready)
			continue;
		rel = topo_relation(&s->topo, smp_apic_id(0), smp_apic_id(c));
		for (unsigned i = 0; i < s->npair && !s->ctx->migrate_all; i++)
			seen |= s->pair[i].rel == rel;
		if (!seen && s->npair < MIG_PAIR_MAX)
			s->pair[s->npair++] = (struct mig_pair){ c, rel };
	}
	if (!s->npair)
		return "no other CPU could enter VMX operation";
	for (size_t i = 0; i < vmcs_field_count && s->nw < 256; i++) {
		uint32_t e = vmcs_fields[i].enc;

		if (shadow_field_supported(&s->caps, e) && !shadow_field_read_only(e))
			s->wenc[s->nw++] = e;
	}
	find_host_diff(s);
	for (unsigned i = 0; i < MIG_POOL; i++) {
		s->pool_pa[i] = vmcs_page(s, false);
		s->shadow_pa[i] = s->caps.shadowing ? vmcs_page(s, true) : 0;
	}
	for (unsigned i = 0; i < MIG_WS_MAX; i++)
		s->ws_pa[i] = vmcs_page(s, false);
	s->check_pa = vmcs_page(s, false);
	if (!s->check_pa || !s->ws_pa[MIG_WS_MAX - 1])
		return "out of pages";
	if (s->caps.shadowing) {
		/* all-zero bitmaps: no VMREAD/VMWRITE of the linking guest exits (§24.6.15) */
		s->rbm = pages_alloc(1);
		s->wbm = pages_alloc(1);
		if (!s->rbm || !s->wbm)
			return "out of pages";
		memset(s->rbm, 0, 4096);
		memset(s->wbm, 0, 4096);
	}
	return NULL;
}

static void setup_record(const struct mig_suite *s)
{
	struct rec *r = rec_start("migrate_setup");
	char names[MIG_HOST_MAX * 24] = "";
	size_t at = 0;

	rec_u64(r, "cpus", s->ncpu);
	for (unsigned c = 0; c < s->ncpu; c++)
		if (!s->cpu[c].ready) {
			rec_u64(r, "cpu_not_ready", c);
			rec_str(r, "why", s->cpu[c].why ? s->cpu[c].why : "?");
			break;
		}
	rec_u64(r, "pairs", s->npair);
	rec_str(r, "pairing", s->ctx->migrate_all ? "all" : "one-per-relation");
	rec_u64(r, "writable_fields", s->nw);
	rec_bool(r, "shadowing", s->caps.shadowing);
	for (unsigned i = 0; i < s->nhost_diff; i++) {
		if (at)
			names[at++] = ' ';
		vmcs_field_format(s->host_diff[i], names + at, sizeof(names) - at);
		at += strlen(names + at);
	}
	rec_str(r, "host_rewritten", names);
	rec_close(r);
}

static void migrate_teardown(const struct suite_ctx *ctx)
{
	(void)ctx;
	/* The APs; the runner leaves VMX operation on the boot CPU. */
	for (unsigned c = 1; c < st.ncpu; c++)
		if (st.cpu[c].vmx.on)
			run_on(c, cleanup_here, NULL);
}

static void migrate_run(const struct suite_ctx *ctx)
{
	struct mig_suite *s = &st;
	const char *err;

	memset(s, 0, sizeof(*s));
	s->ctx = ctx;
	timing_init();
	case_writer_init(&cases, "migrate");
	s->cases = &cases;
	err = setup(s);
	if (err) {
		case_emit(s->cases, "migrate.setup", "24.11.1",
			  "VMX operation and a VMCS on two or more logical processors", NULL, NULL,
			  VERDICT_SKIP, err);
	} else {
		setup_record(s);
		mig_check_run(s);
		mig_cost_run(s);
		mig_xcpu_run(s);
	}
	migrate_teardown(ctx);
	if (s->cpu[0].vmx.on)
		vmx_cpu_cleanup();

	struct rec *r = rec_start("migrate_summary");
	case_tally_rec(r, s->cases);
	rec_u64(r, "cpus", s->ncpu);
	rec_u64(r, "pairs", s->npair);
	rec_close(r);
	case_tally_print(s->cases);
}

SUITE(migrate, 60) = {
	.name = "migrate",
	.summary = "VMCS migration between logical processors: cost by topology relation, integrity, protocol",
	.run = migrate_run,
	.teardown = migrate_teardown,
};
