/** @file
 * Shadow suite, sync cost and break-even per field set (docs/shadow-suite.md
 * "Sync and break-even"). A sync is what a nested hypervisor does around its
 * guest hypervisor's run: VMPTRLD the shadow VMCS, K VMREADs of it into vmcs12
 * (sync-read, after the run) or K VMWRITEs from vmcs12 (sync-write, before
 * it), VMPTRLD of the ordinary VMCS. Sets: "kvm" (KVM's shadow set,
 * vmx/shadow_sets.h), "all" (every shadowable field: the upper bound) and
 * "first-k" (the first K of all, K = 1, 2, 4, ...), all hot; KVM's cold too
 * (a cold bound over every field would add records, not insight). Hot: the
 * same shadow VMCS and vmcs12 as the run before. Cold: a shadow VMCS and vmcs12 of their own
 * per repetition, VMCLEARed and the caches written back and invalidated
 * (WBINVD) before each timed run, outside the window.
 */
#include "suites/shadow.h"
#include "suites/suite.h"
#include "lib/fmt.h"
#include "platform/mem.h"
#include "measure/timing.h"
#include "record/record.h"
#include "vmx/fields.h"
#include "vmx/shadow.h"
#include "vmx/shadow_sets.h"
#include "vmx/vmcs.h"

/* Repetitions per timed run at N = 1: t(2N) - t(N) needs 2, each cold with its own VMCS and vmcs12. */
#define SYNC_COPIES 2u

struct sync_ctx {
	unsigned k;
	uint64_t shadow_pa[SYNC_COPIES]; /**< repetition r syncs shadow_pa[r] and val[r] */
	uint64_t *val[SYNC_COPIES];
	uint64_t vmcs_pa;
	const uint32_t *enc;
	const uint16_t *slot;
};

static inline void vmptrld(const uint64_t *pa)
{
	__asm__ volatile("vmptrld %0" :: "m"(*pa) : "cc", "memory");
}

/* One sync after the guest hypervisor ran: shadow -> vmcs12 (K VMREADs). */
static inline void sync_read(const struct sync_ctx *c, const uint64_t *shadow_pa, uint64_t *v12)
{
	vmptrld(shadow_pa);
	for (unsigned i = 0; i < c->k; i++)
		v12[c->slot[i]] = vmx_loop_vmread(c->enc[i]);
	vmptrld(&c->vmcs_pa);
}

/* One sync before it runs again: vmcs12 -> shadow (K VMWRITEs). */
static inline void sync_write(const struct sync_ctx *c, const uint64_t *shadow_pa, const uint64_t *v12)
{
	vmptrld(shadow_pa);
	for (unsigned i = 0; i < c->k; i++)
		vmx_loop_vmwrite(c->enc[i], v12[c->slot[i]]);
	vmptrld(&c->vmcs_pa);
}

/* Hot: every repetition on copy 0 (no per-repetition indexing in the timed loop). */
static void body_sync_read(void *ctx, uint32_t reps)
{
	const struct sync_ctx *c = ctx;

	while (reps--)
		sync_read(c, &c->shadow_pa[0], c->val[0]);
}

static void body_sync_write(void *ctx, uint32_t reps)
{
	const struct sync_ctx *c = ctx;

	while (reps--)
		sync_write(c, &c->shadow_pa[0], c->val[0]);
}

/* Cold: repetition r on copy r, each prepared cold by prep_cold. */
static void body_sync_read_cold(void *ctx, uint32_t reps)
{
	const struct sync_ctx *c = ctx;

	const uint64_t *pa = c->shadow_pa;
	uint64_t *const *v = c->val;

	/* reps <= SYNC_COPIES: N = 1 */
	while (reps--)
		sync_read(c, pa++, *v++);
}

static void body_sync_write_cold(void *ctx, uint32_t reps)
{
	const struct sync_ctx *c = ctx;

	const uint64_t *pa = c->shadow_pa;
	uint64_t *const *v = c->val;

	while (reps--)
		sync_write(c, pa++, *v++);
}

/*
 * Cold: "VMCS not recently used". VMCLEAR copies a VMCS's data that the
 * processor may hold on chip to its region in memory and makes it inactive
 * (SDM Vol. 3C §24.1, §30.3 VMCLEAR), so the next VMPTRLD must fetch it;
 * WBINVD (Vol. 2B) then writes back and invalidates every cache level, so
 * that fetch, and vmcs12's, come from memory. WBINVD rather than walking a
 * buffer larger than the LLC: it needs no cache size, reaches every level
 * and every line, and its cost (milliseconds on a large LLC) stays outside
 * the timed window.
 */
