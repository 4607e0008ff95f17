/** @file
 * Conformance matrix construction (see casematrix.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lib/casematrix.h"
#include "suites/verdict.h"

static const char *str(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

static bool is_case(json_t *rec)
{
	const char *t = str(rec, "type");

	return t && strcmp(t, "case") == 0 && str(rec, "id");
}

static bool has_cases(const struct stored_run *r, const void *arg)
{
	(void)arg;
	return run_has(r, "case", NULL);
}

enum cm_verdict casematrix_verdict(json_t *rec)
{
	const char *v = str(rec, "verdict");

	if (!rec)
		return CM_NONE;
	/* the words are the payload's (suites/verdict.h), read from the one list */
	switch (verdict_parse(v)) {
	case VERDICT_PASS: return CM_PASS;
	case VERDICT_DEVIATION: return CM_DEVIATION;
	case VERDICT_SKIP: return CM_SKIP;
	default: return CM_OTHER;
	}
}

static const char *suite_of(json_t *rec)
{
	return str(rec, "suite") ?: "";
}

/* Index of the row (suite, id) among the first @p n, or n. */
static size_t find_row(const struct cm_row *rows, size_t n, const char *suite, const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(rows[i].id, id) == 0 && strcmp(rows[i].suite, suite) == 0)
			return i;
	return n;
}

struct order {
	size_t group, pos; /* group's first appearance, row's own appearance */
};

