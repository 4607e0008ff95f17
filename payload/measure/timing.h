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
#include "lib/hist.h"
#include "lib/stats.h"
#include "record/writer.h"

/** Most samples one measurement keeps (static buffers: 4 x 8 bytes each). */
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
	uint8_t fixed_mask;        /**< fixed counters 0..2 programmed (bit i = counter i) */
	bool instructions;         /**< fixed counter 0 (INST_RETIRED.ANY) programmed and counting */
	const char *instructions_reason; /**< why not, when !instructions */
	bool overflow_check;       /**< IA32_PERF_GLOBAL_STATUS (0x38E) readable */
	bool freeze_smm;           /**< IA32_DEBUGCTL.FREEZE_WHILE_SMM (bit 14) set */
	const char *freeze_reason; /**< why not, when !freeze_smm */
	bool aperf;                /**< IA32_APERF/IA32_MPERF (0xE8/0xE7) readable */
	const char *aperf_reason;  /**< why not, when !aperf */
	const char *turbo;         /**< "as-found", "off-requested", "off-unsupported" */
	const char *turbo_reason;  /**< why off-unsupported (or how off-requested came about), or NULL */
	bool smi_count;            /**< MSR_SMI_COUNT (0x34) readable */
	const char *lapic;         /**< "xapic", "x2apic", "disabled", "absent", "unmapped" */
	uint8_t lvt_entries;       /**< LVT entries masked per measurement */
	bool pic_masked;           /**< a trial masking: the 8259 pair read back all masked */
	uint16_t ioapic_masked;    /**< ... I/O APIC redirection entries that read back masked */
	bool tpr_set;              /**< ... the TPR read back 0xF0 */
	uint8_t tpr;               /**< ... the TPR read back */
};

/**
 * What the measurement window masked at the source and what the
 * pending-interrupt check found right after (docs/measurement.md).
 */
struct meas_irq {
	bool pic_masked;           /**< both 8259 IMRs read back 0xFF */
	uint16_t ioapic_masked;    /**< I/O APIC redirection entries read back masked */
	bool tpr_set;              /**< a usable local APIC: its TPR was raised */
	uint8_t tpr;               /**< the TPR read back (0xF0 expected) */
	uint32_t lapic_irr[8];     /**< 256-bit IRR, bit v = vector v requested */
	uint32_t lapic_isr[8];     /**< 256-bit ISR, bit v = vector v in service */
	uint16_t pic_irr;          /**< 8259 IRR, bit i = IRQ i (slave in 15:8) */
	uint16_t pic_isr;          /**< 8259 ISR */
};

struct meas_result {
	uint32_t reps;             /**< N */
	uint32_t warmup;
	struct stats_i64 tsc;      /**< of t(2N) - t(N) in TSC ticks (N operations) */
	bool has_cycles;
	struct stats_i64 cycles;   /**< the same in core cycles (fixed counter 1) */
	bool has_instructions;
	struct stats_i64 instructions; /**< the same in instructions retired (fixed counter 0) */
	bool counter_overflow;     /**< IA32_PERF_GLOBAL_STATUS[34:32] showed an overflow */
	bool has_aperf;
	int64_t aperf_mperf_milli; /**< 1000 x ΔAPERF/ΔMPERF over the measurement */
	struct meas_irq irq;       /**< masked at the source, pending after masking */
	int64_t overhead;          /**< median of t(N) - (t(2N) - t(N)): fixed cost, ticks */
	bool smi_known;            /**< MSR_SMI_COUNT was read around every sample */
	uint64_t smi_seen;         /**< SMIs counted during the measurement (warm-up too) */
	uint32_t discarded_smi;    /**< samples dropped because an SMI hit them */
	bool lapic_masked;         /**< LVT entries were masked during the measurement */
	uint64_t tsc_hz;           /**< copied from timing_info, for a self-contained record */
	const char *tsc_source;
	bool emulated;
	/* the samples' distribution (lib/hist.h), sent as the record's "hist" */
	struct hist_entry hist[HIST_MAX_SENT];
	uint32_t nhist;
	uint64_t hist_negative, hist_other;
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

/**
 * turbo=off: set IA32_MISC_ENABLE[38] (IDA disable, SDM Vol. 3B §15.3.2.1)
 * on this CPU when CPUID.06h:EAX[1] says turbo exists; the `timing` record
 * says what happened (`turbo`). Nothing with @p off false ("as-found").
 */
void timing_turbo_off(bool off);

/** Put IA32_MISC_ENABLE back as timing_turbo_off() found it (before the end record). */
void timing_turbo_restore(void);

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
/**
 * Fixed counters 0..2 that CPUID.0Ah says exist (bit i = counter i): none
 * below version 2; the first EDX[4:0]; from version 5 also those ECX[i]
 * names (SDM Vol. 2A CPUID leaf 0Ah, Vol. 3B §20.2.5).
 */
uint8_t timing_fixed_mask_cpuid(uint32_t max_leaf, const uint32_t l0a[4]);
/**
 * CPUID.06h: *turbo = EAX[1] (Intel Turbo Boost available; reads 0 while
 * IA32_MISC_ENABLE[38] disables it), *aperf = ECX[0] (IA32_MPERF/IA32_APERF).
 */
void timing_leaf6_cpuid(uint32_t max_leaf, const uint32_t l6[4], bool *turbo, bool *aperf);
/** IA32_PERF_CAPABILITIES[12]: FREEZE_WHILE_SMM supported (SDM Vol. 4 Table 2-2, MSR 0x345). */
bool timing_freeze_smm_cap(uint64_t perf_capabilities);
/** 1000 x @p da / @p dm, rounded down (0 when @p dm is 0); no 128-bit division. */
int64_t timing_ratio_milli(uint64_t da, uint64_t dm);
/**
 * @p irq's pending interrupts as text into @p buf: "none", or items
 * joined by ",": "lapic-irr:0xV" and "lapic-isr:0xV" per vector (up to 4
 * each, then "lapic-irr:+N" for the rest), "pic-irr:0xMMMM" and
 * "pic-isr:0xMMMM" (IRQ bitmaps) when non-zero. Always terminated.
 */
void timing_irq_pending_format(const struct meas_irq *irq, char *buf, unsigned size);

/* Pure record builders (timing_record.c), used by the two above. */
void meas_write(struct rec *w, const char *suite, const char *name, const struct meas_result *r);
void timing_write(struct rec *w, const struct timing_info *ti, const struct meas_cfg *cfg);

#endif