static void prep_cold(void *ctx, uint32_t reps)
{
	struct sync_ctx *c = ctx;

	(void)reps;
	for (unsigned i = 0; i < SYNC_COPIES; i++)
		vmcs_clear(c->shadow_pa[i], NULL);
	__asm__ volatile("wbinvd" ::: "memory");
}

/* The cold copies: shadow VMCS regions and vmcs12 value arrays of their own. */
static struct {
	bool ok;
	uint64_t pa[SYNC_COPIES];
	uint64_t *val[SYNC_COPIES];
} cold;

static bool cold_alloc(struct shadow_suite *s)
{
	if (cold.ok)
		return true;
	for (unsigned i = 0; i < SYNC_COPIES; i++) {
		void *r = shadow_vmcs_alloc(s->caps.revision);

		cold.val[i] = pages_alloc((sizeof(s->v12.val) + PAGE_SIZE - 1) / PAGE_SIZE);
		if (!r || !cold.val[i])
			return false;
		cold.pa[i] = virt_to_phys(r);
	}
	cold.ok = true;
	return true;
}

/** One set as synced: encodings and vmcs12 slots per direction. */
struct sync_set {
	const char *name;      /**< field_set */
	unsigned n[2];         /**< encodings per direction */
	unsigned listed[2];    /**< kvm: entries the set lists per direction (n[] are the usable ones) */
	uint32_t enc[2][SHADOW_MAX_ENCS];
	uint16_t slot[2][SHADOW_MAX_ENCS];
};

static struct sync_set set_all, set_kvm;

static void set_add(struct shadow_suite *s, struct sync_set *t, unsigned d, uint32_t e)
{
	uint16_t slot = s->v12.slot_of[e & 0x7fff];

	if (!slot || t->n[d] >= SHADOW_MAX_ENCS)
		return;
	t->enc[d][t->n[d]] = e;
	t->slot[d][t->n[d]++] = (uint16_t)(slot - 1);
}

/* Shadowable: every supported FULL field; VMWRITE needs MISC bit 29 for read-only ones. */
static void build_all(struct shadow_suite *s)
{
	set_all.name = "all";
	set_all.n[0] = set_all.n[1] = 0;
	for (unsigned i = 0; i < s->nenc; i++) {
		uint32_t e = s->enc[i];

		if (vmcs_enc_high(e))
			continue;
		for (unsigned d = 0; d < 2; d++)
			if (d == 0 || !shadow_field_read_only(e) || s->caps.vmwrite_any)
				set_add(s, &set_all, d, e);
	}
	/* the same K both ways, as before named sets existed */
	if (set_all.n[1] < set_all.n[0])
		set_all.n[0] = set_all.n[1];
	set_all.n[1] = set_all.n[0];
}

static void build_kvm(struct shadow_suite *s)
{
	uint32_t e[SHADOW_MAX_ENCS];

	set_kvm.name = "kvm";
	set_kvm.n[0] = set_kvm.n[1] = 0;
	for (unsigned d = 0; d < 2; d++) {
		unsigned k = shadow_set_resolve(shadow_set_kvm, shadow_set_kvm_count, &s->caps,
						d ? SHADOW_SYNC_WRITE : SHADOW_SYNC_READ, e, SHADOW_MAX_ENCS,
						&set_kvm.listed[d]);

		for (unsigned i = 0; i < k; i++)
			set_add(s, &set_kvm, d, e[i]);
	}
}

/** What one sync measurement is. */
struct sync_fig {
	const struct sync_set *set;
	unsigned k[2];   /**< fields per direction */
	bool cold;
	const char *tag; /**< name part after "sync-read." */
};

/* Ticks per sync x 1000 per direction into @p out; -1 when not measured. */
static void measure_sync(struct shadow_suite *s, const struct sync_fig *f, int64_t out[2])
{
	char name[48];

	for (unsigned d = 0; d < 2; d++) {
		struct sync_ctx c = { f->k[d], { s->shadow_pa, s->shadow_pa }, { s->v12.val, s->v12.val },
				      s->vmcs_pa, f->set->enc[d], f->set->slot[d] };
		struct meas_cfg cfg;
		struct meas_result r;
		struct rec *w;

		out[d] = -1;
		if (f->cold)
			for (unsigned i = 0; i < SYNC_COPIES; i++) {
				c.shadow_pa[i] = cold.pa[i];
				c.val[i] = cold.val[i];
			}
		meas_cfg_for(&cfg, s->ctx, 1);
		if (f->cold)
			cfg.prep = prep_cold;
		fmt_snprintf(name, sizeof(name), "sync-%s.%s", d ? "write" : "read", f->tag);
		if (meas_run(&cfg, f->cold ? (d ? body_sync_write_cold : body_sync_read_cold)
					   : (d ? body_sync_write : body_sync_read), &c, &r)) {
			rec_warn("shadow: sync not measured (meas_run failed)");
			continue;
		}
		out[d] = r.tsc.count ? r.tsc.median * 1000 / (int64_t)r.reps : -1;
		w = meas_open("shadow", name, &r);
		rec_str(w, "op", d ? "sync-write" : "sync-read");
		rec_u64(w, "k", f->k[d]);
		rec_str(w, "field_set", f->set == &set_all && f->k[d] < set_all.n[d] ? "first-k" : f->set->name);
		rec_str(w, "cache", f->cold ? "cold" : "hot");
		if (f->set == &set_kvm)
			rec_u64(w, "set_listed", set_kvm.listed[d]);
		rec_close(w);
	}
}

