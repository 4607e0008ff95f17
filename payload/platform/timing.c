/** @file
 * The measurement method (timing.h, docs/measurement.md): probing what the
 * CPU offers, TSC calibration, LAPIC masking and the sample loop.
 */
#include <stddef.h>
#include "platform/cpu.h"
#include "platform/options.h"
#include "platform/timing.h"
#include "platform/trap.h"
#include "record/record.h"

#define MSR_IA32_APIC_BASE 0x1b
#define APIC_BASE_EXTD (1ull << 10) /* x2APIC mode */
#define APIC_BASE_EN (1ull << 11)   /* global enable: never cleared here */
#define MSR_IA32_FIXED_CTR_CTRL 0x38d
#define MSR_IA32_PERF_GLOBAL_CTRL 0x38f
#define RDPMC_FIXED1 0x40000001u    /* ECX[30] = fixed, index 1: CPU_CLK_UNHALTED.CORE */
#define LVT_MASK (1u << 16)
#define PIT_HZ 1193182u

static struct timing_info info;
static bool info_done;
static uint64_t lapic_mmio; /* xAPIC register base, 0 for x2APIC */

/* Per-sample buffers, static so a measurement needs no allocator. */
static int64_t buf_tsc[MEAS_SAMPLES_MAX];
static int64_t buf_cyc[MEAS_SAMPLES_MAX];
static int64_t buf_ovh[MEAS_SAMPLES_MAX];

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

static inline uint64_t rdpmc_fixed1(void)
{
	uint32_t lo, hi;

	__asm__ volatile("lfence\n\trdpmc\n\tlfence" : "=a"(lo), "=d"(hi) : "c"(RDPMC_FIXED1)
			 : "memory");
	return ((uint64_t)hi << 32) | lo;
}

static inline uint64_t rdtsc_plain(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

/* ---- probing --------------------------------------------------------- */

struct rdpmc_probe {
	uint64_t a, b;
};

static void rdpmc_probe_fn(void *arg)
{
	struct rdpmc_probe *p = arg;

	p->a = rdpmc_fixed1();
	for (volatile int i = 0; i < 100; i++)
		;
	p->b = rdpmc_fixed1();
}

/* Architectural fixed counter 1 (SDM Vol. 3B 20.2.2): needs perfmon v2+. */
static void probe_cycles(uint32_t max_leaf)
{
	uint32_t l0a[4] = { 0, 0, 0, 0 };
	struct rdpmc_probe p = { 0, 0 };
	uint64_t ctrl, global;

	if (max_leaf >= 0xa)
		cpuid_array(0xa, 0, l0a);
	if (!timing_fixed1_cpuid(max_leaf, l0a, &info.pmu_version, &info.fixed_counters)) {
		info.cycles_reason = max_leaf < 0xa ? "no CPUID leaf 0Ah"
			: "CPUID.0Ah: perfmon version < 2 or < 2 fixed counters";
		return;
	}
	if (rdmsr_safe(MSR_IA32_FIXED_CTR_CTRL, &ctrl) != FAULT_NONE ||
	    rdmsr_safe(MSR_IA32_PERF_GLOBAL_CTRL, &global) != FAULT_NONE) {
		info.cycles_reason = "RDMSR of IA32_FIXED_CTR_CTRL/PERF_GLOBAL_CTRL faulted";
		return;
	}
	/* Counter 1 field, bits 7:4: count in ring 0 and 3, no AnyThread, no PMI. */
	ctrl = (ctrl & ~0xf0ull) | 0x30;
	global |= 1ull << 33;
	if (wrmsr_safe(MSR_IA32_FIXED_CTR_CTRL, ctrl) != FAULT_NONE ||
	    wrmsr_safe(MSR_IA32_PERF_GLOBAL_CTRL, global) != FAULT_NONE) {
		info.cycles_reason = "WRMSR of IA32_FIXED_CTR_CTRL/PERF_GLOBAL_CTRL faulted";
		return;
	}
	if (trap_call(rdpmc_probe_fn, &p, NULL) != FAULT_NONE) {
		info.cycles_reason = "RDPMC of fixed counter 1 faulted";
		return;
	}
	if (p.b <= p.a) {
		info.cycles_reason = "fixed counter 1 does not count";
		return;
	}
	info.cycles = true;
}

/* PIT channel 2 one-shot of ~50 ms, gated through port 0x61 (no IRQ needed). */
static uint64_t pit_calibrate(void)
{
	const uint16_t latch = (uint16_t)(PIT_HZ / 20); /* 59659 ticks = 50.0 ms */
	uint64_t t0, t1, loops = 0;
	uint8_t p61 = inb(0x61);

	outb(0x61, (uint8_t)((p61 & ~0x02) | 0x01)); /* speaker off, gate 2 on */
	outb(0x43, 0xb0);                             /* ch 2, lo/hi byte, mode 0 */
	outb(0x42, (uint8_t)latch);
	outb(0x42, (uint8_t)(latch >> 8));
	t0 = rdtsc_plain();
	for (;;) {
		t1 = rdtsc_plain();
		if (inb(0x61) & 0x20) /* OUT2 went high: terminal count */
			break;
		/* A gated-off PIT never expires: give up after ~2^33 ticks. */
		if (t1 - t0 > (1ull << 33) || ++loops > 100000000ull) {
			outb(0x61, p61);
			return 0;
		}
	}
	outb(0x61, p61);
	return (t1 - t0) * PIT_HZ / latch;
}

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
	info.tsc_hz = pit_calibrate();
	info.tsc_source = info.tsc_hz ? "pit" : "none";
}

