/** @file
 * Report section "migrate", per model: the migration cost by topology
 * relation between A and B and by K (one row per operation and K, shadow
 * VMCS rows included; several pairs of one relation as their median and
 * range), the pairs measured, and the VM-exit round trip after migration
 * against staying put. Called by report_migrate.c; shares report_migrate_common.h.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lib/esc.h"
#include "lib/meas.h"
#include "lib/report.h"
#include "lib/report_migrate_common.h"

/* ---- cost by relation and K ---- */

/* Operations in table order; the label is what the report calls them. */
static const struct {
	const char *op, *label;
} OPS[] = {
	{ "vmclear", "VMCLEAR on A" },
	{ "vmptrld", "VMPTRLD on B" },
	{ "first_vmread", "VMPTRLD + first VMREAD on B (one window)" },
	{ "first_vmwrite", "VMPTRLD + first VMWRITE on B (one window)" },
	{ "shadow_vmclear", "shadow VMCS: VMCLEAR on A" },
	{ "shadow_vmptrld", "shadow VMCS: VMPTRLD on B" },
};
#define NOPS (sizeof(OPS) / sizeof(OPS[0]))

/* Relations from near to far (payload topology names); others follow in order of appearance. */
static const char *const RELATIONS[] = {
	"same-cpu", "smt-sibling", "same-module", "same-tile", "same-die",
	"same-die-group", "same-package", "other-package",
};
#define NRELATIONS (sizeof(RELATIONS) / sizeof(RELATIONS[0]))

static size_t rank_of(const char *s, const char *const *v, size_t n)
{
	for (size_t i = 0; s && i < n; i++)
		if (strcmp(s, v[i]) == 0)
			return i;
	return n;
}

static size_t op_rank(const char *op)
{
	for (size_t i = 0; op && i < NOPS; i++)
		if (strcmp(op, OPS[i].op) == 0)
			return i;
	return NOPS;
}

/* Not a cost-table row: round trips and working-set points have tables of their own. */
static bool cost_row(json_t *rec)
{
	const char *op = str(rec, "op");

	if (json_object_get(rec, "w"))
		return false;
	return !op || (strcmp(op, "roundtrip_migrated") && strcmp(op, "roundtrip_stay") &&
		       strcmp(op, "ws"));
}

