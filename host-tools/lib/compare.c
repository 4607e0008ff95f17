/** @file
 * vmxbench compare: the comparison itself (compare.h). Each side is first
 * reduced to three maps (cases, features, measurements), one run open at a
 * time, then the maps are compared key by key.
 */
#define _GNU_SOURCE /* asprintf */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lib/compare.h"
#include "lib/compare_stats.h"
#include "lib/hist.h"
#include "lib/meas_hist.h"
#include "lib/vmxfeat.h"

static const char *str(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));

	return s ? s : "";
}

/* Set m[key] = value, or mark it "varies" when another run of the side said otherwise. */
static void merge_value(json_t *m, const char *key, const char *value)
{
	json_t *old = json_object_get(m, key);

	if (!old) {
		json_object_set_new(m, key, json_string(value));
	} else if (strcmp(json_string_value(old), value) &&
		   strncmp(json_string_value(old), "varies: ", 8)) {
		char *v = NULL;

		if (asprintf(&v, "varies: %s | %s", json_string_value(old), value) < 0)
			abort();
		json_object_set_new(m, key, json_string(v));
		free(v);
	}
}

struct side_maps {
	json_t *cases;   /* "suite/id" -> outcome text (observed, or SKIP) */
	json_t *verdict; /* "suite/id" -> verdict */
	json_t *info;    /* "suite/id" -> {sdm, desc} of the first run that had it */
	json_t *feat;    /* "group/name" -> value */
	json_t *meas;    /* "suite/name" -> {unit, samples[]} */
	json_t *labels;  /* distinct model labels */
	bool emulated, silicon;
};

/* Most samples one run adds from its histogram (counts scaled down beyond it). */
#define RUN_SAMPLES_MAX 200.0

/*
 * Per measurement: each run's median ("medians") and, from runs whose record
 * carries its distribution, the samples themselves ("samples", per operation).
 */
static void add_meas(json_t *meas, const char *key, json_t *rec)
{
	json_t *e = json_object_get(meas, key), *smp;
	double val[HIST_MAX_SENT], cnt[HIST_MAX_SENT], total = 0;
	size_t nb = meas_hist(rec, val, cnt, HIST_MAX_SENT);

	if (!e) {
		e = json_pack("{s:s, s:[], s:[], s:i, s:i}", "unit", str(rec, "unit"), "medians",
			      "samples", "runs", 0, "hist_runs", 0);
		json_object_set_new(meas, key, e);
	}
	json_object_set_new(e, "runs", json_integer(json_integer_value(json_object_get(e, "runs")) + 1));
	json_array_append_new(json_object_get(e, "medians"),
			      json_real(json_number_value(json_object_get(rec, "median"))));
	if (!nb)
		return;
	json_object_set_new(e, "hist_runs",
			    json_integer(json_integer_value(json_object_get(e, "hist_runs")) + 1));
	smp = json_object_get(e, "samples");
	for (size_t i = 0; i < nb; i++)
		total += cnt[i];
	for (size_t i = 0; i < nb; i++) {
		double c = total > RUN_SAMPLES_MAX ? cnt[i] * RUN_SAMPLES_MAX / total : cnt[i];

		for (long k = 0; k < (long)(c < 1 ? 1 : c); k++)
			json_array_append_new(smp, json_real(val[i]));
	}
}

static void collect_run(struct side_maps *m, const struct stored_run *r)
{
	char label[128], key[1024], val[64];
	size_t i;
	json_t *rec;

	run_label(r, label, sizeof(label));
	merge_value(m->labels, label, label);
	if (run_emulated(r))
		m->emulated = true;
	else
		m->silicon = true;
	if (run_open(r)) {
		run_close(r); /* an unreadable run: no records, the open still counts */
		return;
	}
	json_array_foreach(r->records, i, rec) {
		const char *type = str(rec, "type");

		if (!strcmp(type, "case")) {
			const char *v = str(rec, "verdict");

			snprintf(key, sizeof(key), "%s/%s", str(rec, "suite"), str(rec, "id"));
			merge_value(m->cases, key, !strcmp(v, "SKIP") ? "SKIP" : str(rec, "observed"));
			merge_value(m->verdict, key, v);
			if (!json_object_get(m->info, key))
				json_object_set_new(m->info, key,
						    json_pack("{s:s, s:s, s:s}", "sdm", str(rec, "sdm"),
							      "desc", str(rec, "desc"), "expected",
							      str(rec, "expected")));
		} else if (!strcmp(type, "vmx_caps")) {
			for (size_t f = 0; f < vmxfeat_count(); f++) {
				struct vmxfeat ft = vmxfeat_at(f);

				snprintf(key, sizeof(key), "%s/%s", ft.group, ft.name);
				merge_value(m->feat, key, vmxfeat_value(rec, f, val, sizeof(val)));
			}
		} else if (!strcmp(type, "meas") && json_is_number(json_object_get(rec, "median"))) {
			snprintf(key, sizeof(key), "%s/%s", str(rec, "suite"), str(rec, "name"));
			add_meas(m->meas, key, rec);
		}
	}
	run_close(r);
}

