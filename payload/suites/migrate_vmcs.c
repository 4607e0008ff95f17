/** @file
 * Migrate suite: the VMCS steps both other parts take (see migrate.h).
 * Each runs on the CPU named, through run_on() when that is not this one.
 */
#include "suites/migrate.h"
#include "lib/fmt.h"
#include "platform/mem.h"
#include "platform/smp.h"
#include "platform/trap.h"
#include "vmx/fields.h"
#include "vmx/guest.h"
#include "vmx/shadow.h"
#include "vmx/vmcs.h"

unsigned mig_touch(struct mig_suite *s, unsigned k)
{
	unsigned bad = 0;

	for (unsigned i = 0; i < k && i < s->nw; i++) {
		uint64_t v;

		/* the value it holds: the VMCS stays launchable after K = all */
		if (vmcs_read(s->wenc[i], &v, NULL) || vmcs_write(s->wenc[i], v, NULL))
			bad++;
	}
	return bad;
}

unsigned mig_host_rewrite(struct mig_suite *s, unsigned cpu)
{
	const struct baseline *b = &s->cpu[cpu].base;
	unsigned bad = 0;

	for (unsigned i = 0; i < s->nhost_diff; i++)
		for (unsigned j = 0; j < b->n; j++)
			if (b->f[j].enc == s->host_diff[i] && vmcs_write(b->f[j].enc, b->f[j].val, NULL))
				bad++;
	return bad;
}

struct prep_arg {
	struct mig_suite *s;
	uint64_t pa;
	uint64_t shadow_pa;     /**< linked by the launch when not 0 */
	unsigned k;
	bool launch, clear;
	const char *why;
};

static void prepare_here(void *p)
{
	struct prep_arg *a = p;
	struct mig_cpu *c = &a->s->cpu[cpu_index()];
	struct vmx_gprs g = { .rax = GUEST_CALL_ALIVE }; /* RIP may rest on the VMCALL */
	struct outcome o;

	a->why = NULL;
	if (vmcs_load(a->pa, NULL)) {
		a->why = "VMPTRLD failed";
		return;
	}
	if (baseline_apply(&c->base, NULL)) {
		a->why = "baseline VMWRITE failed";
		return;
	}
	if (a->shadow_pa && shadow_enable(c->caps, virt_to_phys(a->s->rbm), virt_to_phys(a->s->wbm),
					  a->shadow_pa)) {
		a->why = "VMCS shadowing could not be turned on";
		return;
	}
	if (a->launch && vmx_run(&g, false, &o, NULL)) {
		a->why = "VMLAUNCH of the baseline did not reach the guest's VMCALL";
		return;
	}
	/* after the launch: K fields written since the last VM exit */
	if (mig_touch(a->s, a->k)) {
		a->why = "a field rewrite failed";
		return;
	}
	if (a->clear && a->shadow_pa && vmcs_clear(a->shadow_pa, NULL))
		a->why = "VMCLEAR of the shadow VMCS failed";
	else if (a->clear && vmcs_clear(a->pa, NULL))
		a->why = "VMCLEAR failed";
}

static int prepare_on(unsigned cpu, struct prep_arg *a, const char **why)
{
	int v = run_on(cpu, prepare_here, a);

	if (v != FAULT_NONE)
		a->why = v == RUN_NO_ANSWER ? "the other CPU did not answer" : "exception on the other CPU";
	if (why)
		*why = a->why;
	return a->why ? -1 : 0;
}

int mig_prepare_linked(struct mig_suite *s, unsigned cpu, uint64_t pa, uint64_t shadow_pa,
		       bool clear, const char **why)
{
	struct prep_arg a = { s, pa, shadow_pa, 0, true, clear, NULL };

	return prepare_on(cpu, &a, why);
}

int mig_prepare(struct mig_suite *s, unsigned cpu, uint64_t pa, unsigned k, bool launch,
		bool clear, const char **why)
{
	struct prep_arg a = { s, pa, 0, k, launch, clear, NULL };

	return prepare_on(cpu, &a, why);
}

struct clear_arg {
	uint64_t pa;
	struct vmx_outcome o;
};

static void clear_here(void *p)
{
	struct clear_arg *a = p;

	vmcs_clear(a->pa, &a->o);
}

int mig_clear_on(unsigned cpu, uint64_t pa)
{
	struct clear_arg a = { pa, { 0 } };

	if (run_on(cpu, clear_here, &a) != FAULT_NONE)
		return -1;
	return (int)a.o.result;
}

void mig_skip(struct mig_suite *s, const char *prefix, const char *name, const char *desc,
	      const char *why)
{
	char id[64];

	fmt_snprintf(id, sizeof(id), "%s.%s", prefix, name);
	case_emit(s->cases, id, "24.11.1", desc, NULL, NULL, VERDICT_SKIP, why);
}
