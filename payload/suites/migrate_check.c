/** @file
 * Migrate suite, integrity and protocol (docs/migrate-suite.md): `case`
 * records, one rule each. A is the boot CPU, B the other CPU of a pair.
 *   integrity.*  every writable field survives A → B and B → A (§24.11.1)
 *   protocol.*   launch state after VMCLEAR, VMLAUNCH/VMRESUME errors (§30.3)
 *   undefined.*  what §24.11.1 forbids software to do: observations, SKIP
 * The protocol cases use a fresh VMCS (the first of the cost part's pool),
 * not the integrity one, whose fields then hold test patterns.
 */
#include "suites/migrate.h"
#include "lib/fmt.h"
#include "platform/smp.h"
#include "platform/trap.h"
#include "vmx/fields.h"
#include "vmx/guest.h"
#include "vmx/vmcs.h"

static uint64_t ref[256], got[256];

/* A distinct value per field; VMWRITE keeps what fits the field's width. */
static uint64_t pattern(unsigned i)
{
	return 0x9e3779b97f4a7c15ull * (i + 1) ^ 0x00a5a5a5a5a5a500ull;
}

struct fields_arg {
	struct mig_suite *s;
	uint64_t *out;
	unsigned failed;   /**< VMPTRLD, VMREAD or VMCLEAR failures */
};

/* VMPTRLD, read every writable field, VMCLEAR. */
static void read_all_here(void *p)
{
	struct fields_arg *a = p;
	struct mig_suite *s = a->s;

	a->failed = 0;
	if (vmcs_load(s->check_pa, NULL)) {
		a->failed = s->nw;
		return;
	}
	for (unsigned i = 0; i < s->nw; i++)
		if (vmcs_read(s->wenc[i], &a->out[i], NULL))
			a->failed++;
	if (vmcs_clear(s->check_pa, NULL))
		a->failed++;
}

static void fields_case(struct mig_suite *s, const char *id, const char *desc, unsigned failed)
{
	char obs[160];
	unsigned bad = 0, first = 0;

	for (unsigned i = 0; i < s->nw; i++)
		if (got[i] != ref[i] && !bad++)
			first = i;
	if (!bad && !failed) {
		fmt_snprintf(obs, sizeof(obs), "0 of %u mismatched", s->nw);
	} else {
		char name[40] = "-";

		if (bad)
			vmcs_field_format(s->wenc[first], name, sizeof(name));
		fmt_snprintf(obs, sizeof(obs), "%u of %u mismatched, %u failed; first %s: 0x%llx read 0x%llx",
			     bad, s->nw, failed, name, (unsigned long long)(bad ? ref[first] : 0),
			     (unsigned long long)(bad ? got[first] : 0));
	}
	case_emit(s->cases, id, "24.11.1", desc, "0 mismatched", obs,
		  verdict_of(!bad && !failed), NULL);
}

static void integrity(struct mig_suite *s, const struct mig_pair *p)
{
	struct fields_arg a = { s, got, 0 };
	const char *rel = topo_relation_name(p->rel);
	char id[64];
	unsigned wfail = 0;

	/* On A: a distinct pattern in every field, and what A reads back is the reference. */
	if (vmcs_load(s->check_pa, NULL))
		wfail = s->nw;
	for (unsigned i = 0; !wfail && i < s->nw; i++)
		if (vmcs_write(s->wenc[i], pattern(i), NULL) || vmcs_read(s->wenc[i], &ref[i], NULL))
			wfail++;
	if (vmcs_clear(s->check_pa, NULL))
		wfail++;
	if (run_on(p->other, read_all_here, &a) != FAULT_NONE)
		a.failed = s->nw;
	fmt_snprintf(id, sizeof(id), "integrity.on-b.%s", rel);
	fields_case(s, id, "every writable field written on A reads back the same on B after "
		    "VMCLEAR on A and VMPTRLD on B", a.failed + wfail);
	read_all_here(&a);
	fmt_snprintf(id, sizeof(id), "integrity.back-on-a.%s", rel);
	fields_case(s, id, "every writable field reads back the same on A after the VMCS came "
		    "back (VMCLEAR on B, VMPTRLD on A)", a.failed);
}

struct proto_arg {
	struct mig_suite *s;
	struct outcome resume, launch, relaunch;
	int load;
};

/* On B: VMPTRLD, rewrite the host fields, then VMRESUME, VMLAUNCH, VMLAUNCH, VMCLEAR. */
static void protocol_here(void *p)
{
	struct proto_arg *a = p;
	struct vmx_gprs g = { .rax = GUEST_CALL_ALIVE }; /* RIP may rest on the VMCALL */

	a->load = vmcs_load(a->s->pool_pa[0], NULL);
	if (a->load)
		return;
	mig_host_rewrite(a->s, cpu_index());
	vmx_run(&g, true, &a->resume, NULL);
	vmx_run(&g, false, &a->launch, NULL);
	vmx_run(&g, false, &a->relaunch, NULL);
	vmcs_clear(a->s->pool_pa[0], NULL);
}

