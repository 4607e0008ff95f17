/** @file
 * The measurement method (timing.h, docs/measurement.md): probing what the
 * CPU offers, TSC calibration, LAPIC masking and the sample loop.
 */
#include <stddef.h>
#include "platform/cpu.h"
#include "measure/timing_hw.h"
#include "platform/lapic.h"
#include "platform/percpu.h"
#include "platform/pit.h"
#include "measure/timing.h"
#include "platform/trap.h"
#include "record/record.h"
#include "record/record_upload.h"

#define RDPMC_FIXED0 0x40000000u    /* ECX[30] = fixed, index 0: INST_RETIRED.ANY */
#define RDPMC_FIXED1 0x40000001u    /* ECX[30] = fixed, index 1: CPU_CLK_UNHALTED.CORE */

static struct timing_info info;
static bool info_done;

/* Per-sample buffers, static so a measurement needs no allocator. */
static int64_t buf_tsc[MEAS_SAMPLES_MAX];
static int64_t buf_cyc[MEAS_SAMPLES_MAX];
static int64_t buf_ovh[MEAS_SAMPLES_MAX];
static int64_t buf_ins[MEAS_SAMPLES_MAX];

/* ---- serialized counter reads --------------------------------------- */

/*
 * Start of a timed region: earlier loads and stores complete (MFENCE;
 * LFENCE), the read happens, and nothing after it starts before it
 * (LFENCE) - SDM Vol. 2B RDTSC, Intel's benchmarking white paper (2010).
 */
static inline uint64_t tsc_begin(void)
{
	uint32_t lo, hi;

	__asm__ volatile("mfence\n\tlfence\n\trdtsc\n\tlfence" : "=a"(lo), "=d"(hi)::"memory");
	return ((uint64_t)hi << 32) | lo;
}

/* End: RDTSCP waits for the body's instructions; LFENCE keeps later ones out. */
static inline uint64_t tsc_end(void)
{
	uint32_t lo, hi;

	if (info.rdtscp)
		__asm__ volatile("rdtscp\n\tlfence" : "=a"(lo), "=d"(hi)::"rcx", "memory");
	else
		__asm__ volatile("lfence\n\trdtsc\n\tlfence" : "=a"(lo), "=d"(hi)::"memory");
	return ((uint64_t)hi << 32) | lo;
}

static inline uint64_t rdpmc_fenced(uint32_t ecx)
{
	uint32_t lo, hi;

	__asm__ volatile("lfence\n\trdpmc\n\tlfence" : "=a"(lo), "=d"(hi) : "c"(ecx) : "memory");
	return ((uint64_t)hi << 32) | lo;
}

static inline uint64_t rdpmc_fixed1(void)
{
	return rdpmc_fenced(RDPMC_FIXED1);
}

static inline uint64_t rdpmc_fixed0(void)
{
	return rdpmc_fenced(RDPMC_FIXED0);
}

/* ---- probing --------------------------------------------------------- */

static void probe_tsc_hz(uint32_t max_leaf)
{
	uint32_t l15[4] = { 0, 0, 0, 0 }, l16[4] = { 0, 0, 0, 0 };

	if (max_leaf >= 0x15)
		cpuid_array(0x15, 0, l15);
	if (max_leaf >= 0x16)
		cpuid_array(0x16, 0, l16);
	info.tsc_source = timing_tsc_hz_cpuid(max_leaf, l15, l16, &info.tsc_hz);
	if (info.tsc_source)
		return;
	info.tsc_hz = pit_tsc_hz();
	info.tsc_source = info.tsc_hz ? "pit" : "none";
}

/* ---- public ----------------------------------------------------------- */

/* What a measurement window masks here, for the timing record: one trial. */
static void trial_quiet(void)
{
	struct lapic *l = &this_cpu()->lapic;
	struct meas_irq irq;
	uint64_t flags = read_rflags();

	cli();
	timing_quiet_enter(l, &irq);
	timing_quiet_leave(l);
	if (flags & (1u << 9))
		sti();
	info.pic_masked = irq.pic_masked;
	info.ioapic_masked = irq.ioapic_masked;
	info.tpr_set = irq.tpr_set;
	info.tpr = irq.tpr;
}

const struct timing_info *timing_init(void)
{
	uint32_t max_leaf, max_ext;
	uint64_t smi;

	if (info_done)
		return &info;
	info_done = true;
	max_leaf = cpuid(0, 0).eax;
	info.tsc = cpuid(1, 0).edx & (1u << 4);
	max_ext = cpuid(0x80000000u, 0).eax;
	if (max_ext >= 0x80000001u)
		info.rdtscp = cpuid(0x80000001u, 0).edx & (1u << 27);
	if (max_ext >= 0x80000007u)
		info.invariant_tsc = cpuid(0x80000007u, 0).edx & (1u << 8);
	info.smi_count = rdmsr_safe(MSR_IA32_SMI_COUNT, &smi) == FAULT_NONE;
	timing_pmu_probe(&info, max_leaf);
	lapic_probe(&this_cpu()->lapic);
	info.lapic = this_cpu()->lapic.state;
	info.lvt_entries = this_cpu()->lapic.lvt_entries;
	if (info.tsc)
		probe_tsc_hz(max_leaf);
	else
		info.tsc_source = "none";
	trial_quiet();
	return &info;
}

