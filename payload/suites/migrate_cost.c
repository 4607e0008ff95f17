/** @file
 * Migrate suite, cost (docs/migrate-suite.md): `meas` records, every one
 * timed by meas_run() on the boot CPU, which executes the instruction.
 * N = 1, and meas_run's prep hook puts in place, outside the timed window,
 * the VMCSs one timed run consumes (one, then two): the other CPU's part of
 * a migration (through run_on) and the local set-up. So each repetition in
 * a window is one instruction of the kind named on a VMCS in the state
 * named, and t(2N) − t(N) removes the fixed overhead as everywhere else.
 */
#include <string.h>
#include "suites/migrate.h"
#include "lib/fmt.h"
#include "measure/timing.h"
#include "record/record.h"
#include "vmx/fields.h"
#include "vmx/guest.h"
#include "vmx/loop.h"
#include "vmx/vmcs.h"

enum cost_op { OP_VMCLEAR, OP_VMPTRLD, OP_FIRST_VMREAD, OP_FIRST_VMWRITE, OP_MIGRATED };

struct cost {
	struct mig_suite *s;
	unsigned other, k;
	const uint64_t *pa;      /**< the pool: ordinary or shadow VMCSs */
	bool launch;             /**< launch in preparation (not for shadow VMCSs) */
	enum cost_op op;
	const char *why;         /**< first preparation failure */
	unsigned bad;            /**< timed round trips that did not reach the guest */
	uint32_t hn;             /**< host fields rewritten on migration */
	struct { uint64_t enc, val; } host[MIG_HOST_MAX];
	unsigned w, at;          /**< working set: size, next VMCS */
};

static inline void vmclear(const uint64_t *pa)
{
	__asm__ volatile("vmclear %0" :: "m"(*pa) : "cc", "memory");
}

static inline void vmptrld(const uint64_t *pa)
{
	__asm__ volatile("vmptrld %0" :: "m"(*pa) : "cc", "memory");
}

/* VMCLEAR on A: each VMCS came back from B, then A launched it and wrote K fields. */
static void prep_clear(void *p, uint32_t reps)
{
	struct cost *c = p;

	for (uint32_t i = 0; i < reps && !c->why; i++)
		if (mig_prepare(c->s, c->other, c->pa[i], 0, false, true, &c->why) == 0)
			mig_prepare(c->s, 0, c->pa[i], c->k, c->launch, false, &c->why);
}

/* Into A: each VMCS was launched on B, written (K fields) and cleared there. */
static void prep_load(void *p, uint32_t reps)
{
	struct cost *c = p;

	for (uint32_t i = 0; i < reps && !c->why; i++) {
		vmcs_clear(c->pa[i], NULL); /* from the last timed run: not active on A now */
		mig_prepare(c->s, c->other, c->pa[i], c->k, c->launch, true, &c->why);
	}
}

/*
 * Shadow VMCSs, linked the way a nested hypervisor's are: shadow i is linked
 * from pool VMCS i, and the VM entry made it active (§24.10). For VMCLEAR on
 * A: last linked on B and cleared there, now linked and active on A.
 */
static void prep_linked_clear(void *p, uint32_t reps)
{
	struct cost *c = p;
	struct mig_suite *s = c->s;

	for (uint32_t i = 0; i < reps && !c->why; i++) {
		/* the last timed run left pool i current here: not active on two CPUs */
		vmcs_clear(s->pool_pa[i], NULL);
		if (mig_prepare_linked(s, c->other, s->pool_pa[i], s->shadow_pa[i], true, &c->why) == 0)
			mig_prepare_linked(s, 0, s->pool_pa[i], s->shadow_pa[i], false, &c->why);
	}
}

/* For VMPTRLD of the shadow VMCS on A: linked and active on B, then cleared there. */
static void prep_linked_load(void *p, uint32_t reps)
{
	struct cost *c = p;
	struct mig_suite *s = c->s;

	for (uint32_t i = 0; i < reps && !c->why; i++) {
		vmcs_clear(s->shadow_pa[i], NULL); /* from the last timed run */
		vmcs_clear(s->pool_pa[i], NULL);
		mig_prepare_linked(s, c->other, s->pool_pa[i], s->shadow_pa[i], true, &c->why);
	}
}