static void breakeven(struct shadow_suite *s, const struct sync_fig *f, const int64_t sync[2], int64_t exiting,
		      int64_t shadowed)
{
	bool first_k = f->set == &set_all && f->k[0] < set_all.n[0];
	int64_t be;
	struct rec *w;

	if (sync[0] < 0 || sync[1] < 0 || exiting < 0 || shadowed < 0)
		return;
	w = rec_start("shadow_breakeven");
	rec_u64(w, "k", f->k[1]);
	if (f->set == &set_kvm) {
		rec_u64(w, "k_read", f->k[0]);
		rec_u64(w, "k_write", f->k[1]);
		rec_u64(w, "set_listed", set_kvm.listed[1]);
	}
	rec_bool(w, "all", f->set == &set_all && !first_k);
	rec_str(w, "field_set", first_k ? "first-k" : f->set->name);
	rec_str(w, "cache", f->cold ? "cold" : "hot");
	rec_ratio(w, "sync_read", sync[0], 1000);
	rec_ratio(w, "sync_write", sync[1], 1000);
	rec_ratio(w, "exiting", exiting, 1000);
	rec_ratio(w, "shadowed", shadowed, 1000);
	if (shadowed > 0)
		rec_ratio(w, "ratio", exiting, (uint32_t)shadowed);
	if (shadow_breakeven_milli(sync[0], sync[1], exiting, shadowed, &be))
		rec_ratio(w, "breakeven", be, 1000);
	else
		rec_str(w, "reason", "the exiting path is not slower than the shadowed one");
	rec_str(w, "unit", "tsc_ticks");
	rec_bool(w, "emulated", s->ctx->emulator[0] != 0);
	rec_close(w);
}

static void sync_and_breakeven(struct shadow_suite *s, const struct sync_fig *f, int64_t exiting, int64_t shadowed)
{
	int64_t sync[2];

	measure_sync(s, f, sync);
	breakeven(s, f, sync, exiting, shadowed);
}

void shadow_sync_run(struct shadow_suite *s, int64_t exiting, int64_t shadowed)
{
	unsigned total;
	char tag[2][16];
	bool have_cold = cold_alloc(s);

	build_all(s);
	build_kvm(s);
	total = set_all.n[0];
	/* first-k: K = 1, 2, 4, ... below all; names sync-read.<K> as always */
	for (unsigned k = 1; k < total; k *= 2) {
		struct sync_fig f = { &set_all, { k, k }, false, tag[0] };

		fmt_snprintf(tag[0], sizeof(tag[0]), "%u", k);
		sync_and_breakeven(s, &f, exiting, shadowed);
	}
	/* all: the upper bound, hot only (keeps its old name sync-read.<K>) */
	{
		struct sync_fig hot = { &set_all, { total, total }, false, tag[1] };

		fmt_snprintf(tag[1], sizeof(tag[1]), "%u", total);
		sync_and_breakeven(s, &hot, exiting, shadowed);
	}
	/* KVM's set, the headline, hot and cold */
	{
		struct sync_fig hot = { &set_kvm, { set_kvm.n[0], set_kvm.n[1] }, false, "kvm" };
		struct sync_fig cold_kvm = { &set_kvm, { set_kvm.n[0], set_kvm.n[1] }, true, "kvm.cold" };

		sync_and_breakeven(s, &hot, exiting, shadowed);
		if (have_cold)
			sync_and_breakeven(s, &cold_kvm, exiting, shadowed);
	}
	if (have_cold)
		for (unsigned i = 0; i < SYNC_COPIES; i++)
			vmcs_clear(cold.pa[i], NULL); /* leave no VMCS of ours active at VMXOFF */
	else
		rec_warn("shadow: cold sync not measured (no pages for the cold shadow VMCSs)");
}