void meas_cfg_init(struct meas_cfg *cfg, uint32_t samples, bool emulated, uint32_t reps)
{
	uint32_t n = samples;

	if (n > MEAS_SAMPLES_MAX)
		n = MEAS_SAMPLES_MAX;
	cfg->samples = n;
	cfg->warmup = n / 10;
	if (cfg->warmup < 1)
		cfg->warmup = 1;
	if (cfg->warmup > 1000)
		cfg->warmup = 1000;
	cfg->reps = reps < 1 ? 1 : reps > MEAS_REPS_MAX ? MEAS_REPS_MAX : reps;
	cfg->emulated = emulated;
	cfg->prep = NULL;
}

static inline uint64_t smi_read(void)
{
	uint64_t v = 0;

	if (info.smi_count)
		rdmsr_safe(MSR_IA32_SMI_COUNT, &v);
	return v;
}

int meas_run(const struct meas_cfg *cfg, meas_body_fn body, void *ctx, struct meas_result *r)
{
	const uint32_t n = cfg->reps;
	const bool cyc = timing_init()->cycles, ins = info.instructions;
	uint32_t kept = 0, dropped = 0;
	uint64_t flags, smi_first;
	struct stats_i64 ovh;
	struct pmu_window pmu;
	struct lapic *lapic = &this_cpu()->lapic; /* the measuring CPU's */

	*r = (struct meas_result){
		.reps = n, .warmup = cfg->warmup, .has_cycles = cyc, .has_instructions = ins,
		.smi_known = info.smi_count,
		.tsc_hz = info.tsc_hz, .tsc_source = info.tsc_source, .emulated = cfg->emulated,
	};
	if (!info.tsc)
		return -1;
	if (n < 1 || n > MEAS_REPS_MAX || cfg->samples > MEAS_SAMPLES_MAX)
		return -2;

	/* between measurement groups: a full upload batch may go out, never inside the window */
	record_safe_point(REC_SAFE_GROUP);
	lapic_probe(lapic);
	flags = read_rflags();
	cli();
	r->lapic_masked = timing_quiet_enter(lapic, &r->irq);
	timing_pmu_start(&info, &pmu);
	cpuid(0, 0); /* fully serialize once after the MSR/MMIO writes */
	smi_first = smi_read();

	for (uint32_t i = 0; i < cfg->warmup + cfg->samples; i++) {
		uint64_t s0 = smi_read(), t0, t1, t2, t3, c0 = 0, c1 = 0, c2 = 0, c3 = 0;
		uint64_t i0 = 0, i1 = 0, i2 = 0, i3 = 0;

		if (cfg->prep)
			cfg->prep(ctx, n);
		/* counter reads nest around the TSC window; their cost cancels in 2N - N */
		if (ins)
			i0 = rdpmc_fixed0();
		if (cyc)
			c0 = rdpmc_fixed1();
		t0 = tsc_begin();
		body(ctx, n);
		t1 = tsc_end();
		if (cyc)
			c1 = rdpmc_fixed1();
		if (ins)
			i1 = rdpmc_fixed0();
		/*
		 * The SMI count is read before each of the two runs, so both start
		 * after the same operation: in a guest the read is a VM exit (with
		 * VPID off, a TLB flush), and reading it before the N run only
		 * would start N cold and 2N warm.
		 */
		(void)smi_read();
		if (cfg->prep)
			cfg->prep(ctx, 2 * n);
		if (ins)
			i2 = rdpmc_fixed0();
		if (cyc)
			c2 = rdpmc_fixed1();
		t2 = tsc_begin();
		body(ctx, 2 * n);
		t3 = tsc_end();
		if (cyc)
			c3 = rdpmc_fixed1();
		if (ins)
			i3 = rdpmc_fixed0();
		if (i < cfg->warmup)
			continue;
		if (smi_read() != s0) {
			dropped++;
			continue;
		}
		{
			int64_t a = (int64_t)(t1 - t0), b = (int64_t)(t3 - t2);

			buf_tsc[kept] = b - a;
			buf_ovh[kept] = a - (b - a);
			buf_cyc[kept] = (int64_t)(c3 - c2) - (int64_t)(c1 - c0);
			buf_ins[kept] = (int64_t)(i3 - i2) - (int64_t)(i1 - i0);
			kept++;
		}
	}

	r->smi_seen = smi_read() - smi_first;
	timing_pmu_stop(&info, &pmu, r);
	timing_quiet_leave(lapic);
	if (flags & (1u << 9))
		sti();

	r->discarded_smi = dropped;
	stats_compute_i64(buf_tsc, kept, dropped, &r->tsc);
	/* buf_tsc is sorted now: its distribution, bucketed, goes into the record too */
	r->nhist = (uint32_t)hist_from_sorted(buf_tsc, kept, r->hist, HIST_MAX_SENT,
					     &r->hist_negative, &r->hist_other);
	if (cyc)
		stats_compute_i64(buf_cyc, kept, dropped, &r->cycles);
	if (ins)
		stats_compute_i64(buf_ins, kept, dropped, &r->instructions);
	stats_compute_i64(buf_ovh, kept, dropped, &ovh);
	r->overhead = ovh.median;
	return 0;
}

struct rec *meas_open(const char *suite, const char *name, const struct meas_result *r)
{
	struct rec *w = rec_start("meas");

	meas_write(w, suite, name, r);
	return w;
}

void meas_emit(const char *suite, const char *name, const struct meas_result *r)
{
	rec_close(meas_open(suite, name, r));
}

void timing_emit(const struct meas_cfg *cfg)
{
	struct rec *w;

	timing_init();
	timing_turbo_state(&info.turbo, &info.turbo_reason);
	w = rec_start("timing");
	timing_write(w, &info, cfg);
	rec_close(w);
}