static void body(void *p, uint32_t reps)
{
	struct cost *c = p;
	struct vmx_gprs g;
	struct outcome o;
	uint64_t v;

	for (uint32_t i = 0; i < reps; i++) {
		switch (c->op) {
		case OP_VMCLEAR:
			vmclear(&c->pa[i]);
			break;
		case OP_VMPTRLD:
			vmptrld(&c->pa[i]);
			break;
		case OP_FIRST_VMREAD:
			vmptrld(&c->pa[i]);
			v = vmx_loop_vmread(GUEST_RIP);
			__asm__ volatile("" :: "r"(v));
			break;
		case OP_FIRST_VMWRITE:
			vmptrld(&c->pa[i]);
			vmx_loop_vmwrite(GUEST_RIP, (uint64_t)(uintptr_t)vmx_guest_entry);
			break;
		case OP_MIGRATED:
			/* what a hypervisor does on the new CPU before VMLAUNCH */
			vmptrld(&c->pa[i]);
			for (uint32_t h = 0; h < c->hn; h++)
				vmx_loop_vmwrite(c->host[h].enc, c->host[h].val);
			memset(&g, 0, sizeof(g));
			g.rax = GUEST_CALL_ALIVE;
			if (vmx_run(&g, false, &o, NULL))
				c->bad++;
			break;
		}
	}
}

static void body_stay(void *p, uint32_t reps)
{
	struct cost *c = p;
	struct vmx_gprs g;
	struct outcome o;

	while (reps--) {
		memset(&g, 0, sizeof(g));
		/* the guest's RIP stays on its VMCALL (an exit does not advance it): with
		 * RAX set each VMRESUME calls back at once */
		g.rax = GUEST_CALL_ALIVE;
		if (vmx_run(&g, true, &o, NULL))
			c->bad++;
	}
}

static void body_ws(void *p, uint32_t reps)
{
	struct cost *c = p;
	uint64_t v;

	while (reps--) {
		vmptrld(&c->s->ws_pa[c->at]);
		v = vmx_loop_vmread(GUEST_RIP);
		__asm__ volatile("" :: "r"(v));
		if (++c->at == c->w)
			c->at = 0;
	}
}

static void skip(struct mig_suite *s, const char *name, const char *why)
{
	mig_skip(s, "cost", name, "a migration cost figure", why);
}

/* One measurement; the record names the op, the pair and K. */
static void measure(struct cost *c, const char *name, const char *op, int from, int to,
		    const char *rel, void (*prep)(void *, uint32_t), meas_body_fn fn)
{
	struct meas_cfg cfg;
	struct meas_result r;
	struct rec *w;

	c->why = NULL;
	c->bad = 0;
	meas_cfg_for(&cfg, c->s->ctx, 1);
	cfg.prep = prep;
	if (meas_run(&cfg, fn, c, &r)) {
		skip(c->s, name, "meas_run refused (no TSC)");
		return;
	}
	if (c->why || c->bad) {
		skip(c->s, name, c->why ? c->why : "a timed VM entry did not reach the guest's VMCALL");
		return;
	}
	w = meas_open("migrate", name, &r);
	rec_str(w, "op", op);
	if (rel) {
		rec_str(w, "relation", rel);
		rec_u64(w, "from", (uint64_t)from);
		rec_u64(w, "to", (uint64_t)to);
	}
	/* only the VMCLEAR sweep is a cost-against-K series; elsewhere K is a condition */
	if (fn == body && c->k != ~0u) {
		rec_u64(w, c->op == OP_VMCLEAR && c->launch ? "k" : "fields_written", c->k);
		rec_bool(w, "k_all", c->k == c->s->nw);
	}
	if (fn == body_ws)
		rec_u64(w, "w", c->w);
	if (c->op == OP_FIRST_VMREAD || c->op == OP_FIRST_VMWRITE)
		rec_str(w, "window", "vmptrld+first");
	if (prep == prep_linked_clear || prep == prep_linked_load)
		rec_str(w, "shadow_state", "linked-by-vm-entry");
	rec_close(w);
}

