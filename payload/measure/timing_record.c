/** @file
 * The `meas` and `timing` records (docs/record-format.md) built from a
 * measurement result. Pure, so the host tests can pin the exact lines.
 */
#include <stdarg.h>
#include "lib/fmt.h"
#include "measure/timing.h"

/* One statistics block: per-operation values (sample / N), 3 decimals. */
static void stats_write(struct rec *w, const char *prefix, const struct stats_i64 *s,
			uint32_t reps)
{
	static const char *const names[] = { "min", "p5", "median", "p95", "p99", "max", "mad" };
	const int64_t vals[6] = { s->min, s->p5, s->median, s->p95, s->p99, s->max };
	char key[40]; /* the longest: "instructions_median_ci_lo" */

	for (int i = 0; i < 7; i++) {
		fmt_snprintf(key, sizeof(key), "%s%s", prefix, names[i]);
		if (i == 6) {
			/* MAD is a distance and may exceed INT64_MAX (then
			 * only its integer part is kept). */
			if (s->mad <= (uint64_t)INT64_MAX)
				rec_ratio(w, key, (int64_t)s->mad, reps);
			else
				rec_u64(w, key, s->mad / reps);
		} else {
			rec_ratio(w, key, vals[i], reps);
		}
	}
	/* 95 % CI of the median (lib/stats.h): left out when n < 6 cannot give 95 % */
	if (s->has_ci) {
		fmt_snprintf(key, sizeof(key), "%smedian_ci_lo", prefix);
		rec_ratio(w, key, s->ci_lo, reps);
		fmt_snprintf(key, sizeof(key), "%smedian_ci_hi", prefix);
		rec_ratio(w, key, s->ci_hi, reps);
	}
}

/*
 * The samples' distribution: "BUCKET:COUNT,..." ascending (lib/hist.h; a sample
 * is the ticks of `reps` operations), and the samples left out of it.
 */
static void hist_write(struct rec *w, const struct meas_result *r)
{
	char buf[HIST_MAX_SENT * 18 + 1];
	unsigned at = 0;

	buf[0] = 0;
	for (uint32_t i = 0; i < r->nhist && i < HIST_MAX_SENT; i++)
		at += (unsigned)fmt_snprintf(buf + at, sizeof(buf) - at, "%s%u:%u", i ? "," : "",
					     (unsigned)r->hist[i].bucket, (unsigned)r->hist[i].count);
	rec_str(w, "hist", buf);
	if (r->hist_negative)
		rec_u64(w, "hist_negative", r->hist_negative);
	if (r->hist_other)
		rec_u64(w, "hist_other", r->hist_other);
}

/* What a window masks at the source: the 8259 pair, I/O APIC entries, the TPR. */
static void irq_write(struct rec *w, bool pic, unsigned ioapic, bool tpr_set, uint8_t tpr)
{
	rec_bool(w, "pic_masked", pic);
	rec_u64(w, "ioapic_masked", ioapic);
	if (tpr_set)
		rec_hex(w, "tpr", tpr);
	else
		rec_str(w, "tpr", "absent");
}

/* "absent" with its reason, or @p present */
static void feature_write(struct rec *w, const char *key, bool on, const char *present,
			  const char *reason)
{
	char rkey[40];

	rec_str(w, key, on ? present : "absent");
	if (!on && reason) {
		fmt_snprintf(rkey, sizeof(rkey), "%s_reason", key);
		rec_str(w, rkey, reason);
	}
}

void meas_write(struct rec *w, const char *suite, const char *name, const struct meas_result *r)
{
	uint32_t reps = r->reps ? r->reps : 1;
	char pending[160];

	rec_str(w, "suite", suite);
	rec_str(w, "name", name);
	rec_str(w, "unit", "tsc_ticks/op");
	rec_u64(w, "reps", reps);
	rec_u64(w, "n", r->tsc.count);
	rec_u64(w, "discarded", r->tsc.discarded);
	rec_u64(w, "warmup", r->warmup);
	/* With every sample discarded there are no statistics to show. */
	if (r->tsc.count) {
		stats_write(w, "", &r->tsc, reps);
		rec_i64(w, "overhead", r->overhead);
		if (r->nhist)
			hist_write(w, r);
	}
	if (r->has_cycles) {
		rec_str(w, "cycles", "fixed1");
		if (r->cycles.count)
			stats_write(w, "cycles_", &r->cycles, reps);
	} else {
		rec_str(w, "cycles", "absent");
	}
	if (r->has_instructions) {
		rec_str(w, "instructions", "fixed0");
		if (r->instructions.count)
			stats_write(w, "instructions_", &r->instructions, reps);
	} else {
		rec_str(w, "instructions", "absent");
	}
	if (r->smi_known) {
		rec_str(w, "smi", "msr");
		rec_u64(w, "smi_count", r->smi_seen);
	} else {
		rec_str(w, "smi", "absent");
	}
	rec_u64(w, "tsc_hz", r->tsc_hz);
	rec_str(w, "tsc_source", r->tsc_source ? r->tsc_source : "none");
	rec_bool(w, "lapic_masked", r->lapic_masked);
	irq_write(w, r->irq.pic_masked, r->irq.ioapic_masked, r->irq.tpr_set, r->irq.tpr);
	timing_irq_pending_format(&r->irq, pending, sizeof(pending));
	rec_str(w, "irq_pending", pending);
	rec_bool(w, "counter_overflow", r->counter_overflow);
	if (r->has_aperf)
		rec_ratio(w, "aperf_mperf", r->aperf_mperf_milli, 1000);
	else
		rec_str(w, "aperf_mperf", "absent");
	rec_bool(w, "emulated", r->emulated);
}

