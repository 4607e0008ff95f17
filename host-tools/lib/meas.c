/** @file
 * meas records grouped and reshaped for reports and charts (see meas.h).
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lib/meas.h"

static const char *str(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

static bool is_meas(json_t *rec)
{
	const char *t = str(rec, "type");

	return t && strcmp(t, "meas") == 0;
}

size_t meas_suites(const struct runset *rs, const char **out, size_t max)
{
	size_t n = 0, k;
	const char *s;

	/* from the runs' indexes */
	for (size_t r = 0; r < rs->n; r++)
		for (void *it = NULL; (s = run_suite_next(&rs->v[r], "meas", false, &it));) {
			for (k = 0; k < n && strcmp(out[k], s); k++)
				;
			if (k == n && n < max)
				out[n++] = s;
		}
	return n;
}

bool meas_run_has(const struct stored_run *r, const void *arg)
{
	return run_has(r, "meas", arg);
}

size_t meas_of(const struct stored_run *r, const char *suite, json_t **out, size_t max)
{
	size_t n = 0, i;
	json_t *rec;

	json_array_foreach(r->records, i, rec)
		if (is_meas(rec) && strcmp(str(rec, "suite") ?: "", suite) == 0 && n < max)
			out[n++] = rec;
	return n;
}

const char *meas_member(json_t *rec, const char *key, char *buf, size_t bufsz)
{
	json_t *v = json_object_get(rec, key);

	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_integer(v)) {
		snprintf(buf, bufsz, "%lld", json_integer_value(v));
		return buf;
	}
	return NULL;
}

double meas_stat(json_t *rec, const char *key)
{
	json_t *v = json_object_get(rec, key);

	return json_is_number(v) ? json_number_value(v) : NAN;
}

void meas_fmt(double v, char *buf, size_t bufsz)
{
	size_t l;

	if (isnan(v)) {
		snprintf(buf, bufsz, "-");
		return;
	}
	snprintf(buf, bufsz, "%.3f", v);
	l = strlen(buf);
	while (l && buf[l - 1] == '0')
		buf[--l] = 0;
	if (l && buf[l - 1] == '.')
		buf[--l] = 0;
	if (strcmp(buf, "-0") == 0)
		snprintf(buf, bufsz, "0");
}

bool meas_plain(json_t *rec)
{
	return !json_object_get(rec, "path") && !json_object_get(rec, "k") &&
	       !json_object_get(rec, "w");
}

bool meas_own_section(const char *suite)
{
	return suite && strcmp(suite, "migrate") == 0;
}

bool meas_emulated(const struct stored_run *r, json_t **recs, size_t n)
{
	if (run_emulated(r))
		return true;
	for (size_t i = 0; i < n; i++)
		if (json_is_true(json_object_get(recs[i], "emulated")))
			return true;
	return false;
}

const char *meas_emulation_note(const struct stored_run *r, char *buf, size_t bufsz)
{
	const char *emu = run_emulator(r);

	if (!emu)
		return NULL;
	if (strncmp(emu, "bochs", 5) == 0)
		snprintf(buf, bufsz, "emulated: Bochs TSC counts instructions");
	else
		snprintf(buf, bufsz, "emulated (%s): TSC of the emulator, not silicon", emu);
	return buf;
}

/*
 * Index of @p key in @p v[0..*n), appended (copied) when absent.
 * @return the index, or (size_t)-1 when memory ran out.
 */
static size_t intern(char **v, size_t *n, const char *key)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (strcmp(v[i], key) == 0)
			return i;
	if (!(v[i] = strdup(key)))
		return (size_t)-1;
	(*n)++;
	return i;
}

/* Is member @p k absent or @p dflt? */
static bool member_is(json_t *rec, const char *k, const char *dflt)
{
	const char *v = str(rec, k);

	return !v || !strcmp(v, dflt);
}

