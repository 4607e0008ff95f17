/** @file
 * Shadow suite, cost (docs/shadow-suite.md): TSC ticks per VMREAD and per
 * VMWRITE for each field width on each path a nested hypervisor has, all
 * through meas_run() (docs/measurement.md):
 *   root-ordinary (a) VMX root, an ordinary VMCS current
 *   root-shadow  (b) VMX root, the shadow VMCS current
 *   shadowed     (c) VMX non-root, "VMCS shadowing" on, bitmap bit 0: no exit
 *   exiting      (d) VMX non-root, bitmap bit 1: every access exits and the
 *                    handler emulates it the way a nested hypervisor does
 *                    (shadow_nested.c), then VMRESUME
 *   sync-read/-write (e) copying K fields between vmcs12 and the shadow VMCS
 *                    (VMPTRLD shadow, K VMREAD or VMWRITE, VMPTRLD back)
 * For (c) and (d) meas_run itself runs in the guest (RDTSC/RDTSCP without
 * exits or offset; its CPUID and MSR accesses exit and are emulated outside
 * the timed windows) and leaves its result in memory the host reads.
 * Then per K the break-even: guest accesses per nested exit above which
 * shadowing pays for syncing K fields both ways.
 */
#include <string.h>
#include "suites/shadow.h"
#include "suites/suite.h"
#include "lib/fmt.h"
#include "platform/mem.h"
#include "measure/timing.h"
#include "record/record.h"
#include "vmx/fields.h"
#include "vmx/vmcs.h"

/* ---- bodies ---- */

struct cost_ctx {
	uint64_t enc, val;
};

static void body_read(void *ctx, uint32_t reps)
{
	uint64_t enc = ((struct cost_ctx *)ctx)->enc, v;

	__asm__ volatile("1:\n\tvmread %[e], %[v]\n\tdec %[n]\n\tjnz 1b"
			 : [v] "=&r"(v), [n] "+r"(reps) : [e] "r"(enc) : "cc", "memory");
}

static void body_write(void *ctx, uint32_t reps)
{
	uint64_t enc = ((struct cost_ctx *)ctx)->enc, val = ((struct cost_ctx *)ctx)->val;

	__asm__ volatile("1:\n\tvmwrite %[v], %[e]\n\tdec %[n]\n\tjnz 1b"
			 : [n] "+r"(reps) : [e] "r"(enc), [v] "r"(val) : "cc", "memory");
}

/* VMCALL with the "advance RIP only" command: exit, minimal handler, VMRESUME. */
static void body_vmcall(void *ctx, uint32_t reps)
{
	(void)ctx;
	__asm__ volatile("1:\n\tmov %[c], %%eax\n\tvmcall\n\tdec %[n]\n\tjnz 1b"
			 : [n] "+r"(reps) : [c] "i"(SHADOW_CALL_NOP) : "rax", "cc", "memory");
}

struct sync_ctx {
	struct shadow_suite *s;
	unsigned k;
	uint64_t shadow_pa, vmcs_pa;
	const uint32_t *enc;
	const uint16_t *slot;
};

static inline void vmptrld(const uint64_t *pa)
{
	__asm__ volatile("vmptrld %0" :: "m"(*pa) : "cc", "memory");
}

/* After the guest hypervisor ran: shadow -> vmcs12 (K VMREADs). */
static void body_sync_read(void *ctx, uint32_t reps)
{
	struct sync_ctx *c = ctx;
	uint64_t *v12 = c->s->v12.val;

	while (reps--) {
		vmptrld(&c->shadow_pa);
		for (unsigned i = 0; i < c->k; i++)
			v12[c->slot[i]] = vmx_loop_vmread(c->enc[i]);
		vmptrld(&c->vmcs_pa);
	}
}

/* Before it runs again: vmcs12 -> shadow (K VMWRITEs). */
static void body_sync_write(void *ctx, uint32_t reps)
{
	struct sync_ctx *c = ctx;
	const uint64_t *v12 = c->s->v12.val;

	while (reps--) {
		vmptrld(&c->shadow_pa);
		for (unsigned i = 0; i < c->k; i++)
			vmx_loop_vmwrite(c->enc[i], v12[c->slot[i]]);
		vmptrld(&c->vmcs_pa);
	}
}

/* ---- measuring ---- */

struct guest_meas {
	struct meas_cfg cfg;
	meas_body_fn body;
	void *ctx;
	struct meas_result r;
	int rc;
};

static void guest_meas(void *arg)
{
	struct guest_meas *m = arg;

	m->rc = meas_run(&m->cfg, m->body, m->ctx, &m->r);
}

static const struct width_field {
	const char *width;
	uint32_t enc;
} widths[] = {
	{ "16", GUEST_CS_SELECTOR },
	{ "32", GUEST_INTERRUPTIBILITY_STATE },
	{ "64", VMCS_LINK_POINTER },
	{ "64-high", VMCS_LINK_POINTER | 1u },
	{ "natural", GUEST_RIP },
};
#define NWIDTHS (sizeof(widths) / sizeof(widths[0]))