static void side_maps(const struct cmp_side *s, struct side_maps *m)
{
	memset(m, 0, sizeof(*m));
	m->cases = json_object();
	m->verdict = json_object();
	m->info = json_object();
	m->feat = json_object();
	m->meas = json_object();
	m->labels = json_object();
	for (size_t i = 0; i < s->n; i++)
		collect_run(m, s->v[i]);
}

static void side_maps_free(struct side_maps *m)
{
	json_decref(m->cases);
	json_decref(m->verdict);
	json_decref(m->info);
	json_decref(m->feat);
	json_decref(m->meas);
	json_decref(m->labels);
}

static json_t *side_json(const struct cmp_side *s, const struct side_maps *m)
{
	json_t *labels = json_array();
	const char *k;
	json_t *v;

	json_object_foreach(m->labels, k, v)
		json_array_append_new(labels, json_string(k));
	return json_pack("{s:s, s:I, s:o, s:s}", "spec", s->spec, "runs", (json_int_t)s->n,
			 "models", labels, "kind", m->emulated && m->silicon ? "mixed"
			 : m->emulated ? "emulated" : "silicon");
}

/* The side's samples of a measurement: the distributions when every run sent one, else one median per run. */
static double *samples(json_t *e, bool dist, size_t *n)
{
	json_t *arr = json_object_get(e, dist ? "samples" : "medians"), *x;
	double *v = malloc((json_array_size(arr) + 1) * sizeof(*v));
	size_t i;

	if (!v)
		abort();
	json_array_foreach(arr, i, x)
		v[i] = json_number_value(x);
	*n = json_array_size(arr);
	return v;
}

/*
 * The histogram's buckets are up to 1/32 wide, so with distributions the point
 * figures come from the records' own medians (the median of the runs' medians)
 * and the bootstrap interval, which the buckets give its width, is moved by the
 * same factor.
 */
static void exact_center(json_t *v, json_t *w, struct cmp_ratio *r)
{
	size_t na, nb;
	double *ma = samples(v, false, &na), *mb = samples(w, false, &nb);
	double a = cmp_median(ma, na), b = cmp_median(mb, nb), scale;

	free(ma);
	free(mb);
	if (a == 0 || r->ratio == 0)
		return;
	scale = (b / a) / r->ratio;
	r->a_median = a;
	r->b_median = b;
	r->ratio = b / a;
	if (r->has_ci) {
		r->ci_lo *= scale;
		r->ci_hi *= scale;
		r->significant = r->ci_lo > 1 || r->ci_hi < 1;
	}
}