/* ---- local APIC masking -------------------------------------------- */

/* LVT register offsets in the order the Max LVT Entry count adds them
 * (SDM Vol. 3A 11.5.1, 11.4.8: 4 on Pentium, +PMC on P6, +thermal, +CMCI). */
static const uint16_t lvt_regs[] = { 0x320, 0x350, 0x360, 0x370, 0x340, 0x330, 0x2f0 };
static uint32_t lvt_saved[sizeof(lvt_regs) / sizeof(lvt_regs[0])];

static uint32_t lapic_read(uint16_t reg)
{
	uint64_t v = 0;

	if (!lapic_mmio) {
		rdmsr_safe(0x800u + (reg >> 4), &v);
		return (uint32_t)v;
	}
	return *(volatile uint32_t *)(uintptr_t)(lapic_mmio + reg);
}

static void lapic_write(uint16_t reg, uint32_t v)
{
	if (!lapic_mmio)
		wrmsr_safe(0x800u + (reg >> 4), v);
	else
		*(volatile uint32_t *)(uintptr_t)(lapic_mmio + reg) = v;
}

static void lapic_version_fn(void *arg)
{
	*(uint32_t *)arg = lapic_read(0x30);
}

static void probe_lapic(void)
{
	uint64_t base;
	uint32_t ver = 0;
	unsigned max_lvt;

	if (!(cpuid(1, 0).edx & (1u << 9))) {
		info.lapic = "absent";
		return;
	}
	if (rdmsr_safe(MSR_IA32_APIC_BASE, &base) != FAULT_NONE) {
		info.lapic = "absent";
		return;
	}
	if (!(base & APIC_BASE_EN)) {
		info.lapic = "disabled"; /* delivers nothing; never re-enabled here */
		return;
	}
	if (base & APIC_BASE_EXTD) {
		lapic_mmio = 0;
		info.lapic = "x2apic";
	} else {
		lapic_mmio = base & 0x000ffffffffff000ull;
		info.lapic = "xapic";
	}
	/* The MMIO page may not be mapped: probe the version register first. */
	if (trap_call(lapic_version_fn, &ver, NULL) != FAULT_NONE) {
		info.lapic = "unmapped";
		return;
	}
	max_lvt = (ver >> 16) & 0xff;
	info.lvt_entries = (uint8_t)(max_lvt + 1 < 4 ? 4 : max_lvt + 1);
	if (info.lvt_entries > sizeof(lvt_regs) / sizeof(lvt_regs[0]))
		info.lvt_entries = sizeof(lvt_regs) / sizeof(lvt_regs[0]);
}

