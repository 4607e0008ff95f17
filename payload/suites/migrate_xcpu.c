/** @file
 * Migrate suite, across two CPUs at once (docs/migrate-suite.md): the
 * other CPU spins on a shared cache line (platform/handoff.h) instead of
 * waiting in HLT, so the boot CPU can hand it a VMCS with no IPI in the
 * path. Per pair: the cache-line round trip, the TSC offset between the two
 * CPUs (measured first, because the next figure spans both TSCs), and the
 * end-to-end migration: VMCLEAR on the boot CPU → VMPTRLD done on the
 * other, from the boot CPU's TSC before VMCLEAR to the other's after
 * VMPTRLD, corrected by the offset. Each exchange runs with interrupts off
 * on both CPUs (run_on work runs with IF=0 on the AP).
 */
#include <string.h>
#include "suites/migrate.h"
#include "lib/fmt.h"
#include "lib/stats.h"
#include "platform/cpu.h"
#include "platform/handoff.h"
#include "platform/smp.h"
#include "platform/trap.h"
#include "record/record.h"
#include "vmx/vmcs.h"

#define XCPU_PINGS 64
#define XCPU_WARM 8
#define XCPU_E2E_MAX 64

static struct handoff line;

struct there {
	uint64_t pa;
	const char *why;
};

static void load_there(void *p)
{
	struct there *t = p;

	if (vmcs_load(t->pa, NULL))
		t->why = "VMPTRLD failed on the other CPU";
}

static void clear_there(void *p)
{
	struct there *t = p;

	if (vmcs_clear(t->pa, NULL))
		t->why = "VMCLEAR failed on the other CPU";
}

static void put_stats(struct rec *r, const char *prefix, uint64_t *v, unsigned n)
{
	struct stats st;
	char key[40];

	stats_compute(v, n, 0, &st);
	fmt_snprintf(key, sizeof(key), "%s_min", prefix);
	rec_u64(r, key, st.min);
	fmt_snprintf(key, sizeof(key), "%s_median", prefix);
	rec_u64(r, key, st.median);
	fmt_snprintf(key, sizeof(key), "%s_max", prefix);
	rec_u64(r, key, st.max);
}

static void skip(struct mig_suite *s, const char *rel, const char *why)
{
	mig_skip(s, "xcpu", rel, "a hand-off between two CPUs", why);
}

/* With the server spinning: pings, then the migrations. @return why it stopped, NULL: all done. */
static const char *exchange(struct mig_suite *s, const struct mig_pair *p, struct rec **out)
{
	static struct handoff_ping ping[XCPU_PINGS];
	static uint64_t rtt[XCPU_PINGS], e2e[XCPU_E2E_MAX];
	unsigned ne2e = s->ctx->samples < XCPU_E2E_MAX ? s->ctx->samples : XCPU_E2E_MAX;
	struct there t = { s->pool_pa[0], NULL };
	int64_t off;
	uint64_t unc;
	struct rec *r;

	if (!ne2e)
		ne2e = 1;
	for (unsigned i = 0; i < XCPU_WARM + XCPU_PINGS; i++)
		if (handoff_post(&line, HO_PING, NULL, NULL, &ping[i < XCPU_WARM ? 0 : i - XCPU_WARM]))
			return "the other CPU stopped answering on the shared line";
	for (unsigned i = 0; i < XCPU_PINGS; i++)
		rtt[i] = ping[i].t1 - ping[i].t0;
	if (!handoff_tsc_offset(ping, XCPU_PINGS, &off, &unc))
		return "no ordered round trip: the TSC went backwards";
	for (unsigned i = 0; i < ne2e; i++) {
		const char *why = NULL;
		uint64_t t0;

		/* active and launched here, as a vCPU that last ran on this CPU */
		if (mig_prepare(s, 0, t.pa, 0, true, false, &why))
			return why;
		t0 = handoff_rdtsc();
		if (vmcs_clear(t.pa, NULL))
			return "VMCLEAR failed";
		if (handoff_post(&line, HO_CALL, load_there, &t, NULL) || line.fault != FAULT_NONE || t.why)
			return t.why ? t.why : "no answer, or an exception, on the other CPU";
		e2e[i] = (uint64_t)((int64_t)(line.tb - t0) - off);
		/* give it back (untimed) before the next round */
		if (handoff_post(&line, HO_CALL, clear_there, &t, NULL) || line.fault != FAULT_NONE || t.why)
			return t.why ? t.why : "no answer, or an exception, on the other CPU";
	}
	r = rec_start("handoff");
	rec_str(r, "suite", "migrate");
	rec_str(r, "relation", topo_relation_name(p->rel));
	rec_u64(r, "from", 0);
	rec_u64(r, "to", p->other);
	rec_bool(r, "emulated", s->ctx->emulator[0] != 0);
	rec_u64(r, "pings", XCPU_PINGS);
	put_stats(r, "rtt", rtt, XCPU_PINGS);
	rec_i64(r, "tsc_offset", off);
	rec_u64(r, "tsc_offset_err", unc);
	rec_u64(r, "migrations", ne2e);
	put_stats(r, "e2e", e2e, ne2e);
	*out = r;
	return NULL;
}

static void pair_xcpu(struct mig_suite *s, const struct mig_pair *p)
{
	const char *rel = topo_relation_name(p->rel);
	uint64_t flags = read_rflags();
	struct rec *r = NULL;
	const char *why;
	int v;

	memset(&line, 0, sizeof(line));
	if (run_start(p->other, handoff_serve, &line)) {
		skip(s, rel, "the other CPU is busy or offline");
		return;
	}
	cli();
	why = exchange(s, p, &r);
	if (handoff_post(&line, HO_STOP, NULL, NULL, NULL) && !why)
		why = "the other CPU did not take the stop command";
	if (flags & (1u << 9))
		sti();
	v = run_wait(p->other);
	if (!why && v != FAULT_NONE)
		why = "the other CPU's hand-off loop did not end cleanly";
	if (r) {
		if (why)
			rec_str(r, "error", why);
		rec_close(r);
	}
	if (why)
		skip(s, rel, why);
	vmcs_clear(s->pool_pa[0], NULL);
}

void mig_xcpu_run(struct mig_suite *s)
{
	for (unsigned i = 0; i < s->npair; i++)
		pair_xcpu(s, &s->pair[i]);
}