/* The K sweep: first-k and its upper bound "all" (every shadowable field), one series as before. */
static bool sweep_set(const char *set)
{
	return !set || !strcmp(set, "first-k") || !strcmp(set, "all");
}

bool meas_default_variant(json_t *rec)
{
	const char *vpid = str(rec, "vpid");

	return member_is(rec, "kind", "throughput") && !(vpid && !strcmp(vpid, "off")) &&
	       sweep_set(str(rec, "field_set")) && member_is(rec, "cache", "hot");
}

/* "op width" (either part may be absent) and the variant, allocated; NULL when memory ran out. */
static char *row_key(json_t *rec)
{
	char bo[24], bw[24], *key;
	const char *op = meas_member(rec, "op", bo, sizeof(bo)) ?: "";
	const char *w = meas_member(rec, "width", bw, sizeof(bw)) ?: "";
	const char *kind = str(rec, "kind"), *vpid = str(rec, "vpid");
	bool lat = kind && !strcmp(kind, "latency"), novpid = vpid && !strcmp(vpid, "off");
	size_t l = strlen(op) + strlen(w) + 24;

	if ((key = malloc(l)))
		snprintf(key, l, "%s%s%s%s%s", op, *op && *w ? " " : "", w, lat ? " latency" : "",
			 novpid ? " novpid" : "");
	return key;
}

int meas_pivot_build(json_t **recs, size_t n, struct meas_pivot *p)
{
	size_t *ri = calloc(n + 1, sizeof(*ri)), *ci = calloc(n + 1, sizeof(*ci));

	memset(p, 0, sizeof(*p));
	p->rows = calloc(n + 1, sizeof(*p->rows));
	p->row_default = calloc(n + 1, sizeof(*p->row_default));
	p->cols = calloc(n + 1, sizeof(*p->cols));
	if (!ri || !ci || !p->rows || !p->row_default || !p->cols)
		goto nomem;
	/* one pass: each record's row and column, the keys whole (no cut, no false match) */
	for (size_t i = 0; i < n; i++) {
		char bp[24], *key;
		const char *path = meas_member(recs[i], "path", bp, sizeof(bp));

		ri[i] = ci[i] = (size_t)-1;
		if (!path || json_object_get(recs[i], "k"))
			continue;
		if (!(key = row_key(recs[i])))
			goto nomem;
		ci[i] = intern(p->cols, &p->ncols, path);
		ri[i] = intern(p->rows, &p->nrows, key);
		free(key);
		if (ci[i] == (size_t)-1 || ri[i] == (size_t)-1)
			goto nomem;
		/* the key holds the variant, so every record of a row agrees */
		p->row_default[ri[i]] = meas_default_variant(recs[i]);
	}
	/* nrows, ncols <= n: the product cannot overflow for any n calloc could hold */
	p->cell = calloc(p->nrows * p->ncols + 1, sizeof(*p->cell));
	if (!p->cell)
		goto nomem;
	for (size_t i = 0; i < n; i++)
		if (ri[i] != (size_t)-1 && !p->cell[ri[i] * p->ncols + ci[i]])
			p->cell[ri[i] * p->ncols + ci[i]] = recs[i];
	free(ri);
	free(ci);
	return 0;
nomem:
	free(ri);
	free(ci);
	meas_pivot_free(p);
	return -ENOMEM;
}

void meas_pivot_free(struct meas_pivot *p)
{
	for (size_t i = 0; p->rows && i < p->nrows; i++)
		free(p->rows[i]);
	for (size_t i = 0; p->cols && i < p->ncols; i++)
		free(p->cols[i]);
	free(p->rows);
	free(p->row_default);
	free(p->cols);
	free(p->cell);
	memset(p, 0, sizeof(*p));
}

int meas_pivot_col(const struct meas_pivot *p, const char *name)
{
	for (size_t c = 0; c < p->ncols; c++)
		if (strcmp(p->cols[c], name) == 0)
			return (int)c;
	return -1;
}

