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
 *   transition       VMCALL whose handler only advances RIP
 * each as throughput (independent accesses) and latency (a dependent chain),
 * bodies in shadow_bodies.S. The guest paths run with VPID on where the CPU
 * allows it, and a few figures again with VPID off (".novpid").
 * For (c) and (d) meas_run itself runs in the guest (RDTSC/RDTSCP without
 * exits or offset; its CPUID and MSR accesses exit and are emulated outside
 * the timed windows) and leaves its result in memory the host reads.
 * Then the sync cost and break-even per field set (shadow_sync.c).
 */
#include <string.h>
#include "suites/shadow.h"
#include "suites/suite.h"
#include "lib/fmt.h"
#include "platform/mem.h"
#include "measure/timing.h"
#include "record/record.h"
#include "vmx/fields.h"
#include "vmx/shadow.h"
#include "vmx/vmcs.h"

/* ---- bodies (shadow_bodies.S) ---- */

/* Operations per loop iteration of every body; N is a multiple of it. */
#define SHADOW_UNROLL 8u

struct cost_ctx {
	uint64_t enc, val;
};

void shadow_b_read_tp(void *ctx, uint32_t reps);
void shadow_b_read_lat(void *ctx, uint32_t reps);
void shadow_b_write_tp(void *ctx, uint32_t reps);
void shadow_b_write_lat(void *ctx, uint32_t reps);
void shadow_b_vmcall(void *ctx, uint32_t reps);
extern const char shadow_lp_read_tp[], shadow_lp_read_lat[], shadow_lp_write_tp[], shadow_lp_write_lat[],
	shadow_lp_vmcall[];

enum kind { K_TP, K_LAT, K_COUNT };
static const char *const kind_names[K_COUNT] = { "throughput", "latency" };

static const struct body {
	meas_body_fn fn;
	const char *loop; /**< the loop's first instruction: its address mod 64 is recorded */
} bodies[2][K_COUNT] = {
	{ { shadow_b_read_tp, shadow_lp_read_tp }, { shadow_b_read_lat, shadow_lp_read_lat } },
	{ { shadow_b_write_tp, shadow_lp_write_tp }, { shadow_b_write_lat, shadow_lp_write_lat } },
};

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
#define W_NATURAL (NWIDTHS - 1)

enum path { P_ROOT, P_ROOT_SHADOW, P_SHADOWED, P_EXITING, P_COUNT };
static const char *const path_names[P_COUNT] = { "root-ordinary", "root-shadow", "shadowed", "exiting" };
/* N per path, multiples of SHADOW_UNROLL */
static const uint32_t path_reps[P_COUNT] = { 96, 96, 96, 8 };

/* Median ticks per operation x 1000 of the throughput figures with VPID as measured first; -1 when not measured. */
static int64_t med_milli[P_COUNT][2][NWIDTHS];

static int64_t milli(const struct meas_result *r)
{
	return r->tsc.count ? r->tsc.median * 1000 / (int64_t)r->reps : -1;
}

/** What a figure is, beyond the meas record's statistics. */
struct fig {
	const char *path, *width, *op, *kind;
	const char *loop;  /**< measured loop's start, NULL: no unrolled body */
	bool guest;        /**< ran in the guest: timer exits and VPID apply */
	bool vpid_on;
	long timer_exits;
};

static void emit(const struct shadow_suite *s, const char *name, const struct meas_result *r, const struct fig *f)
{
	struct rec *w = meas_open("shadow", name, r);

	rec_str(w, "path", f->path);
	if (f->guest)
		rec_u64(w, "timer_exits", (uint64_t)f->timer_exits);
	if (f->width)
		rec_str(w, "width", f->width);
	rec_str(w, "op", f->op);
	rec_str(w, "kind", f->kind);
	if (f->loop) {
		rec_u64(w, "unroll", SHADOW_UNROLL);
		rec_u64(w, "align", (uintptr_t)f->loop & 63);
	}
	if (f->guest) {
		rec_str(w, "vpid", f->vpid_on ? "on" : "off");
		if (!s->vpid_ok)
			rec_str(w, "vpid_reason", s->vpid_reason);
	}
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

/*
 * The latency chain needs the field to hold its own encoding (for a _HIGH
 * encoding: bits 63:32). Where path @p p reads: the spare ordinary VMCS (a),
 * the shadow VMCS (b, c), the nested hypervisor's vmcs12 (d). None of these
 * fields matters there: GUEST_* of a VMCS no entry uses, the link pointer of
 * a VMCS that is not entered with it. @p old gets what it held, @p put_back
 * writes @p *old back instead.
 */
static int field_swap(struct shadow_suite *s, enum path p, uint64_t dummy_pa, uint32_t enc, uint64_t *old,
		      bool put_back)
{
	if (p == P_EXITING) {
		uint16_t slot = s->v12.slot_of[enc & 0x7fff];
		uint64_t *v;

		if (!slot)
			return -1;
		v = &s->v12.val[slot - 1];
		if (put_back) {
			*v = *old;
			return 0;
		}
		*old = *v;
		*v = shadow_write_value(enc, *v, enc);
		/* a chain whose read does not give back the encoding would time failing VMREADs */
		return shadow_read_value(enc, *v) == enc ? 0 : -1;
	}
	uint64_t back = 0;
	int rc = vmcs_load(p == P_ROOT ? dummy_pa : s->shadow_pa, NULL) ||
		 (put_back ? vmcs_write(enc, *old, NULL)
			   : vmcs_read(enc, old, NULL) || vmcs_write(enc, enc, NULL) || vmcs_read(enc, &back, NULL) ||
				     back != enc);

	return vmcs_load(s->vmcs_pa, NULL) || rc ? -1 : 0;
}

/* One figure: @p op 0 VMREAD, 1 VMWRITE; @p vpid_off: the ".novpid" variant of a guest figure. */
static void measure_one(struct shadow_suite *s, enum path p, unsigned op, unsigned wi, enum kind k,
			uint64_t dummy_pa, bool vpid_off)
{
	uint32_t enc = widths[wi].enc;
	/* throughput writes a constant; the write chain writes back what it read: the encoding */
	struct cost_ctx c = { enc, k == K_LAT ? enc : 0x1234 };
	struct guest_meas m = { .body = bodies[op][k].fn, .ctx = &c };
	bool guest = p == P_SHADOWED || p == P_EXITING;
	struct fig f = { path_names[p], widths[wi].width, op ? "vmwrite" : "vmread", kind_names[k],
			 bodies[op][k].loop, guest, guest && s->vpid_ok && !vpid_off, 0 };
	char name[64], msg[160];
	uint64_t old = 0;
	int rc = 0;

	meas_cfg_for(&m.cfg, s->ctx, path_reps[p]);
	fmt_snprintf(name, sizeof(name), "%s.%s.%s%s%s", f.op, f.path, f.width, k == K_LAT ? ".lat" : "",
		     vpid_off ? ".novpid" : "");
	if (k == K_LAT && field_swap(s, p, dummy_pa, enc, &old, false)) {
		fmt_snprintf(msg, sizeof(msg), "shadow: %s not measured (the field could not be set)", name);
		rec_warn(msg);
		return;
	}
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
		rc = shadow_vpid_set(s, f.vpid_on) || guest_measure(s, &m);
		s->mode = SHADOW_MODE_RECORD;
		f.timer_exits = (long)s->timer_exits;
		break;
	default:
		break;
	}
	if (k == K_LAT)
		field_swap(s, p, dummy_pa, enc, &old, true);
	if (rc) {
		fmt_snprintf(msg, sizeof(msg), "shadow: %s not measured (%s)", name,
			     s->why[0] ? s->why : "VMPTRLD, VPID or meas_run failed");
		rec_warn(msg);
		return;
	}
	if (k == K_TP && !vpid_off)
		med_milli[p][op][wi] = milli(&m.r);
	emit(s, name, &m.r, &f);
}