static int cmp_order(const void *a, const void *b)
{
	const struct order *x = a, *y = b;

	if (x->group != y->group)
		return x->group < y->group ? -1 : 1;
	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

/* Rows of one group adjacent, groups (and rows within them) in order of first appearance. */
static int group_rows(struct casematrix *m)
{
	struct order *o = calloc(m->nrows + 1, sizeof(*o));
	struct cm_row *sorted = calloc(m->nrows + 1, sizeof(*sorted));

	if (!o || !sorted) {
		free(o);
		free(sorted);
		return -ENOMEM;
	}
	for (size_t i = 0; i < m->nrows; i++) {
		o[i].pos = i;
		o[i].group = i;
		for (size_t k = 0; k < i; k++)
			if (strcmp(m->rows[k].group, m->rows[i].group) == 0) {
				o[i].group = o[k].group;
				break;
			}
	}
	qsort(o, m->nrows, sizeof(*o), cmp_order);
	for (size_t i = 0; i < m->nrows; i++)
		sorted[i] = m->rows[o[i].pos];
	free(m->rows);
	m->rows = sorted;
	free(o);
	return 0;
}

/* Not cut to a fixed size: a cut group would merge groups that differ past it. */
static int set_group(struct cm_row *row)
{
	size_t l = strcspn(row->id, "."), sz = strlen(row->suite) + l + 4;

	if (!(row->group = malloc(sz)))
		return -ENOMEM;
	snprintf(row->group, sz, "%s%s%.*s", row->suite, *row->suite ? " / " : "", (int)l,
		 row->id);
	return 0;
}

/* is_case records of this suite_of, from the index */
static bool has_suite_cases(const struct stored_run *r, const char *suite)
{
	return run_has_id(r, "case", suite);
}

/* For each column and suite, the model's latest run with cases of that suite. */
static int pick_sources(const struct runset *rs, struct casematrix *m)
{
	const char *suite;

	m->suites = calloc(64, sizeof(*m->suites));
	if (!m->suites)
		return -ENOMEM;
	/* suites of is_case records, from the indexes */
	for (size_t r = 0; r < rs->n; r++)
		for (void *it = NULL; (suite = run_suite_next(&rs->v[r], "case", true, &it));) {
			size_t k;

			for (k = 0; k < m->nsuites && strcmp(m->suites[k], suite); k++)
				;
			if (k == m->nsuites && k < 64)
				m->suites[m->nsuites++] = suite;
		}
	m->src = calloc(m->ncols * m->nsuites + 1, sizeof(*m->src));
	if (!m->src)
		return -ENOMEM;
	for (size_t c = 0; c < m->ncols; c++) {
		unsigned runs = 0, used = 0;

		for (size_t r = 0; r < rs->n; r++) {
			const struct stored_run *run = &rs->v[r];

			if (!run_same_column(run, m->cols[c].r))
				continue;
			runs += run_has(run, "case", NULL);
			for (size_t s = 0; s < m->nsuites; s++) {
				const struct stored_run **src = &m->src[c * m->nsuites + s];

				if (has_suite_cases(run, m->suites[s]) && (!*src || run_newer(run, *src)))
					*src = run;
			}
		}
		/* runs that fill cells: distinct sources */
		for (size_t s = 0; s < m->nsuites; s++) {
			bool seen = false;

			for (size_t t = 0; t < s; t++)
				seen |= casematrix_src(m, c, t) == casematrix_src(m, c, s);
			used += casematrix_src(m, c, s) && !seen;
		}
		m->count[c].unused = runs - used;
	}
	return 0;
}

int casematrix_build(const struct runset *rs, struct casematrix *m)
{
	size_t cap = 0, i;
	json_t *rec;

	memset(m, 0, sizeof(*m));
	m->cols = calloc(rs->n + 1, sizeof(*m->cols));
	if (!m->cols)
		return -ENOMEM;
	m->ncols = runset_pick(rs, has_cases, NULL, m->cols, rs->n);
	m->count = calloc(m->ncols + 1, sizeof(*m->count));
	if (!m->count || pick_sources(rs, m))
		goto nomem;
	/* the sources stay open while the matrix points into their records */
	for (size_t k = 0; k < m->ncols * m->nsuites; k++)
		if (m->src[k])
			run_open(m->src[k]);
	m->opened = true;
	/* Rows: the union of (suite, id) over the sources, in order of first appearance. */
	for (size_t c = 0; c < m->ncols; c++)
		for (size_t s = 0; s < m->nsuites; s++) {
			const struct stored_run *src = casematrix_src(m, c, s);

			if (!src)
				continue;
			json_array_foreach(src->records, i, rec) {
				if (!is_case(rec) || strcmp(suite_of(rec), m->suites[s]) ||
				    find_row(m->rows, m->nrows, suite_of(rec), str(rec, "id")) < m->nrows)
					continue;
				if (m->nrows == cap) {
					struct cm_row *n;

					cap = cap ? 2 * cap : 256;
					n = realloc(m->rows, cap * sizeof(*n));
					if (!n)
						goto nomem;
					m->rows = n;
				}
				m->rows[m->nrows] = (struct cm_row){ suite_of(rec), str(rec, "id"),
								     str(rec, "sdm") ?: "",
								     str(rec, "desc") ?: "", NULL };
				if (set_group(&m->rows[m->nrows]))
					goto nomem;
				m->nrows++;
			}
		}
	if (m->nrows && group_rows(m))
		goto nomem;
	m->cell = calloc(m->nrows * m->ncols + 1, sizeof(*m->cell));
	if (!m->cell)
		goto nomem;
	for (size_t c = 0; c < m->ncols; c++) {
		struct cm_count *k = &m->count[c];

		k->summary_cases = -1;
		for (size_t s = 0; s < m->nsuites; s++) {
			const struct stored_run *src = casematrix_src(m, c, s);
			char stype[96];

			if (!src)
				continue;
			/* the suite's own count (entry_summary "cases"), to cross-check */
			snprintf(stype, sizeof(stype), "%s_summary", m->suites[s]);
			json_array_foreach(src->records, i, rec) {
				const char *t = str(rec, "type");
				size_t r;

				if (t && !strcmp(t, stype) &&
				    json_is_integer(json_object_get(rec, "cases"))) {
					if (k->summary_cases < 0)
						k->summary_cases = 0;
					k->summary_cases += json_integer_value(json_object_get(rec, "cases"));
				}
				if (!is_case(rec) || strcmp(suite_of(rec), m->suites[s]))
					continue;
				r = find_row(m->rows, m->nrows, suite_of(rec), str(rec, "id"));
				if (m->cell[r * m->ncols + c]) {
					k->dups++;
					continue;
				}
				m->cell[r * m->ncols + c] = rec;
				k->run++;
				switch (casematrix_verdict(rec)) {
				case CM_PASS: k->pass++; break;
				case CM_DEVIATION: k->dev++; break;
				case CM_SKIP: k->skip++; break;
				default: k->other++; break;
				}
			}
		}
		k->missing = m->nrows - k->run;
	}
	return 0;
nomem:
	casematrix_free(m);
	return -ENOMEM;
}

void casematrix_free(struct casematrix *m)
{
	for (size_t k = 0; m->opened && k < m->ncols * m->nsuites; k++)
		if (m->src[k])
			run_close(m->src[k]);
	free(m->cols);
	free(m->suites);
	free(m->src);
	for (size_t i = 0; m->rows && i < m->nrows; i++)
		free(m->rows[i].group);
	free(m->rows);
	free(m->cell);
	free(m->count);
	memset(m, 0, sizeof(*m));
}

bool casematrix_row_differs(const struct casematrix *m, size_t row)
{
	enum cm_verdict first = CM_NONE;

	for (size_t c = 0; c < m->ncols; c++) {
		enum cm_verdict v = casematrix_verdict(casematrix_cell(m, row, c));

		if (v == CM_NONE || m->count[c].skip == m->count[c].run)
			continue;
		if (first == CM_NONE)
			first = v;
		else if (v != first)
			return true;
	}
	return false;
}
