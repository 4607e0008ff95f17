/** @file
 * The `meas` and `timing` records (docs/record-format.md) built from a
 * measurement result. Pure, so the host tests can pin the exact lines.
 */
#include "lib/fmt.h"
#include "measure/timing.h"

/* One statistics block: per-operation values (sample / N), 3 decimals. */
static void stats_write(struct rec *w, const char *prefix, const struct stats_i64 *s,
			uint32_t reps)
{
	static const char *const names[] = { "min", "p5", "median", "p95", "p99", "max", "mad" };
	const int64_t vals[6] = { s->min, s->p5, s->median, s->p95, s->p99, s->max };
	char key[24];

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
}

void meas_write(struct rec *w, const char *suite, const char *name, const struct meas_result *r)
{
	uint32_t reps = r->reps ? r->reps : 1;

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
	}
	if (r->has_cycles) {
		rec_str(w, "cycles", "fixed1");
		if (r->cycles.count)
			stats_write(w, "cycles_", &r->cycles, reps);
	} else {
		rec_str(w, "cycles", "absent");
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
	rec_str(w, "cycles", ti->cycles ? "fixed1" : "absent");
	if (!ti->cycles && ti->cycles_reason)
		rec_str(w, "cycles_reason", ti->cycles_reason);
	rec_u64(w, "pmu_version", ti->pmu_version);
	rec_u64(w, "fixed_counters", ti->fixed_counters);
	rec_str(w, "smi", ti->smi_count ? "msr" : "absent");
	rec_str(w, "lapic", ti->lapic ? ti->lapic : "absent");
	rec_u64(w, "lvt_masked", ti->lvt_entries);
	rec_bool(w, "interrupts_masked", true);
	rec_u64(w, "samples", cfg->samples);
	rec_u64(w, "warmup", cfg->warmup);
	rec_u64(w, "samples_max", MEAS_SAMPLES_MAX);
	rec_bool(w, "emulated", cfg->emulated);
}