static void measure_path(struct shadow_suite *s, enum path p, uint64_t dummy_pa)
{
	for (unsigned op = 0; op < 2; op++)
		for (unsigned wi = 0; wi < NWIDTHS; wi++) {
			med_milli[p][op][wi] = -1;
			for (unsigned k = 0; k < K_COUNT; k++)
				measure_one(s, p, op, wi, (enum kind)k, dummy_pa, false);
		}
}

/*
 * The bare transition: VMCALL in the guest → VM exit → a handler that only
 * advances RIP → VMRESUME. The exiting path (d) is this plus a nested
 * hypervisor's VMREAD/VMWRITE emulation, so the two side by side split
 * hardware transition from handler. Throughput only: the next VMCALL does not
 * wait for a result of the previous one beyond the VM entry itself.
 */
static void measure_transition(struct shadow_suite *s, bool vpid_off)
{
	struct guest_meas m = { .body = shadow_b_vmcall, .ctx = NULL };
	struct fig f = { "transition", NULL, "vmcall-roundtrip", kind_names[K_TP], shadow_lp_vmcall, true,
			 s->vpid_ok && !vpid_off, 0 };
	char msg[160];

	meas_cfg_for(&m.cfg, s->ctx, SHADOW_UNROLL);
	shadow_bitmaps(s, false, false);
	s->mode = SHADOW_MODE_RECORD;
	if (shadow_vpid_set(s, f.vpid_on) || guest_measure(s, &m)) {
		fmt_snprintf(msg, sizeof(msg), "shadow: transition not measured (%s)",
			     s->why[0] ? s->why : "VPID or meas_run failed");
		rec_warn(msg);
		return;
	}
	f.timer_exits = (long)s->timer_exits;
	emit(s, vpid_off ? "transition.vmcall.novpid" : "transition.vmcall", &m.r, &f);
}

/*
 * VPID off only where it can differ: every VM entry and exit then flushes
 * the guest's TLB entries (SDM §28.1, §28.3.3.1), so the transition and the
 * exiting path; the shadowed path's timed windows have no transition. Natural
 * width, throughput: VPID does not depend on the field or the chain.
 */
static void measure_novpid(struct shadow_suite *s, uint64_t dummy_pa)
{
	for (unsigned op = 0; op < 2; op++)
		measure_one(s, P_EXITING, op, W_NATURAL, K_TP, dummy_pa, true);
	measure_transition(s, true);
}

/* Mean over widths and both operations of one path's throughput medians (x 1000); -1 if any is missing. */
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

void shadow_cost_run(struct shadow_suite *s)
{
	struct meas_cfg cfg;
	void *dummy = vmcs_region_alloc(s->caps.revision, false);
	uint64_t dummy_pa;

	for (unsigned p = 0; p < P_COUNT; p++)
		for (unsigned op = 0; op < 2; op++)
			for (unsigned wi = 0; wi < NWIDTHS; wi++)
				med_milli[p][op][wi] = -1;
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
		measure_transition(s, false);
		if (s->vpid_ok)
			measure_novpid(s, dummy_pa);
	}
	vmcs_clear(dummy_pa, NULL);
	shadow_vpid_set(s, false);
	if (s->caps.shadowing)
		shadow_sync_run(s, path_mean(P_EXITING), path_mean(P_SHADOWED));
}