/* Series name (allocated, NULL: no memory): the op, else the name without the component that is K. */
static char *series_name(json_t *rec, long k)
{
	const char *op = str(rec, "op"), *name = str(rec, "name") ?: "";
	const char *set = str(rec, "field_set"), *cache = str(rec, "cache");
	char ks[24], *out;
	size_t len = 0;

	if (op) {
		/* the variants are series of their own: "sync-read [kvm] cold" */
		bool s = !sweep_set(set), c = cache && strcmp(cache, "hot");
		size_t l = strlen(op) + (s ? strlen(set) + 3 : 0) + (c ? strlen(cache) + 1 : 0) + 1;

		if ((out = malloc(l)))
			snprintf(out, l, "%s%s%s%s%s%s", op, s ? " [" : "", s ? set : "", s ? "]" : "",
				 c ? " " : "", c ? cache : "");
		return out;
	}
	snprintf(ks, sizeof(ks), "%ld", k);
	/* the result is never longer than the name */
	if (!(out = malloc(strlen(name) + 1)))
		return NULL;
	out[0] = 0;
	while (*name) {
		size_t l = strcspn(name, ".");

		if (l != strlen(ks) || strncmp(name, ks, l)) {
			if (len)
				out[len++] = '.';
			memcpy(out + len, name, l);
			out[len += l] = 0;
		}
		name += l + (name[l] == '.');
	}
	return out;
}

static int kseries_add(struct meas_kseries *s, long k, json_t *rec)
{
	size_t i;
	long *kv;
	json_t **rv;

	for (i = 0; i < s->n; i++)
		if (s->k[i] == k)
			return 0; /* a repeated K keeps the first record */
	kv = realloc(s->k, (s->n + 1) * sizeof(*s->k));
	if (!kv)
		return -ENOMEM;
	s->k = kv;
	rv = realloc(s->rec, (s->n + 1) * sizeof(*s->rec));
	if (!rv)
		return -ENOMEM;
	s->rec = rv;
	/* insertion keeps the points sorted by K */
	for (i = s->n; i > 0 && s->k[i - 1] > k; i--) {
		s->k[i] = s->k[i - 1];
		s->rec[i] = s->rec[i - 1];
	}
	s->k[i] = k;
	s->rec[i] = rec;
	s->n++;
	return 0;
}

int meas_ksets_build(json_t **recs, size_t n, struct meas_ksets *ks)
{
	memset(ks, 0, sizeof(*ks));
	for (size_t i = 0; i < n; i++) {
		json_t *kv = json_object_get(recs[i], "k");
		char *name;
		size_t s;

		if (!json_is_integer(kv))
			continue;
		if (!(name = series_name(recs[i], (long)json_integer_value(kv))))
			goto nomem;
		for (s = 0; s < ks->n && strcmp(ks->s[s].name, name); s++)
			;
		if (s == ks->n) {
			struct meas_kseries *v = realloc(ks->s, (ks->n + 1) * sizeof(*v));

			if (!v) {
				free(name);
				goto nomem;
			}
			ks->s = v;
			memset(&ks->s[ks->n], 0, sizeof(ks->s[0]));
			ks->s[ks->n].dflt = meas_default_variant(recs[i]);
			ks->s[ks->n++].name = name;
		} else {
			free(name);
		}
		if (kseries_add(&ks->s[s], (long)json_integer_value(kv), recs[i]))
			goto nomem;
	}
	return 0;
nomem:
	meas_ksets_free(ks);
	return -ENOMEM;
}

void meas_ksets_free(struct meas_ksets *ks)
{
	for (size_t i = 0; i < ks->n; i++) {
		free(ks->s[i].name);
		free(ks->s[i].k);
		free(ks->s[i].rec);
	}
	free(ks->s);
	memset(ks, 0, sizeof(*ks));
}