/*
 * Mask every LVT entry (NMI-delivered ones too, which CLI does not stop).
 * True only when every entry reads back masked.
 */
static bool lapic_mask(void)
{
	bool all = info.lvt_entries > 0;

	for (unsigned i = 0; i < info.lvt_entries; i++) {
		lvt_saved[i] = lapic_read(lvt_regs[i]);
		lapic_write(lvt_regs[i], lvt_saved[i] | LVT_MASK);
	}
	for (unsigned i = 0; i < info.lvt_entries; i++)
		all = all && (lapic_read(lvt_regs[i]) & LVT_MASK);
	return all;
}

static void lapic_restore(void)
{
	for (unsigned i = info.lvt_entries; i-- > 0;)
		lapic_write(lvt_regs[i], lvt_saved[i]);
}

/* ---- public ----------------------------------------------------------- */

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
	probe_cycles(max_leaf);
	probe_lapic();
	if (info.tsc)
		probe_tsc_hz(max_leaf);
	else
		info.tsc_source = "none";
	return &info;
}

void meas_cfg_from_options(struct meas_cfg *cfg, const struct options *o, uint32_t reps)
{
	uint32_t n = o ? o->samples : 1000;

	if (n > MEAS_SAMPLES_MAX)
		n = MEAS_SAMPLES_MAX;
	cfg->samples = n;
	cfg->warmup = n / 10;
	if (cfg->warmup < 1)
		cfg->warmup = 1;
	if (cfg->warmup > 1000)
		cfg->warmup = 1000;
	cfg->reps = reps < 1 ? 1 : reps > MEAS_REPS_MAX ? MEAS_REPS_MAX : reps;
	cfg->emulated = o && o->emulator[0];
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
	const bool cyc = timing_init()->cycles;
	uint32_t kept = 0, dropped = 0;
	uint64_t flags, smi_first;
	struct stats_i64 ovh;

	*r = (struct meas_result){
		.reps = n, .warmup = cfg->warmup, .has_cycles = cyc, .smi_known = info.smi_count,
		.tsc_hz = info.tsc_hz, .tsc_source = info.tsc_source, .emulated = cfg->emulated,
	};
	if (!info.tsc)
		return -1;
	if (n < 1 || n > MEAS_REPS_MAX || cfg->samples > MEAS_SAMPLES_MAX)
		return -2;

	flags = read_rflags();
	cli();
	r->lapic_masked = lapic_mask();
	cpuid(0, 0); /* fully serialize once after the MSR/MMIO writes */
	smi_first = smi_read();

	for (uint32_t i = 0; i < cfg->warmup + cfg->samples; i++) {
		uint64_t s0 = smi_read(), t0, t1, t2, t3, c0 = 0, c1 = 0, c2 = 0, c3 = 0;

		if (cyc)
			c0 = rdpmc_fixed1();
		t0 = tsc_begin();
		body(ctx, n);
		t1 = tsc_end();
		if (cyc) {
			c1 = rdpmc_fixed1();
			c2 = rdpmc_fixed1();
		}
		t2 = tsc_begin();
		body(ctx, 2 * n);
		t3 = tsc_end();
		if (cyc)
			c3 = rdpmc_fixed1();
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
			kept++;
		}
	}

	r->smi_seen = smi_read() - smi_first;
	lapic_restore();
	if (flags & (1u << 9))
		sti();

	r->discarded_smi = dropped;
	stats_compute_i64(buf_tsc, kept, dropped, &r->tsc);
	if (cyc)
		stats_compute_i64(buf_cyc, kept, dropped, &r->cycles);
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
	struct rec *w = rec_start("timing");

	timing_write(w, timing_init(), cfg);
	rec_close(w);
}