void timing_write(struct rec *w, const struct timing_info *ti, const struct meas_cfg *cfg)
{
	rec_bool(w, "tsc", ti->tsc);
	rec_str(w, "tsc_source", ti->tsc_source ? ti->tsc_source : "none");
	rec_u64(w, "tsc_hz", ti->tsc_hz);
	rec_bool(w, "invariant_tsc", ti->invariant_tsc);
	rec_str(w, "read_begin", "mfence;lfence;rdtsc;lfence");
	rec_str(w, "read_end", ti->rdtscp ? "rdtscp;lfence" : "lfence;rdtsc;lfence");
	rec_str(w, "overhead_method", "t(2N)-t(N)");
	feature_write(w, "cycles", ti->cycles, "fixed1", ti->cycles_reason);
	feature_write(w, "instructions", ti->instructions, "fixed0", ti->instructions_reason);
	rec_u64(w, "pmu_version", ti->pmu_version);
	rec_u64(w, "fixed_counters", ti->fixed_counters);
	rec_hex(w, "fixed_enabled", ti->fixed_mask);
	rec_bool(w, "overflow_check", ti->overflow_check);
	rec_bool(w, "freeze_while_smm", ti->freeze_smm);
	if (!ti->freeze_smm && ti->freeze_reason)
		rec_str(w, "freeze_while_smm_reason", ti->freeze_reason);
	feature_write(w, "aperf_mperf", ti->aperf, "present", ti->aperf_reason);
	rec_str(w, "turbo", ti->turbo ? ti->turbo : "as-found");
	if (ti->turbo_reason)
		rec_str(w, "turbo_reason", ti->turbo_reason);
	rec_str(w, "smi", ti->smi_count ? "msr" : "absent");
	rec_str(w, "lapic", ti->lapic ? ti->lapic : "absent");
	rec_u64(w, "lvt_masked", ti->lvt_entries);
	irq_write(w, ti->pic_masked, ti->ioapic_masked, ti->tpr_set, ti->tpr);
	rec_bool(w, "interrupts_masked", true);
	rec_u64(w, "samples", cfg->samples);
	rec_u64(w, "warmup", cfg->warmup);
	rec_u64(w, "samples_max", MEAS_SAMPLES_MAX);
	rec_bool(w, "emulated", cfg->emulated);
}

/* Append to @p buf at @p at, bounded; @return the new end (at most size - 1). */
static unsigned put(char *buf, unsigned size, unsigned at, const char *fmt, ...)
{
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	n = fmt_vsnprintf(buf + at, size - at, fmt, ap);
	va_end(ap);
	return at + n >= size ? size - 1 : at + (unsigned)n;
}

/* Append ",key:0xV" for each vector set in @p bits (256), at most 4, then ",key:+N". */
static unsigned vectors(char *buf, unsigned size, unsigned at, const char *key,
			const uint32_t bits[8])
{
	unsigned shown = 0, more = 0;

	for (unsigned v = 0; v < 256; v++) {
		if (!(bits[v / 32] & (1u << (v % 32))))
			continue;
		if (shown == 4) {
			more++;
			continue;
		}
		at = put(buf, size, at, "%s%s:0x%02x", at ? "," : "", key, v);
		shown++;
	}
	if (more)
		at = put(buf, size, at, ",%s:+%u", key, more);
	return at;
}

void timing_irq_pending_format(const struct meas_irq *irq, char *buf, unsigned size)
{
	unsigned at = 0;

	if (!size)
		return;
	buf[0] = 0;
	at = vectors(buf, size, at, "lapic-irr", irq->lapic_irr);
	at = vectors(buf, size, at, "lapic-isr", irq->lapic_isr);
	if (irq->pic_irr)
		at = put(buf, size, at, "%spic-irr:0x%04x", at ? "," : "", irq->pic_irr);
	if (irq->pic_isr)
		at = put(buf, size, at, "%spic-isr:0x%04x", at ? "," : "", irq->pic_isr);
	if (!at)
		put(buf, size, 0, "none");
}