enum path { P_ROOT, P_ROOT_SHADOW, P_SHADOWED, P_EXITING, P_COUNT };
static const char *const path_names[P_COUNT] = { "root-ordinary", "root-shadow", "shadowed", "exiting" };
static const uint32_t path_reps[P_COUNT] = { 100, 100, 100, 10 };

/* Median ticks per operation x 1000, per path/op/width; -1 when not measured. */
static int64_t med_milli[P_COUNT][2][NWIDTHS];

static int64_t milli(const struct meas_result *r)
{
	return r->tsc.count ? r->tsc.median * 1000 / (int64_t)r->reps : -1;
}

/* @p timer_exits < 0: the run was not in the guest (no preemption timer involved). */
static void emit(const char *name, const struct meas_result *r, const char *path,
		 const char *width, const char *op, int k, long timer_exits)
{
	struct rec *w = meas_open("shadow", name, r);

	if (path)
		rec_str(w, "path", path);
	if (timer_exits >= 0)
		rec_u64(w, "timer_exits", (uint64_t)timer_exits);
	if (width)
		rec_str(w, "width", width);
	rec_str(w, "op", op);
	if (k >= 0)
		rec_u64(w, "k", (uint64_t)k);
	rec_close(w);
}

/*
 * A measurement in the guest with the watchdog pushed past it: the
 * preemption timer (the baseline reloads 2^20 units on every entry, so a
 * long guest run takes an exit every period, and one landing in a timed
 * window adds the exit's cost to that sample) gets the largest value the
 * field holds, and two expiries mean a hung guest. The count of timer
 * exits goes into the record: 0 says no window was disturbed by one.
 */
static int guest_measure(struct shadow_suite *s, struct guest_meas *m)
{
	int rc;

	s->timer_exits = 0;
	s->timer_limit = 2;
	if (s->base.preempt_timer)
		vmcs_write(VMX_PREEMPTION_TIMER_VALUE, 0xffffffffu, NULL);
	rc = shadow_guest_call(s, guest_meas, m) || m->rc;
	if (s->base.preempt_timer)
		vmcs_write(VMX_PREEMPTION_TIMER_VALUE, s->base.preempt_value, NULL);
	s->timer_limit = 0;
	return rc;
}

static void measure_path(struct shadow_suite *s, enum path p, uint64_t dummy_pa)
{
	char name[48], msg[160];

	for (unsigned op = 0; op < 2; op++)
		for (unsigned wi = 0; wi < NWIDTHS; wi++) {
			struct cost_ctx c = { widths[wi].enc, 0x1234 };
			struct guest_meas m = { .body = op ? body_write : body_read, .ctx = &c };
			int rc = 0;

			med_milli[p][op][wi] = -1;
			meas_cfg_for(&m.cfg, s->ctx, path_reps[p]);
			fmt_snprintf(name, sizeof(name), "%s.%s.%s", op ? "vmwrite" : "vmread", path_names[p],
				     widths[wi].width);
			switch (p) {
			case P_ROOT:
			case P_ROOT_SHADOW:
				rc = vmcs_load(p == P_ROOT ? dummy_pa : s->shadow_pa, NULL) ||
				     meas_run(&m.cfg, m.body, m.ctx, &m.r) || vmcs_load(s->vmcs_pa, NULL);
				break;
			case P_SHADOWED:
			case P_EXITING:
				shadow_bitmaps(s, p == P_EXITING, p == P_EXITING);
				s->mode = p == P_EXITING ? SHADOW_MODE_NESTED : SHADOW_MODE_RECORD;
				rc = guest_measure(s, &m);
				s->mode = SHADOW_MODE_RECORD;
				break;
			default:
				break;
			}
			if (rc) {
				fmt_snprintf(msg, sizeof(msg), "shadow: %s not measured (%s)", name,
					     s->why[0] ? s->why : "VMPTRLD or meas_run failed");
				rec_warn(msg);
				continue;
			}
			med_milli[p][op][wi] = milli(&m.r);
			emit(name, &m.r, path_names[p], widths[wi].width, op ? "vmwrite" : "vmread", -1,
			     p == P_SHADOWED || p == P_EXITING ? (long)s->timer_exits : -1);
		}
}

/*
 * The bare transition (issue-independent figure the literature quotes): VMCALL
 * in the guest → VM exit → a handler that only advances RIP → VMRESUME. The
 * exiting path (d) is this plus a nested hypervisor's VMREAD/VMWRITE
 * emulation, so the two side by side split hardware transition from handler.
 */
static void measure_transition(struct shadow_suite *s)
{
	struct guest_meas m = { .body = body_vmcall, .ctx = NULL };
	char msg[160];

	meas_cfg_for(&m.cfg, s->ctx, 10);
	shadow_bitmaps(s, false, false);
	s->mode = SHADOW_MODE_RECORD;
	if (guest_measure(s, &m)) {
		fmt_snprintf(msg, sizeof(msg), "shadow: transition not measured (%s)",
			     s->why[0] ? s->why : "meas_run failed");
		rec_warn(msg);
		return;
	}
	emit("transition.vmcall", &m.r, "transition", NULL, "vmcall-roundtrip", -1, (long)s->timer_exits);
}

