/** @file
 * The one measurement method every suite uses (docs/measurement.md).
 *
 * A suite hands meas_run() a body that performs its operation `reps` times.
 * Each sample times the body with N and with 2N repetitions, back to back,
 * with interrupts off, the local APIC's LVT entries masked and serialized
 * TSC (and core-cycle) reads; the sample is t(2N) - t(N), the cost of N
 * operations with the fixed overhead (call, loop setup, the reads
 * themselves) cancelled. Warm-up samples are thrown away, samples during
 * which an SMI happened are discarded and counted.
 *
 *     static void body(void *ctx, uint32_t reps)
 *     {
 *             while (reps--)
 *                     do_the_operation(ctx);
 *     }
 *     struct meas_cfg cfg;
 *     struct meas_result r;
 *     meas_cfg_init(&cfg, 1000, false, 16);
 *     if (meas_run(&cfg, body, ctx, &r) == 0)
 *             meas_emit("shadow", "vmread.root.16", &r);
 *
 * This header is pure (timing_record.c, which formats the records, is
 * compiled for the host and unit-tested); timing.c is the hardware side.
 */
#ifndef VMXB_MEASURE_TIMING_H
#define VMXB_MEASURE_TIMING_H

#include <stdbool.h>
#include <stdint.h>
#include "lib/stats.h"
#include "record/writer.h"

/** Most samples one measurement keeps (static buffers: 3 x 8 bytes each). */
#define MEAS_SAMPLES_MAX 100000u
/** Most repetitions N (the long run does 2N, which must fit 32 bits). */
#define MEAS_REPS_MAX 0x7fffffffu

struct meas_cfg {
	uint32_t samples; /**< samples kept for the statistics (SMI-hit ones aside) */
	uint32_t warmup;  /**< samples run first and thrown away */
	uint32_t reps;    /**< N: body repetitions of the short run; the long one does 2N */
	bool emulated;    /**< label the results "emulated" (an emulator was named or recognised) */
	/**
	 * Optional, NULL by default: called before each of the two timed runs
	 * of a sample, outside the timed window, with the repetitions the run
	 * will do, to put the state each repetition consumes in place (an
	 * operation that cannot be repeated back to back, such as VMCLEAR of
	 * an active VMCS).
	 */
	void (*prep)(void *ctx, uint32_t reps);
};

/** The operation under test, performed @p reps times (reps >= 1). */
typedef void (*meas_body_fn)(void *ctx, uint32_t reps);

/** What the method found it can use on this CPU (probed once, by timing_init). */
struct timing_info {
	bool tsc;                  /**< CPUID.1:EDX[4]; without it nothing is measured */
	bool rdtscp;               /**< CPUID.80000001h:EDX[27]: end read is RDTSCP;LFENCE */
	bool invariant_tsc;        /**< CPUID.80000007h:EDX[8] */
	uint64_t tsc_hz;           /**< 0 when unknown */
	const char *tsc_source;    /**< "cpuid15", "cpuid16", "pit" or "none" */
	bool cycles;               /**< fixed counter 1 programmed and counting */
	const char *cycles_reason; /**< why not, when !cycles */
	uint8_t pmu_version;       /**< CPUID.0Ah:EAX[7:0] */
	uint8_t fixed_counters;    /**< CPUID.0Ah:EDX[4:0] (version >= 2) */
	bool smi_count;            /**< MSR_SMI_COUNT (0x34) readable */
	const char *lapic;         /**< "xapic", "x2apic", "disabled", "absent", "unmapped" */
	uint8_t lvt_entries;       /**< LVT entries masked per measurement */
};

struct meas_result {
	uint32_t reps;             /**< N */
	uint32_t warmup;
	struct stats_i64 tsc;      /**< of t(2N) - t(N) in TSC ticks (N operations) */
	bool has_cycles;
	struct stats_i64 cycles;   /**< the same in core cycles (fixed counter 1) */
	int64_t overhead;          /**< median of t(N) - (t(2N) - t(N)): fixed cost, ticks */
	bool smi_known;            /**< MSR_SMI_COUNT was read around every sample */
	uint64_t smi_seen;         /**< SMIs counted during the measurement (warm-up too) */
	uint32_t discarded_smi;    /**< samples dropped because an SMI hit them */
	bool lapic_masked;         /**< LVT entries were masked during the measurement */
	uint64_t tsc_hz;           /**< copied from timing_info, for a self-contained record */
	const char *tsc_source;
	bool emulated;
};

/** Probe the CPU and calibrate (once; meas_run calls it when needed). */
const struct timing_info *timing_init(void);

/**
 * Fill @p cfg: @p samples (capped at MEAS_SAMPLES_MAX), warm-up =
 * samples/10 (1..1000), @p reps (1..MEAS_REPS_MAX), and whether this runs
 * under an emulator (its figures are then the emulator's).
 */
void meas_cfg_init(struct meas_cfg *cfg, uint32_t samples, bool emulated, uint32_t reps);

/**
 * Measure @p body. Returns 0, or a negative error: -1 no TSC, -2 bad config.
 * The statistics may have count 0 if every sample was discarded.
 */
int meas_run(const struct meas_cfg *cfg, meas_body_fn body, void *ctx, struct meas_result *r);

/** Write one `meas` record for @p r on the console (docs/record-format.md). */
void meas_emit(const char *suite, const char *name, const struct meas_result *r);

/**
 * The same record left open, so a suite can add its own members (a path, a
 * field width, ...) before rec_close():
 *
 *     struct rec *w = meas_open("shadow", "vmread", &r);
 *     rec_str(w, "path", "root");
 *     rec_u64(w, "width", 16);
 *     rec_close(w);
 */
struct rec *meas_open(const char *suite, const char *name, const struct meas_result *r);

/** Write the `timing` record describing the method on this CPU. */
void timing_emit(const struct meas_cfg *cfg);

/*
 * CPUID decoding (timing_cpuid.c, pure). @p l15, @p l16, @p l0a: EAX, EBX,
 * ECX, EDX of leaves 15h, 16h, 0Ah.
 * timing_tsc_hz_cpuid: "cpuid15" or "cpuid16" with *hz set, or NULL (then
 * the TSC must be calibrated). timing_fixed1_cpuid: fixed counter 1 is
 * architectural (perfmon version >= 2 with >= 2 fixed counters).
 */
const char *timing_tsc_hz_cpuid(uint32_t max_leaf, const uint32_t l15[4], const uint32_t l16[4],
				uint64_t *hz);
bool timing_fixed1_cpuid(uint32_t max_leaf, const uint32_t l0a[4], uint8_t *version,
			 uint8_t *nfixed);

/* Pure record builders (timing_record.c), used by the two above. */
void meas_write(struct rec *w, const char *suite, const char *name, const struct meas_result *r);
void timing_write(struct rec *w, const struct timing_info *ti, const struct meas_cfg *cfg);

#endif