double meas_shadow_gain(const struct meas_pivot *p)
{
	int e = meas_pivot_col(p, "exiting"), s = meas_pivot_col(p, "shadowed");
	double sum = 0;
	unsigned n = 0;

	if (e < 0 || s < 0)
		return NAN;
	for (size_t r = 0; r < p->nrows; r++) {
		double de = meas_stat(meas_pivot_cell(p, r, e), "median");
		double ds = meas_stat(meas_pivot_cell(p, r, s), "median");

		if (p->row_default[r] && !isnan(de) && !isnan(ds)) {
			sum += de - ds;
			n++;
		}
	}
	return n ? sum / n : NAN;
}

double meas_shadow_ratio(const struct meas_pivot *p)
{
	int e = meas_pivot_col(p, "exiting"), s = meas_pivot_col(p, "shadowed");
	double se = 0, ss = 0;

	if (e < 0 || s < 0)
		return NAN;
	for (size_t r = 0; r < p->nrows; r++) {
		double de = meas_stat(meas_pivot_cell(p, r, e), "median");
		double ds = meas_stat(meas_pivot_cell(p, r, s), "median");

		if (p->row_default[r] && !isnan(de) && !isnan(ds)) {
			se += de;
			ss += ds;
		}
	}
	return ss > 0 ? se / ss : NAN;
}

double meas_breakeven(const struct meas_ksets *ks, long k, double gain)
{
	double sync = 0;
	size_t used = 0;

	if (!ks->n || isnan(gain) || gain <= 0)
		return NAN;
	for (size_t s = 0; s < ks->n; s++) {
		size_t i;

		if (!ks->s[s].dflt)
			continue;
		used++;

		for (i = 0; i < ks->s[s].n && ks->s[s].k[i] != k; i++)
			;
		if (i == ks->s[s].n)
			return NAN;
		sync += meas_stat(ks->s[s].rec[i], "median");
	}
	return used ? sync / gain : NAN;
}

int meas_wseries_build(json_t **recs, size_t n, struct meas_wseries *ws)
{
	memset(ws, 0, sizeof(*ws));
	/* at most n points: allocated once, so no fixed limit and no regrowth */
	ws->w = calloc(n + 1, sizeof(*ws->w));
	ws->rec = calloc(n + 1, sizeof(*ws->rec));
	if (!ws->w || !ws->rec) {
		meas_wseries_free(ws);
		return -ENOMEM;
	}
	for (size_t i = 0; i < n; i++) {
		json_t *wv = json_object_get(recs[i], "w");
		long w;
		size_t j;

		if (!json_is_integer(wv))
			continue;
		w = (long)json_integer_value(wv);
		for (j = 0; j < ws->n && ws->w[j] != w; j++)
			;
		if (j < ws->n)
			continue; /* a repeated W keeps the first record */
		/* insertion keeps the points sorted by W */
		for (j = ws->n; j > 0 && ws->w[j - 1] > w; j--) {
			ws->w[j] = ws->w[j - 1];
			ws->rec[j] = ws->rec[j - 1];
		}
		ws->w[j] = w;
		ws->rec[j] = recs[i];
		ws->n++;
	}
	return 0;
}

void meas_wseries_free(struct meas_wseries *ws)
{
	free(ws->w);
	free(ws->rec);
	memset(ws, 0, sizeof(*ws));
}

size_t meas_knee(const struct meas_wseries *ws)
{
	double base = NAN;
	size_t i;

	for (i = 0; i < ws->n && ws->w[i] != 1; i++)
		;
	if (i < ws->n)
		base = meas_stat(ws->rec[i], "median");
	/* a noise-level or negative W = 1 median gives no meaningful ratio */
	if (isnan(base) || base <= 0)
		return MEAS_KNEE_UNDEFINED;
	for (i = 0; i < ws->n; i++)
		if (ws->w[i] > 1 && meas_stat(ws->rec[i], "median") > MEAS_KNEE_FACTOR * base)
			return i;
	return MEAS_KNEE_NONE;
}