static uint32_t sync_enc[2][SHADOW_MAX_ENCS];
static uint16_t sync_slot[2][SHADOW_MAX_ENCS];

/* Mean over widths and both operations of one path's medians (x 1000); -1 if any is missing. */
static int64_t path_mean(enum path p)
{
	int64_t sum = 0;

	for (unsigned op = 0; op < 2; op++)
		for (unsigned wi = 0; wi < NWIDTHS; wi++) {
			if (med_milli[p][op][wi] < 0)
				return -1;
			sum += med_milli[p][op][wi];
		}
	return sum / (int64_t)(2 * NWIDTHS);
}

static void measure_sync(struct shadow_suite *s)
{
	unsigned n[2] = { 0, 0 }, steps[16], nsteps = 0, total;
	int64_t exiting = path_mean(P_EXITING), shadowed = path_mean(P_SHADOWED);
	char name[48];

	/* Shadowable: every supported FULL field; VMWRITE needs MISC bit 29 for read-only ones. */
	for (unsigned i = 0; i < s->nenc; i++) {
		uint32_t e = s->enc[i];

		if (vmcs_enc_high(e))
			continue;
		for (unsigned d = 0; d < 2; d++) {
			if (d == 1 && shadow_field_read_only(e) && !s->caps.vmwrite_any)
				continue;
			sync_enc[d][n[d]] = e;
			sync_slot[d][n[d]++] = (uint16_t)(s->v12.slot_of[e] - 1);
		}
	}
	total = n[1] < n[0] ? n[1] : n[0];
	for (unsigned k = 1; k < total && nsteps < 15; k *= 2)
		steps[nsteps++] = k;
	steps[nsteps++] = total;
	for (unsigned i = 0; i < nsteps; i++) {
		int64_t sync[2] = { -1, -1 };

		for (unsigned d = 0; d < 2; d++) {
			struct sync_ctx c = { s, steps[i], s->shadow_pa, s->vmcs_pa, sync_enc[d], sync_slot[d] };
			struct meas_cfg cfg;
			struct meas_result r;

			meas_cfg_for(&cfg, s->ctx, 1);
			fmt_snprintf(name, sizeof(name), "sync-%s.%u", d ? "write" : "read", steps[i]);
			if (meas_run(&cfg, d ? body_sync_write : body_sync_read, &c, &r)) {
				rec_warn("shadow: sync not measured (meas_run failed)");
				continue;
			}
			sync[d] = milli(&r);
			emit(name, &r, NULL, NULL, d ? "sync-write" : "sync-read", (int)steps[i], -1);
		}
		if (sync[0] < 0 || sync[1] < 0 || exiting < 0 || shadowed < 0)
			continue;
		struct rec *w = rec_start("shadow_breakeven");

		rec_u64(w, "k", steps[i]);
		rec_bool(w, "all", i == nsteps - 1);
		rec_ratio(w, "sync_read", sync[0], 1000);
		rec_ratio(w, "sync_write", sync[1], 1000);
		rec_ratio(w, "exiting", exiting, 1000);
		rec_ratio(w, "shadowed", shadowed, 1000);
		if (shadowed > 0)
			rec_ratio(w, "ratio", exiting, (uint32_t)shadowed);
		if (exiting > shadowed)
			rec_ratio(w, "breakeven", sync[0] + sync[1], (uint32_t)(exiting - shadowed));
		else
			rec_str(w, "reason", "the exiting path is not slower than the shadowed one");
		rec_str(w, "unit", "tsc_ticks");
		rec_bool(w, "emulated", s->ctx->emulator[0] != 0);
		rec_close(w);
	}
}

void shadow_cost_run(struct shadow_suite *s)
{
	struct meas_cfg cfg;
	void *dummy = vmcs_region_alloc(s->caps.revision, false);
	uint64_t dummy_pa;

	if (!dummy) {
		rec_warn("shadow: no page for the root-path VMCS");
		return;
	}
	dummy_pa = virt_to_phys(dummy);
	if (vmcs_clear(dummy_pa, NULL)) {
		rec_warn("shadow: VMCLEAR of the root-path VMCS failed");
		return;
	}
	if (!s->rdtscp_ok) {
		rec_warn("shadow: guest paths not measured: RDTSCP is used by the method but \"enable RDTSCP\" cannot be 1");
	}
	meas_cfg_for(&cfg, s->ctx, 1);
	timing_emit(&cfg);
	measure_path(s, P_ROOT, dummy_pa);
	if (s->caps.shadowing)
		measure_path(s, P_ROOT_SHADOW, dummy_pa);
	if (s->rdtscp_ok) {
		if (s->caps.shadowing)
			measure_path(s, P_SHADOWED, dummy_pa);
		measure_path(s, P_EXITING, dummy_pa);
	}
	vmcs_clear(dummy_pa, NULL);
	if (s->rdtscp_ok)
		measure_transition(s);
	if (s->caps.shadowing)
		measure_sync(s);
}