static void pair_costs(struct mig_suite *s, const struct mig_pair *p)
{
	static const unsigned ks[] = { 0, 1, 4, 16, 64 };
	struct cost c = { .s = s, .other = p->other, .pa = s->pool_pa, .launch = true };
	const char *rel = topo_relation_name(p->rel);
	char name[64];

	c.op = OP_VMCLEAR;
	for (unsigned i = 0; i <= 5; i++) {
		c.k = i < 5 ? ks[i] : s->nw;
		if (i < 5 && c.k >= s->nw)
			continue;
		if (i < 5)
			fmt_snprintf(name, sizeof(name), "vmclear.k%u.%s", c.k, rel);
		else
			fmt_snprintf(name, sizeof(name), "vmclear.kall.%s", rel);
		measure(&c, name, "vmclear", 0, (int)p->other, rel, prep_clear, body);
		vmcs_clear(s->pool_pa[0], NULL);
		vmcs_clear(s->pool_pa[1], NULL);
	}
	/* Into the boot CPU from the other one, with every writable field written there. */
	c.k = s->nw;
	c.hn = 0;
	for (unsigned i = 0; i < s->nhost_diff; i++)
		for (unsigned j = 0; j < s->cpu[0].base.n; j++)
			if (s->cpu[0].base.f[j].enc == s->host_diff[i]) {
				c.host[c.hn].enc = s->host_diff[i];
				c.host[c.hn++].val = s->cpu[0].base.f[j].val;
			}
	static const struct { enum cost_op op; const char *name; } loads[] = {
		{ OP_VMPTRLD, "vmptrld" }, { OP_FIRST_VMREAD, "first_vmread" },
		{ OP_FIRST_VMWRITE, "first_vmwrite" }, { OP_MIGRATED, "roundtrip_migrated" },
	};
	for (unsigned i = 0; i < 4; i++) {
		c.op = loads[i].op;
		fmt_snprintf(name, sizeof(name), "%s.%s", loads[i].name, rel);
		measure(&c, name, loads[i].name, (int)p->other, 0, rel, prep_load, body);
		vmcs_clear(s->pool_pa[0], NULL);
		vmcs_clear(s->pool_pa[1], NULL);
	}
	if (!s->caps.shadowing) {
		fmt_snprintf(name, sizeof(name), "shadow.%s", rel);
		skip(s, name, "no VMCS shadowing: a shadow VMCS cannot be made current (SDM 24.10)");
		return;
	}
	c.pa = s->shadow_pa; /* the timed instruction's operand; the linking VMCSs are the pool */
	c.k = ~0u;
	c.op = OP_VMCLEAR;
	fmt_snprintf(name, sizeof(name), "shadow_vmclear.%s", rel);
	measure(&c, name, "shadow_vmclear", 0, (int)p->other, rel, prep_linked_clear, body);
	c.op = OP_VMPTRLD;
	fmt_snprintf(name, sizeof(name), "shadow_vmptrld.%s", rel);
	measure(&c, name, "shadow_vmptrld", (int)p->other, 0, rel, prep_linked_load, body);
	for (unsigned i = 0; i < MIG_POOL; i++) {
		vmcs_clear(s->shadow_pa[i], NULL);
		vmcs_clear(s->pool_pa[i], NULL);
	}
}

void mig_cost_run(struct mig_suite *s)
{
	struct cost c = { .s = s, .pa = s->pool_pa, .k = ~0u };
	const char *why = NULL;
	char name[32];

	struct meas_cfg tc;

	meas_cfg_for(&tc, s->ctx, 1);
	timing_emit(&tc);
	for (unsigned i = 0; i < s->npair; i++)
		pair_costs(s, &s->pair[i]);

	/* Staying put: VMRESUME of a VMCS this CPU launched and keeps. */
	if (mig_prepare(s, 0, s->pool_pa[0], 0, true, false, &why))
		skip(s, "roundtrip_stay", why);
	else
		measure(&c, "roundtrip_stay", "roundtrip_stay", 0, 0, "same-cpu", NULL, body_stay);
	vmcs_clear(s->pool_pa[0], NULL);

	/* The working set: VMPTRLD + VMREAD round-robin over W VMCSs, N = W. */
	for (unsigned w = 1; w <= MIG_WS_MAX; w *= 2) {
		struct meas_cfg cfg;
		struct meas_result r;
		struct rec *rw;

		c.w = w;
		c.at = 0;
		meas_cfg_for(&cfg, s->ctx, w);
		fmt_snprintf(name, sizeof(name), "ws.w%u", w);
		if (meas_run(&cfg, body_ws, &c, &r)) {
			skip(s, name, "meas_run refused (no TSC)");
			continue;
		}
		rw = meas_open("migrate", name, &r);
		rec_str(rw, "op", "ws");
		rec_u64(rw, "w", w);
		rec_close(rw);
	}
	for (unsigned i = 0; i < MIG_WS_MAX; i++)
		vmcs_clear(s->ws_pa[i], NULL);
}
