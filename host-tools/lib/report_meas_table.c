/** @file
 * The full statistics table of a model's meas records, core cycles first
 * (report_meas.h; docs/host-tools.md, "Measurement tables").
 */
#include <math.h>
#include <string.h>

#include "lib/esc.h"
#include "lib/meas.h"
#include "lib/report_meas.h"

/* Which optional columns the table has: those some record fills. */
struct cols {
	bool kind, vpid, cyc, ci, cyc_ci, ratio, ins;
};

static bool has_num(json_t *rec, const char *key)
{
	return json_is_number(json_object_get(rec, key));
}

static struct cols cols_of(json_t **recs, size_t n)
{
	struct cols c = { 0 };

	for (size_t i = 0; i < n; i++) {
		c.kind |= json_object_get(recs[i], "kind") != NULL;
		c.vpid |= json_object_get(recs[i], "vpid") != NULL;
		c.cyc |= has_num(recs[i], "cycles_median");
		c.ci |= has_num(recs[i], "median_ci_lo");
		c.cyc_ci |= has_num(recs[i], "cycles_median_ci_lo");
		c.ins |= has_num(recs[i], "instructions_median");
		c.ratio |= has_num(recs[i], "aperf_mperf");
	}
	c.ratio |= c.cyc;
	c.cyc_ci &= c.cyc;
	return c;
}

static void num_cell(FILE *f, json_t *rec, const char *key)
{
	char b[48];

	meas_fmt(meas_stat(rec, key), b, sizeof(b));
	report_cell(f, b);
}

/* "lo–hi" of the 95 % CI of PREFIXmedian; "-" when the record has none (n < 6). */
static void ci_cell(FILE *f, json_t *rec, const char *prefix)
{
	char k[48], lo[48], hi[48];

	snprintf(k, sizeof(k), "%smedian_ci_lo", prefix);
	meas_fmt(meas_stat(rec, k), lo, sizeof(lo));
	snprintf(k, sizeof(k), "%smedian_ci_hi", prefix);
	meas_fmt(meas_stat(rec, k), hi, sizeof(hi));
	if (!strcmp(lo, "-") || !strcmp(hi, "-"))
		report_cell(f, "-");
	else
		report_cellf(f, "%s–%s", lo, hi);
}

/*
 * Cycles per TSC tick: the ratio of the cycle and TSC medians (fixed counter 1,
 * the same windows), else the record's ΔAPERF/ΔMPERF (SDM Vol. 3B §15.2: the
 * ratio of actual to base frequency over the measurement).
 */
static void ratio_cell(FILE *f, json_t *rec)
{
	double c = meas_stat(rec, "cycles_median"), t = meas_stat(rec, "median");
	double am = meas_stat(rec, "aperf_mperf");
	char b[48];

	if (!isnan(c) && t > 0) {
		meas_fmt(c / t, b, sizeof(b));
		report_cell(f, b);
	} else if (!isnan(am)) {
		meas_fmt(am, b, sizeof(b));
		report_cellf(f, "%s (APERF/MPERF)", b);
	} else {
		report_cell(f, "-");
	}
}

/* VPID as the record says; a guest path without the member ran with VPID off (before issue 12). */
static const char *vpid_text(json_t *rec)
{
	const char *v = json_string_value(json_object_get(rec, "vpid"));
	const char *p = json_string_value(json_object_get(rec, "path"));

	if (v)
		return v;
	if (p && (!strcmp(p, "shadowed") || !strcmp(p, "exiting") || !strcmp(p, "transition")))
		return "off";
	return "-";
}

/* The header row and, built alongside, the alignment row (text left, numbers right). */
static void header(FILE *f, const struct cols *c, bool tsc_ns)
{
	char sep[256] = "|---|";

#define COL(cond, title, align)                                                          \
	do {                                                                             \
		if (cond) {                                                              \
			fputs(" " title " |", f);                                        \
			strcat(sep, align);                                              \
		}                                                                        \
	} while (0)
	fputs("\n| Name |", f);
	COL(c->kind, "Kind", "---|");
	COL(c->vpid, "VPID", "---|");
	COL(c->cyc, "Core cycles (median)", "---:|");
	COL(c->cyc_ci, "Cycles 95 % CI", "---:|");
	COL(c->cyc, "TSC ticks (median)", "---:|");
	COL(!c->cyc, "Median", "---:|");
	COL(c->ci, "95 % CI", "---:|");
	COL(c->ratio, "Cycles / tick", "---:|");
	COL(c->ins, "Instructions / op", "---:|");
	COL(true, "p99 | Min | Max | MAD | n | Discarded", "---:|---:|---:|---:|---:|---:|");
	COL(true, "Unit", "---|");
	COL(tsc_ns, "Median ns", "---:|");
#undef COL
	fprintf(f, "\n%s\n", sep);
}

void meas_full_table(FILE *f, json_t **recs, size_t n, bool tsc_ns, const char *cycles_reason)
{
	struct cols c = cols_of(recs, n);
	char b[48];

	header(f, &c, tsc_ns);
	for (size_t i = 0; i < n; i++) {
		fputc('|', f);
		report_cell(f, json_string_value(json_object_get(recs[i], "name")));
		if (c.kind)
			report_cell(f, json_string_value(json_object_get(recs[i], "kind")) ?:
					       "throughput");
		if (c.vpid)
			report_cell(f, vpid_text(recs[i]));
		if (c.cyc) {
			num_cell(f, recs[i], "cycles_median");
			if (c.cyc_ci)
				ci_cell(f, recs[i], "cycles_");
		}
		num_cell(f, recs[i], "median");
		if (c.ci)
			ci_cell(f, recs[i], "");
		if (c.ratio)
			ratio_cell(f, recs[i]);
		if (c.ins)
			num_cell(f, recs[i], "instructions_median");
		num_cell(f, recs[i], "p99");
		num_cell(f, recs[i], "min");
		num_cell(f, recs[i], "max");
		num_cell(f, recs[i], "mad");
		num_cell(f, recs[i], "n");
		num_cell(f, recs[i], "discarded");
		report_cell(f, json_string_value(json_object_get(recs[i], "unit")));
		if (tsc_ns) {
			double hz = meas_stat(recs[i], "tsc_hz");

			meas_fmt(hz > 0 ? meas_stat(recs[i], "median") * 1e9 / hz : NAN, b, sizeof(b));
			report_cell(f, b);
		}
		fputc('\n', f);
	}
	if (!c.cyc) {
		fprintf(f, "\nCore cycles: not available in these records");
		if (cycles_reason) {
			fputs(" (", f);
			esc_md(f, cycles_reason, false);
			fputc(')', f);
		}
		fprintf(f, "; figures are TSC ticks.\n");
	}
	if (c.ci)
		fprintf(f, "\n95 %% CI: distribution-free confidence interval of the median by order "
			   "statistics (docs/measurement.md); \"-\" where n < 6 cannot give 95 %%.\n");
}
