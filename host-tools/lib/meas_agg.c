/** @file
 * Figures across boots (meas_agg.h).
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lib/meas_agg.h"

struct vals {
	double *v;
	size_t n, cap;
};

struct meas_agg_fig {
	char *name;
	struct vals tsc, cyc;
	unsigned last_boot; /**< the boot that last added to it: a repeated name counts once */
};

static int vals_add(struct vals *s, double x)
{
	if (isnan(x))
		return 0;
	if (s->n == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 4;
		double *v = realloc(s->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		s->v = v;
		s->cap = cap;
	}
	s->v[s->n++] = x;
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Lower median and range of @p s (sorted copy); NaN when empty. */
static int vals_summary(const struct vals *s, double *med, double *lo, double *hi)
{
	double *c;

	*med = *lo = *hi = NAN;
	if (!s->n)
		return 0;
	if (!(c = malloc(s->n * sizeof(*c))))
		return -ENOMEM;
	memcpy(c, s->v, s->n * sizeof(*c));
	qsort(c, s->n, sizeof(*c), cmp_double);
	*med = c[(s->n - 1) / 2];
	*lo = c[0];
	*hi = c[s->n - 1];
	free(c);
	return 0;
}

static double num(json_t *rec, const char *key)
{
	json_t *v = json_object_get(rec, key);

	return json_is_number(v) ? json_number_value(v) : NAN;
}

void meas_agg_init(struct meas_agg *a)
{
	memset(a, 0, sizeof(*a));
}

/* The figure named @p name, created when new; NULL when memory ran out. */
static struct meas_agg_fig *fig_of(struct meas_agg *a, const char *name)
{
	json_t *at;
	struct meas_agg_fig *f;

	if (!a->index && !(a->index = json_object()))
		return NULL;
	if ((at = json_object_get(a->index, name)))
		return &a->f[json_integer_value(at)];
	if (a->n == a->cap) {
		size_t cap = a->cap ? 2 * a->cap : 16;

		if (!(f = realloc(a->f, cap * sizeof(*f))))
			return NULL;
		a->f = f;
		a->cap = cap;
	}
	f = memset(&a->f[a->n], 0, sizeof(*f));
	if (!(f->name = strdup(name)) ||
	    json_object_set_new(a->index, name, json_integer((json_int_t)a->n))) {
		free(f->name);
		return NULL;
	}
	a->n++;
	return f;
}

int meas_agg_add(struct meas_agg *a, json_t **recs, size_t n)
{
	a->boots++;
	for (size_t i = 0; i < n; i++) {
		const char *name = json_string_value(json_object_get(recs[i], "name"));
		struct meas_agg_fig *f;

		if (!name)
			continue;
		if (!(f = fig_of(a, name)))
			return -ENOMEM;
		if (f->last_boot == a->boots)
			continue;
		f->last_boot = a->boots;
		if (vals_add(&f->tsc, num(recs[i], "median")) ||
		    vals_add(&f->cyc, num(recs[i], "cycles_median")))
			return -ENOMEM;
	}
	return 0;
}

int meas_agg_row(const struct meas_agg *a, size_t i, struct meas_agg_row *out)
{
	const struct meas_agg_fig *f = &a->f[i];

	out->name = f->name;
	out->boots = f->tsc.n;
	out->cyc_boots = f->cyc.n;
	if (vals_summary(&f->tsc, &out->median, &out->lo, &out->hi) ||
	    vals_summary(&f->cyc, &out->cyc_median, &out->cyc_lo, &out->cyc_hi))
		return -ENOMEM;
	return 0;
}

void meas_agg_free(struct meas_agg *a)
{
	for (size_t i = 0; i < a->n; i++) {
		free(a->f[i].name);
		free(a->f[i].tsc.v);
		free(a->f[i].cyc.v);
	}
	free(a->f);
	json_decref(a->index);
	memset(a, 0, sizeof(*a));
}