static bool same_str(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

static bool same_k(json_t *a, json_t *b)
{
	return a == b || (a && b && json_equal(a, b));
}

/* A row: the first record having it (its op and k are the row's). */
struct row {
	json_t *rec;
	size_t order;    /* appearance */
	size_t op_first; /* appearance of the first row of its op: unknown ops keep their order */
};

/* Known ops in table order, unknown ones as they came; within an op numeric K ascending, then the rest. */
static int row_cmp(const void *pa, const void *pb)
{
	const struct row *a = pa, *b = pb;
	size_t ra = op_rank(str(a->rec, "op")), rb = op_rank(str(b->rec, "op"));
	json_t *ka = json_object_get(a->rec, "k"), *kb = json_object_get(b->rec, "k");

	if (ra != rb)
		return ra < rb ? -1 : 1;
	if (a->op_first != b->op_first)
		return a->op_first < b->op_first ? -1 : 1;
	if (json_is_integer(ka) != json_is_integer(kb))
		return json_is_integer(ka) ? -1 : 1;
	if (json_is_integer(ka) && json_integer_value(ka) != json_integer_value(kb))
		return json_integer_value(ka) < json_integer_value(kb) ? -1 : 1;
	return a->order < b->order ? -1 : a->order > b->order;
}

static int str_rank_cmp(const char *a, const char *b, size_t oa, size_t ob)
{
	size_t ra = rank_of(a, RELATIONS, NRELATIONS), rb = rank_of(b, RELATIONS, NRELATIONS);

	if (ra != rb)
		return ra < rb ? -1 : 1;
	return oa < ob ? -1 : oa > ob;
}

static int dbl_cmp(const void *pa, const void *pb)
{
	double a = *(const double *)pa, b = *(const double *)pb;

	return a < b ? -1 : a > b;
}

/*
 * One cell: the records of @p m matching (op, k, relation). One record: "median (p99)";
 * several pairs of one relation (migrate=all): the lower median of their medians and
 * their range. Empty when none.
 */
static void cost_cell(FILE *f, const struct mig *m, const char *op, json_t *k, const char *rel)
{
	size_t n = 0;
	json_t *one = NULL;
	char a[48], b[48], c[48];

	for (size_t i = 0; i < m->nmeas; i++) {
		json_t *rec = m->meas[i];
		double v = meas_stat(rec, "median");

		if (!cost_row(rec) || !same_str(str(rec, "op"), op) ||
		    !same_str(str(rec, "relation"), rel) || !same_k(json_object_get(rec, "k"), k) ||
		    isnan(v))
			continue;
		one = rec;
		m->scratch[n++] = v;
	}
	if (n == 0) {
		report_cell(f, "");
		return;
	}
	if (n == 1) {
		meas_fmt(meas_stat(one, "median"), a, sizeof(a));
		meas_fmt(meas_stat(one, "p99"), b, sizeof(b));
		report_cellf(f, "%s (%s)", a, b);
		return;
	}
	qsort(m->scratch, n, sizeof(*m->scratch), dbl_cmp);
	meas_fmt(m->scratch[(n - 1) / 2], a, sizeof(a));
	meas_fmt(m->scratch[0], b, sizeof(b));
	meas_fmt(m->scratch[n - 1], c, sizeof(c));
	report_cellf(f, "%s (%zu pairs, %s–%s)", a, n, b, c);
}

/* The relations of the records passing @p keep, near to far. @return how many (in @p out). */
static size_t relations(const struct mig *m, bool (*keep)(json_t *), const char **out)
{
	size_t n = 0;

	/* out has room for nmeas + 1 entries: every record could bring its own */
	for (size_t i = 0; i < m->nmeas; i++) {
		const char *rel = str(m->meas[i], "relation");
		size_t j;

		if (!keep(m->meas[i]) || isnan(meas_stat(m->meas[i], "median")))
			continue;
		for (j = 0; j < n && !same_str(out[j], rel); j++)
			;
		if (j < n)
			continue;
		/* insertion by rank keeps the order stable among unknown relations */
		for (j = n; j > 0 && str_rank_cmp(out[j - 1], rel, j - 1, n) > 0; j--)
			out[j] = out[j - 1];
		out[j] = rel;
		n++;
	}
	return n;
}

static void rel_header(FILE *f, const char *rel)
{
	report_cell(f, rel ? rel : "(no relation)");
}

/* "VMCLEAR on A, K = 16" as one escaped cell. */
static void row_label(FILE *f, json_t *rec)
{
	const char *op = str(rec, "op");
	size_t r = op_rank(op);
	json_t *k = json_object_get(rec, "k");

	fputc(' ', f);
	if (r < NOPS)
		fputs(OPS[r].label, f);
	else
		esc_md(f, op ? op : str(rec, "name") ?: "-", false);
	if (k) {
		fputs(", K = ", f);
		mig_member_md(f, rec, "k");
		if (json_is_integer(k) && json_is_true(json_object_get(rec, "all")))
			fputs(" (all writable)", f);
	}
	fputs(" |", f);
}

static bool is_migrated(json_t *rec)
{
	return same_str(str(rec, "op"), "roundtrip_migrated");
}

static void pairs_line(FILE *f, const struct mig *m)
{
	size_t shown = 0;

	for (size_t i = 0; i < m->nmeas; i++) {
		json_t *a = m->meas[i];
		size_t j;

		/* the pairs of the tables above (staying put is no pair) */
		if (!json_object_get(a, "from") || !json_object_get(a, "to") ||
		    (!cost_row(a) && !is_migrated(a)))
			continue;
		/* each (relation, from, to) once */
		for (j = 0; j < i; j++) {
			json_t *b = m->meas[j];

			if (json_object_get(b, "from") && json_object_get(b, "to") &&
			    same_str(str(a, "relation"), str(b, "relation")) &&
			    same_k(json_object_get(a, "from"), json_object_get(b, "from")) &&
			    same_k(json_object_get(a, "to"), json_object_get(b, "to")))
				break;
		}
		if (j < i)
			continue;
		fputs(shown++ ? "; " : "\nPairs measured (CPU index from → to): ", f);
		esc_md(f, str(a, "relation") ?: "(no relation)", false);
		fputc(' ', f);
		mig_member_md(f, a, "from");
		fputs(" → ", f);
		mig_member_md(f, a, "to");
	}
	if (shown)
		fputs(".\n", f);
}

void mig_cost_table(FILE *f, const struct report_ctx *c, const struct mig *m)
{
	struct row *rows = calloc(m->nmeas + 1, sizeof(*rows));
	const char **rels = calloc(m->nmeas + 1, sizeof(*rels));
	size_t nrows = 0, nrels;

	if (!rows || !rels) {
		report_nomem(f, c);
		goto out;
	}
	for (size_t i = 0; i < m->nmeas; i++) {
		json_t *rec = m->meas[i];
		size_t j;

		if (!cost_row(rec) || isnan(meas_stat(rec, "median")))
			continue;
		for (j = 0; j < nrows; j++)
			if (same_str(str(rows[j].rec, "op"), str(rec, "op")) &&
			    same_k(json_object_get(rows[j].rec, "k"), json_object_get(rec, "k")))
				break;
		if (j < nrows)
			continue;
		rows[nrows] = (struct row){ rec, i, i };
		for (j = 0; j < nrows; j++)
			if (same_str(str(rows[j].rec, "op"), str(rec, "op"))) {
				rows[nrows].op_first = rows[j].op_first;
				break;
			}
		nrows++;
	}
	nrels = relations(m, cost_row, rels);
	if (!nrows)
		goto out;
	qsort(rows, nrows, sizeof(*rows), row_cmp);
	fprintf(f, "\nMigration cost by relation between A and B, median (p99) TSC ticks per "
		   "operation, each taken on the CPU that executes it%s:\n\n| Operation |",
		mig_emu_caption(m));
	for (size_t r = 0; r < nrels; r++)
		rel_header(f, rels[r]);
	fprintf(f, "\n|---|");
	for (size_t r = 0; r < nrels; r++)
		fprintf(f, "---:|");
	fputc('\n', f);
	for (size_t j = 0; j < nrows; j++) {
		fputc('|', f);
		row_label(f, rows[j].rec);
		for (size_t r = 0; r < nrels; r++)
			cost_cell(f, m, str(rows[j].rec, "op"), json_object_get(rows[j].rec, "k"),
				  rels[r]);
		fputc('\n', f);
	}
	pairs_line(f, m);
out:
	free(rows);
	free(rels);
}

/* ---- migration against staying put ---- */

/* Lower median of the medians of @p op records of relation @p rel (any relation: @p any). */
static double median_of(const struct mig *m, const char *op, const char *rel, bool any,
			size_t *count)
{
	size_t n = 0;

	for (size_t i = 0; i < m->nmeas; i++) {
		double v = meas_stat(m->meas[i], "median");

		if (same_str(str(m->meas[i], "op"), op) && !isnan(v) &&
		    (any || same_str(str(m->meas[i], "relation"), rel)))
			m->scratch[n++] = v;
	}
	*count = n;
	if (!n)
		return NAN;
	qsort(m->scratch, n, sizeof(*m->scratch), dbl_cmp);
	return m->scratch[(n - 1) / 2];
}

void mig_roundtrip_table(FILE *f, const struct report_ctx *c, const struct mig *m)
{
	const char **rels = calloc(m->nmeas + 1, sizeof(*rels));
	size_t nrels, nstay;
	bool pooled = false;
	double any_stay;

	if (!rels) {
		report_nomem(f, c);
		return;
	}
	nrels = relations(m, is_migrated, rels);
	any_stay = median_of(m, "roundtrip_stay", NULL, true, &nstay);
	if (nrels) {
		fprintf(f, "\nThe price of migration per nested exit: VMLAUNCH → VM exit round trip "
			   "on B after migration against the VMRESUME round trip on a CPU that never "
			   "gave the VMCS up, median TSC ticks%s:\n\n"
			   "| Relation | after migration | staying put | migration − staying put |\n"
			   "|---|---:|---:|---:|\n", mig_emu_caption(m));
		for (size_t r = 0; r < nrels; r++) {
			size_t n, ns;
			double mig = median_of(m, "roundtrip_migrated", rels[r], false, &n);
			double stay = median_of(m, "roundtrip_stay", rels[r], false, &ns);

			/* staying put has no relation of its own when measured once, on one CPU */
			if (!ns && nstay) {
				stay = any_stay;
				pooled = true;
			}
			fputc('|', f);
			rel_header(f, rels[r]);
			mig_num_cell(f, mig);
			mig_num_cell(f, stay);
			mig_num_cell(f, mig - stay);
			fputc('\n', f);
		}
		if (pooled && nstay == 1)
			fprintf(f, "\nStaying put: the one VMRESUME round trip measured (its "
				   "relation is not the row's).\n");
		else if (pooled)
			fprintf(f, "\nWhere no staying-put round trip has the row's relation, the "
				   "column holds the median of all %zu staying-put measurements.\n",
				nstay);
	} else if (nstay) {
		char b[48];

		meas_fmt(any_stay, b, sizeof(b));
		fprintf(f, "\nVMRESUME round trip staying put: %s TSC ticks%s; no round trip after "
			   "migration was measured.\n", b, mig_emu_caption(m));
	}
	free(rels);
}

/* ---- the first access after migration, derived ---- */

static bool is_first_access(json_t *rec)
{
	const char *op = str(rec, "op");

	return op && (!strcmp(op, "first_vmread") || !strcmp(op, "first_vmwrite"));
}

/*
 * The payload times VMPTRLD and the first access in one window (the first
 * access cannot be repeated N and 2N times without a VMPTRLD between): the
 * access alone is the difference of the two medians, same pair, same
 * preparation. Said as derived, never as a distribution of its own.
 */
void mig_first_access(FILE *f, const struct report_ctx *c, const struct mig *m)
{
	const char **rels = calloc(m->nmeas + 1, sizeof(*rels));
	size_t nrels, n;

	if (!rels) {
		report_nomem(f, c);
		return;
	}
	nrels = relations(m, is_first_access, rels);
	if (nrels)
		fprintf(f, "\nThe first VMREAD / VMWRITE on B after migration, derived: the median "
			   "of the one window (VMPTRLD + first access) minus the median of VMPTRLD "
			   "alone, same pair and preparation (a difference of medians, not a "
			   "distribution of its own)%s:\n\n| Relation | first VMREAD | first VMWRITE |\n"
			   "|---|---:|---:|\n", mig_emu_caption(m));
	for (size_t r = 0; r < nrels; r++) {
		double ld = median_of(m, "vmptrld", rels[r], false, &n);

		fputc('|', f);
		rel_header(f, rels[r]);
		mig_num_cell(f, median_of(m, "first_vmread", rels[r], false, &n) - ld);
		mig_num_cell(f, median_of(m, "first_vmwrite", rels[r], false, &n) - ld);
		fputc('\n', f);
	}
	free(rels);
}