static void proto_case(struct mig_suite *s, const char *id, const char *sdm, const char *desc,
		       struct outcome want, const struct outcome *o)
{
	char e[40], b[40];

	case_emit(s->cases, id, sdm, desc, outcome_format(&want, e, sizeof(e)),
		  outcome_format(o, b, sizeof(b)), verdict_of(outcome_equal(&want, o)), NULL);
}

static void protocol(struct mig_suite *s, unsigned other)
{
	struct proto_arg a = { .s = s };
	const char *why;

	if (mig_prepare(s, 0, s->pool_pa[0], 0, true, true, &why) ||
	    run_on(other, protocol_here, &a) != FAULT_NONE || a.load) {
		case_emit(s->cases, "protocol.setup", "24.11.1",
			  "a launched VMCS cleared on A and loaded on B", NULL, NULL, VERDICT_SKIP,
			  why ? why : "VMPTRLD on B failed or B did not answer");
		return;
	}
	proto_case(s, "protocol.resume-after-migration", "30.3",
		   "VMRESUME on B after VMCLEAR on A (launch state clear): VMfailValid(5), "
		   "VMRESUME with non-launched VMCS", OUTCOME_VALID_V(5), &a.resume);
	proto_case(s, "protocol.launch-after-migration", "24.11.1",
		   "VMLAUNCH on B after VMCLEAR on A, VMPTRLD on B and the host fields rewritten: "
		   "the guest runs", OUTCOME_OK_V, &a.launch);
	proto_case(s, "protocol.launch-launched", "30.3",
		   "VMLAUNCH again on B of the VMCS it launched: VMfailValid(4), VMLAUNCH with "
		   "non-clear VMCS", OUTCOME_VALID_V(4), &a.relaunch);
}

struct probe_arg {
	uint64_t pa;
	struct vmx_outcome o, o2;
};

static void vmptrld_probe_here(void *p)
{
	struct probe_arg *a = p;

	vmcs_load(a->pa, &a->o);
	/* B flushes its copy first; A's VMCLEAR afterwards writes the last word */
	vmcs_clear(a->pa, &a->o2);
}

static void vmclear_probe_here(void *p)
{
	struct probe_arg *a = p;

	vmcs_clear(a->pa, &a->o);
}

/* §24.11.1 says software must not do these; the SDM defines no outcome. */
static void undefined(struct mig_suite *s, unsigned other)
{
	struct probe_arg a = { .pa = s->pool_pa[0] };
	char o1[32], o2[32], obs[200];
	uint64_t cur = 0;
	int v;

	/* VMPTRLD on B of a VMCS current (launched) on A */
	if (mig_prepare(s, 0, s->pool_pa[0], 0, true, false, NULL) == 0) {
		v = run_on(other, vmptrld_probe_here, &a);
		vmx_outcome_format(&a.o, o1, sizeof(o1));
		vmx_outcome_format(&a.o2, o2, sizeof(o2));
		fmt_snprintf(obs, sizeof(obs), "undefined by the SDM: observed VMPTRLD on B %s "
			     "(then VMCLEAR on B %s)%s", v == FAULT_NONE ? o1 : "not answered", o2,
			     v == FAULT_NONE ? "" : "; B did not answer");
		case_emit(s->cases, "undefined.vmptrld-current-elsewhere", "24.11.1",
			  "VMPTRLD on B of a VMCS still current on A", NULL, NULL, VERDICT_SKIP, obs);
	}
	vmcs_clear(s->pool_pa[0], NULL);

	/* VMCLEAR on B of a VMCS current on A; does A still call it current? */
	if (mig_prepare(s, 0, s->pool_pa[0], 0, true, false, NULL) == 0) {
		v = run_on(other, vmclear_probe_here, &a);
		vmcs_store(&cur, NULL);
		vmx_outcome_format(&a.o, o1, sizeof(o1));
		fmt_snprintf(obs, sizeof(obs), "undefined by the SDM: observed VMCLEAR on B %s; "
			     "VMPTRST on A then %s", v == FAULT_NONE ? o1 : "not answered",
			     cur == s->pool_pa[0] ? "still gives it" : "gives another or none");
		case_emit(s->cases, "undefined.vmclear-current-elsewhere", "24.11.1",
			  "VMCLEAR on B of a VMCS current on A", NULL, NULL, VERDICT_SKIP, obs);
	}
	vmcs_clear(s->pool_pa[0], NULL);
}

void mig_check_run(struct mig_suite *s)
{
	for (unsigned i = 0; i < s->npair; i++)
		integrity(s, &s->pair[i]);
	protocol(s, s->pair[0].other);
	undefined(s, s->pair[0].other);
}