json_t *compare_sides(const struct cmp_side *a, const struct cmp_side *b, double threshold)
{
	struct side_maps ma, mb;
	json_t *res, *cases = json_array(), *feats = json_array(), *meas = json_array();
	size_t common = 0, only_a = 0, only_b = 0, regress = 0, nfeat = 0, nmeas = 0;
	const char *k;
	json_t *v;

	side_maps(a, &ma);
	side_maps(b, &mb);
	json_object_foreach(ma.cases, k, v) {
		json_t *w = json_object_get(mb.cases, k);
		const char *va, *vb, *kind;
		bool reg;

		if (!w) {
			only_a++;
			continue;
		}
		common++;
		va = json_string_value(json_object_get(ma.verdict, k));
		vb = json_string_value(json_object_get(mb.verdict, k));
		if (!strcmp(json_string_value(v), json_string_value(w)) && !strcmp(va, vb))
			continue;
		reg = !strcmp(va, "PASS") && strcmp(vb, "PASS") && strcmp(vb, "SKIP");
		regress += reg;
		/* verdict: both ran and judged differently; skip: only one side could run it;
		 * outcome: same verdict, different observed text (e.g. a model-specific expectation) */
		kind = !strcmp(va, vb) ? "outcome" : !strcmp(va, "SKIP") || !strcmp(vb, "SKIP") ? "skip"
			: "verdict";
		json_array_append_new(cases, json_pack("{s:s, s:s, s:O, s:s, s:s, s:s, s:s, s:b}",
						       "case", k, "kind", kind, "info",
						       json_object_get(ma.info, k), "a",
						       json_string_value(v), "b", json_string_value(w),
						       "a_verdict", va, "b_verdict", vb, "regression", reg));
	}
	json_object_foreach(mb.cases, k, v)
		only_b += !json_object_get(ma.cases, k);
	json_object_foreach(ma.feat, k, v) {
		json_t *w = json_object_get(mb.feat, k);

		if (!w)
			continue;
		nfeat++;
		if (strcmp(json_string_value(v), json_string_value(w)))
			json_array_append_new(feats, json_pack("{s:s, s:s, s:s}", "feature", k, "a",
							       json_string_value(v), "b",
							       json_string_value(w)));
	}
	json_object_foreach(ma.meas, k, v) {
		json_t *w = json_object_get(mb.meas, k);
		struct cmp_ratio r;
		double *sa, *sb;
		size_t na, nb;
		bool reg, dist;

		if (!w)
			continue;
		nmeas++;
		dist = json_integer_value(json_object_get(v, "hist_runs")) ==
			       json_integer_value(json_object_get(v, "runs")) &&
		       json_integer_value(json_object_get(w, "hist_runs")) ==
			       json_integer_value(json_object_get(w, "runs")) &&
		       json_integer_value(json_object_get(v, "runs")) > 0;
		sa = samples(v, dist, &na);
		sb = samples(w, dist, &nb);
		cmp_ratio_ci(sa, na, sb, nb, &r);
		free(sa);
		free(sb);
		if (dist)
			exact_center(v, w, &r);
		reg = r.has_ci && r.significant && r.ratio > 1 + threshold;
		regress += reg;
		json_array_append_new(meas, json_pack("{s:s, s:s, s:s, s:f, s:f, s:f, s:o, s:o, s:I, s:I, s:b, s:b}",
			"measurement", k, "unit", str(v, "unit"), "basis", dist ? "samples" : "boots",
			"a_median", r.a_median,
			"b_median", r.b_median, "ratio", r.ratio,
			"ci_lo", r.has_ci ? json_real(r.ci_lo) : json_null(),
			"ci_hi", r.has_ci ? json_real(r.ci_hi) : json_null(),
			"a_n", (json_int_t)na, "b_n", (json_int_t)nb,
			"significant", r.has_ci && r.significant, "regression", reg));
	}
	res = json_pack("{s:i, s:o, s:o, s:{s:I, s:I, s:I, s:o}, s:{s:I, s:o}, "
			"s:{s:s, s:f, s:I, s:o}, s:I, s:I}",
		"compare_format", 1, "a", side_json(a, &ma), "b", side_json(b, &mb),
		"conformance", "common", (json_int_t)common, "only_a", (json_int_t)only_a,
		"only_b", (json_int_t)only_b, "differ", cases,
		"capabilities", "compared", (json_int_t)nfeat, "differ", feats,
		"measurements", "method", "ratio B/A of medians; 95 % percentile bootstrap "
		"interval (2000 resamples) over the samples (basis \"samples\": every run sent its "
		"distribution, pooled per side; the medians are the records' own, the interval moved "
		"with them) or else over one median per run (basis \"boots\", "
		"when each side has 3 runs or more); significant when it excludes 1",
		"threshold", threshold, "compared", (json_int_t)nmeas, "rows", meas,
		"differences", (json_int_t)(json_array_size(cases) + json_array_size(feats)),
		"regressions", (json_int_t)regress);
	side_maps_free(&ma);
	side_maps_free(&mb);
	return res;
}
