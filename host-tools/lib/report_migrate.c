/** @file
 * Report section "migrate": moving a VMCS between logical processors (VMCLEAR
 * on the old one, VMPTRLD on the new one, SDM §24.11.1), per CPU model: the
 * processors and topology the run found (`smp`, `cpu` records), the cost by
 * topology relation and K, the VM-exit round trip after migration against
 * staying put, shadow VMCS rows, the on-chip VMCS working set and its knee,
 * the integrity/protocol cases; then the working set and the observations
 * (what the SDM leaves undefined) side by side across models.
 *
 * Members read (all optional, record text untrusted): meas `op`, `relation`,
 * `from`, `to`, `k` (integer or text such as "all"), `w`, the statistics;
 * case `id`, `sdm`, `desc`, `expected`, `observed`, `verdict`, `reason`;
 * migrate_observation `what`, `observed`. Keys are compared whole and point
 * into the loaded records: no fixed buffer is sized by a record.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lib/chart.h"
#include "lib/esc.h"
#include "lib/meas.h"
#include "lib/report.h"

#define SUITE "migrate"

static const char *str(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

static bool is_type(json_t *rec, const char *type)
{
	const char *t = str(rec, "type");

	return t && strcmp(t, type) == 0;
}

/* The suite's own records, or its suite/suite_end markers (a skipped suite has only those). */
static bool migrate_record(json_t *rec)
{
	const char *s = str(rec, "suite"), *n = str(rec, "name");

	if (is_type(rec, "suite") || is_type(rec, "suite_end"))
		return n && strcmp(n, SUITE) == 0;
	return s && strcmp(s, SUITE) == 0 && (is_type(rec, "meas") || is_type(rec, "case"));
}

static bool has_migrate(const struct stored_run *r, const void *arg)
{
	size_t i;
	json_t *rec;

	(void)arg;
	json_array_foreach(r->records, i, rec)
		if (migrate_record(rec))
			return true;
	return false;
}

static bool has_observation(const struct stored_run *r, const void *arg)
{
	(void)arg;
	return run_has(r, "migrate_observation", NULL);
}

/* What one run holds for this section; the arrays point into its records. */
struct mig {
	const struct stored_run *r;
	json_t **meas, **cases, **cpus;
	size_t nmeas, ncases, ncpus;
	json_t *smp, *suite_end;
	double *scratch; /* nmeas + 1 values: medians of several pairs */
	bool emulated;
};

static void mig_free(struct mig *m)
{
	free(m->meas);
	free(m->cases);
	free(m->cpus);
	free(m->scratch);
	memset(m, 0, sizeof(*m));
}

/* @return 0, or -1 when memory ran out (@p m then empty). */
static int mig_load(const struct stored_run *r, struct mig *m)
{
	size_t n = json_array_size(r->records), i;
	json_t *rec;

	memset(m, 0, sizeof(*m));
	m->r = r;
	m->meas = calloc(n + 1, sizeof(*m->meas));
	m->cases = calloc(n + 1, sizeof(*m->cases));
	m->cpus = calloc(n + 1, sizeof(*m->cpus));
	m->scratch = calloc(n + 1, sizeof(*m->scratch));
	if (!m->meas || !m->cases || !m->cpus || !m->scratch) {
		mig_free(m);
		return -1;
	}
	json_array_foreach(r->records, i, rec) {
		if (is_type(rec, "smp") && !m->smp)
			m->smp = rec;
		else if (is_type(rec, "cpu"))
			m->cpus[m->ncpus++] = rec;
		else if (!migrate_record(rec))
			continue;
		else if (is_type(rec, "meas"))
			m->meas[m->nmeas++] = rec;
		else if (is_type(rec, "case"))
			m->cases[m->ncases++] = rec;
		else if (is_type(rec, "suite_end"))
			m->suite_end = rec;
	}
	m->emulated = meas_emulated(r, m->meas, m->nmeas);
	return 0;
}

static bool is_bochs(const struct stored_run *r)
{
	const char *emu = run_emulator(r);

	return emu && strncmp(emu, "bochs", 5) == 0;
}

static const char BOCHS_NOTE[] =
	"Bochs keeps VMCS data in guest memory, so it shows no working-set knee and none of "
	"the §24.11.1 hazards: its numbers say what the emulator does, not what a processor "
	"caches.";

/* A number cell, "-" when absent. */
static void num_cell(FILE *f, double v)
{
	char b[48];

	meas_fmt(v, b, sizeof(b));
	report_cell(f, b);
}

/* A member that may be a number or text, as Markdown text ("-" when absent). */
static void member_md(FILE *f, json_t *rec, const char *key)
{
	json_t *v = json_object_get(rec, key);

	if (json_is_string(v))
		esc_md(f, json_string_value(v), false);
	else if (json_is_integer(v))
		fprintf(f, "%lld", json_integer_value(v));
	else if (json_is_boolean(v))
		fputs(json_is_true(v) ? "true" : "false", f);
	else
		fputs("-", f);
}

/* ---- processors and topology ---- */

static void processors(FILE *f, const struct mig *m)
{
	json_t *s = m->smp;

	if (!s) {
		fprintf(f, "\nProcessors: no `smp` record (a payload older than SMP support).\n");
		return;
	}
	fprintf(f, "\nProcessors: **");
	member_md(f, s, "online");
	fprintf(f, " online**");
	if (str(s, "why")) {
		fputs(" (no MADT: ", f);
		esc_md(f, str(s, "why"), false);
		fputs(")", f);
	} else {
		fputs(" (the MADT, via the ", f);
		esc_md(f, str(s, "madt") ?: "-", false);
		fputs(", lists ", f);
		member_md(f, s, "listed");
		fputs("; APs started: ", f);
		member_md(f, s, "started");
		fputs("; skipped: ", f);
		member_md(f, s, "skipped_disabled");
		fputs(" disabled, ", f);
		member_md(f, s, "skipped_duplicate");
		fputs(" duplicate, ", f);
		member_md(f, s, "over_max");
		fputs(" over the maximum)", f);
	}
	if (json_is_false(json_object_get(s, "start")))
		fputs(", APs not started (smp=off)", f);
	fputs("; topology from ", f);
	esc_md(f, str(s, "topology") ?: "-", false);
	fputs(" (APIC id shifts: SMT ", f);
	member_md(f, s, "smt_shift");
	fputs(", core ", f);
	member_md(f, s, "core_shift");
	fputs(", package ", f);
	member_md(f, s, "package_shift");
	fputs(").\n", f);
	if (str(s, "warning") || str(s, "topology_warning")) {
		fputs("\nWarning: ", f);
		esc_md(f, str(s, "warning") ?: str(s, "topology_warning"), false);
		if (str(s, "warning") && str(s, "topology_warning")) {
			fputs("; ", f);
			esc_md(f, str(s, "topology_warning"), false);
		}
		fputs(".\n", f);
	}
	if (!m->ncpus)
		return;
	/* many processors fold: the cost tables below matter more */
	if (m->ncpus > 8)
		fprintf(f, "\n<details><summary>%zu processors</summary>\n", m->ncpus);
	fprintf(f, "\n| CPU index | APIC id | Relation to the boot CPU | Package | Core | SMT | "
		   "Started | Notes |\n|---:|---:|---|---:|---:|---:|---|---|\n");
	for (size_t i = 0; i < m->ncpus; i++) {
		json_t *c = m->cpus[i];
		bool started = json_is_true(json_object_get(c, "started"));
		const char *chk = str(c, "topology_check");

		fputs("| ", f);
		member_md(f, c, "index");
		fputs(" | ", f);
		member_md(f, c, "apic_id");
		fputs(" |", f);
		report_cell(f, str(c, "relation") ?: "-");
		fputc(' ', f);
		member_md(f, c, "package");
		fputs(" | ", f);
		member_md(f, c, "core");
		fputs(" | ", f);
		member_md(f, c, "smt");
		fputs(" | ", f);
		if (started) {
			fputs("yes", f);
		} else {
			fputs("no: ", f);
			esc_md(f, str(c, "why") ?: "(no reason)", false);
		}
		fputs(" | ", f);
		if (json_is_true(json_object_get(c, "x2apic")))
			fputs("x2APIC; ", f);
		if (json_object_get(c, "reads_apic_id")) {
			fputs("its APIC reads id ", f);
			member_md(f, c, "reads_apic_id");
			fputs("; ", f);
		}
		if (chk) {
			fputs("topology check: ", f);
			esc_md(f, chk, false);
			fputs("; ", f);
		}
		if (json_is_true(json_object_get(c, "topology_differs")))
			fputs("its CPUID topology differs from the boot CPU's; ", f);
		fputs("|\n", f);
	}
	if (m->ncpus > 8)
		fprintf(f, "\n</details>\n");
}

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
		member_md(f, rec, "k");
		if (json_is_integer(k) && json_is_true(json_object_get(rec, "all")))
			fputs(" (all writable)", f);
	}
	fputs(" |", f);
}

static const char *emu_caption(const struct mig *m)
{
	if (!m->emulated)
		return "";
	return is_bochs(m->r) ? " — **emulated** (Bochs: instruction counts, not latencies)" :
				" — **emulated**";
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
		member_md(f, a, "from");
		fputs(" → ", f);
		member_md(f, a, "to");
	}
	if (shown)
		fputs(".\n", f);
}

static void cost_table(FILE *f, const struct report_ctx *c, const struct mig *m)
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
		emu_caption(m));
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

static void roundtrip_table(FILE *f, const struct report_ctx *c, const struct mig *m)
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
			   "|---|---:|---:|---:|\n", emu_caption(m));
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
			num_cell(f, mig);
			num_cell(f, stay);
			num_cell(f, mig - stay);
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
			   "migration was measured.\n", b, emu_caption(m));
	}
	free(rels);
}

/* ---- working set ---- */

static void knee_text(FILE *f, const struct meas_wseries *ws, size_t knee, bool bochs)
{
	if (knee == MEAS_KNEE_UNDEFINED)
		fputs("undefined (no positive median at W = 1)", f);
	else if (knee == MEAS_KNEE_NONE)
		fprintf(f, "no knee%s", bochs ? " (Bochs: VMCS data in guest memory)" : "");
	else
		fprintf(f, "**W = %ld**", ws->w[knee]);
}

static void ws_model(FILE *f, const struct report_ctx *c, const struct mig *m)
{
	struct meas_wseries ws;
	size_t knee;
	double base = NAN;

	if (meas_wseries_build(m->meas, m->nmeas, &ws)) {
		report_nomem(f, c);
		return;
	}
	if (!ws.n)
		goto out;
	knee = meas_knee(&ws);
	for (size_t i = 0; i < ws.n; i++)
		if (ws.w[i] == 1)
			base = meas_stat(ws.rec[i], "median");
	fprintf(f, "\nVMCS working set (VMPTRLD + VMREAD round-robin over W VMCSs on one CPU), "
		   "W = %ld … %ld%s; knee (first W whose median exceeds %.1f × the W = 1 median): ",
		ws.w[0], ws.w[ws.n - 1], emu_caption(m), MEAS_KNEE_FACTOR);
	knee_text(f, &ws, knee, is_bochs(m->r));
	fprintf(f, ".\n\n<details><summary>Median against W (%zu values)</summary>\n\n"
		   "| W | Median | p99 | × W = 1 |\n|---:|---:|---:|---:|\n", ws.n);
	for (size_t i = 0; i < ws.n; i++) {
		double v = meas_stat(ws.rec[i], "median");

		fprintf(f, "| %ld%s |", ws.w[i], knee == i ? " (knee)" : "");
		num_cell(f, v);
		num_cell(f, meas_stat(ws.rec[i], "p99"));
		num_cell(f, base > 0 ? v / base : NAN);
		fputc('\n', f);
	}
	fprintf(f, "\n</details>\n");
out:
	meas_wseries_free(&ws);
}

/* ---- integrity and protocol cases ---- */

static void cases(FILE *f, const struct mig *m)
{
	unsigned pass = 0, dev = 0, skip = 0, other = 0;

	if (!m->ncases)
		return;
	for (size_t i = 0; i < m->ncases; i++) {
		const char *v = str(m->cases[i], "verdict") ?: "";

		if (!strcmp(v, "PASS"))
			pass++;
		else if (!strcmp(v, "DEVIATION"))
			dev++;
		else if (!strcmp(v, "SKIP"))
			skip++;
		else
			other++;
	}
	fprintf(f, "\nIntegrity and protocol: %zu case%s, %u PASS, ", m->ncases,
		m->ncases == 1 ? "" : "s", pass);
	fprintf(f, dev ? "**%u DEVIATION**" : "%u DEVIATION", dev);
	fprintf(f, ", %u SKIP", skip);
	if (other)
		fprintf(f, ", %u with another verdict", other);
	fprintf(f, " (every case also in the conformance matrix).\n");
	for (size_t i = 0; i < m->ncases; i++) {
		json_t *cr = m->cases[i];
		const char *v = str(cr, "verdict") ?: "";

		if (!strcmp(v, "PASS"))
			continue;
		fputs("\n- ", f);
		if (!strcmp(v, "DEVIATION"))
			fputs("**DEVIATION**", f);
		else
			esc_md(f, *v ? v : "(no verdict)", false);
		fputs(" `", f);
		esc_md(f, str(cr, "id") ?: "-", true);
		fputs("`", f);
		if (str(cr, "sdm")) {
			fputs(" (SDM ", f);
			esc_md(f, str(cr, "sdm"), false);
			fputs(")", f);
		}
		if (str(cr, "desc")) {
			fputs(": ", f);
			esc_md(f, str(cr, "desc"), false);
		}
		if (!strcmp(v, "DEVIATION") || str(cr, "observed")) {
			fputs("; expected ", f);
			member_md(f, cr, "expected");
			fputs(", observed ", f);
			member_md(f, cr, "observed");
		}
		if (str(cr, "reason")) {
			fputs("; ", f);
			esc_md(f, str(cr, "reason"), false);
		}
	}
	fputc('\n', f);
}

/* ---- per model ---- */

static long online(const struct mig *m)
{
	json_t *v = json_object_get(m->smp, "online");

	return json_is_integer(v) ? (long)json_integer_value(v) : -1;
}

static void model(FILE *f, const struct report_ctx *c, const struct run_pick *pick)
{
	struct mig m;
	char label[128], note[160];
	const char *why, *status;

	if (mig_load(pick->r, &m)) {
		report_nomem(f, c);
		return;
	}
	why = meas_emulation_note(m.r, note, sizeof(note));
	if (!why && m.emulated)
		why = "emulated: numbers describe the emulator, not silicon";
	run_label(m.r, label, sizeof(label));
	fputs("\n### ", f);
	esc_md(f, label, false);
	if (why) {
		fputs(" — **", f);
		esc_md(f, why, false);
		fputs("**", f);
	}
	fputs("\n\nRun ", f);
	esc_md(f, m.r->run_id, false);
	if (pick->others)
		fprintf(f, " (the latest of %u runs with migrate records)", pick->others + 1);
	fprintf(f, ".%s%s\n", is_bochs(m.r) ? " " : "", is_bochs(m.r) ? BOCHS_NOTE : "");
	processors(f, &m);
	status = str(m.suite_end, "status");
	if (online(&m) == 1) {
		fprintf(f, "\n**One logical processor online: the migrate suite was skipped** "
			   "(migration needs two)");
		if (str(m.suite_end, "reason")) {
			fputs("; the payload says: ", f);
			esc_md(f, str(m.suite_end, "reason"), false);
		}
		fputs(".\n", f);
	} else if (status && strcmp(status, "ok")) {
		fputs("\nThe migrate suite ended **", f);
		esc_md(f, status, false);
		fputs("**", f);
		if (str(m.suite_end, "reason")) {
			fputs(": ", f);
			esc_md(f, str(m.suite_end, "reason"), false);
		}
		fputs(".\n", f);
	}
	cost_table(f, c, &m);
	roundtrip_table(f, c, &m);
	ws_model(f, c, &m);
	cases(f, &m);
	mig_free(&m);
}

/* ---- across models ---- */

static void model_header(FILE *f, const struct stored_run *r)
{
	char label[128];

	run_label(r, label, sizeof(label));
	report_cellf(f, "%s%s", label, run_emulated(r) ? " (emulated)" : "");
}

static void ws_across(FILE *f, const struct report_ctx *c, const struct run_pick *picks,
		      size_t np)
{
	bool head = false;

	for (size_t p = 0; p < np; p++) {
		struct mig m;
		struct meas_wseries ws;
		size_t knee;
		double base = NAN;

		if (mig_load(picks[p].r, &m)) {
			report_nomem(f, c);
			return;
		}
		if (meas_wseries_build(m.meas, m.nmeas, &ws)) {
			mig_free(&m);
			report_nomem(f, c);
			return;
		}
		if (ws.n) {
			if (!head) {
				char name[256];

				fprintf(f, "\n### VMCS working set across models\n\nMedian TSC ticks of "
					   "VMPTRLD + VMREAD, cycling through W VMCSs on one CPU; the knee "
					   "is the first W whose median exceeds %.1f × the W = 1 median "
					   "(where the processor stops holding the VMCSs on chip).\n",
					MEAS_KNEE_FACTOR);
				chart_name(CHART_WS, SUITE, NULL, name, sizeof(name));
				report_chart_link(f, c, name, "VMCS working set: median against W");
				fprintf(f, "\n| Model | W | Median at W = 1 | Median at the largest W | "
					   "Knee |\n|---|---|---:|---:|---|\n");
				head = true;
			}
			knee = meas_knee(&ws);
			for (size_t i = 0; i < ws.n; i++)
				if (ws.w[i] == 1)
					base = meas_stat(ws.rec[i], "median");
			fputc('|', f);
			model_header(f, m.r);
			fprintf(f, " %ld … %ld (%zu values) |", ws.w[0], ws.w[ws.n - 1], ws.n);
			num_cell(f, base);
			num_cell(f, meas_stat(ws.rec[ws.n - 1], "median"));
			fputc(' ', f);
			knee_text(f, &ws, knee, is_bochs(m.r));
			fputs(" |\n", f);
		}
		meas_wseries_free(&ws);
		mig_free(&m);
	}
}

static void observed_cell(FILE *f, const struct report_ctx *c, json_t *v)
{
	char *s;

	if (!v) {
		report_cell(f, "");
		return;
	}
	if (json_is_string(v)) {
		report_cell(f, json_string_value(v));
		return;
	}
	/* a number, flag or object: as its JSON text */
	s = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
	if (!s) {
		report_cell(f, "");
		if (c->nomem)
			*c->nomem = true;
		return;
	}
	report_cell(f, s);
	free(s);
}

/* migrate_observation records (what the SDM leaves undefined): one row per `what`, a column per model. */
static void observations(FILE *f, const struct report_ctx *c)
{
	const struct runset *rs = c->rs;
	struct run_pick *picks = calloc(rs->n + 1, sizeof(*picks));
	const char **whats = NULL;
	size_t np, nw = 0, total = 0;

	if (!picks) {
		report_nomem(f, c);
		return;
	}
	np = runset_pick(rs, has_observation, NULL, picks, rs->n);
	for (size_t p = 0; p < np; p++)
		total += json_array_size(picks[p].r->records);
	if (!np)
		goto out;
	/* the keys point into the records: no copy, no length limit */
	if (!(whats = calloc(total + 1, sizeof(*whats)))) {
		report_nomem(f, c);
		goto out;
	}
	for (size_t p = 0; p < np; p++) {
		size_t i, j;
		json_t *rec;

		json_array_foreach(picks[p].r->records, i, rec) {
			const char *w = str(rec, "what") ?: "(no what)";

			if (!is_type(rec, "migrate_observation"))
				continue;
			for (j = 0; j < nw && strcmp(whats[j], w); j++)
				;
			if (j == nw)
				whats[nw++] = w;
		}
	}
	fprintf(f, "\n### Observations across models\n\nWhat SDM §24.11.1 leaves to the "
		   "implementation, as each model behaved (`migrate_observation` records: recorded, "
		   "never verdicts). A blank cell: the model's run did not probe it.\n\n| What |");
	for (size_t p = 0; p < np; p++)
		model_header(f, picks[p].r);
	fprintf(f, "\n|---|");
	for (size_t p = 0; p < np; p++)
		fprintf(f, "---|");
	fputc('\n', f);
	for (size_t j = 0; j < nw; j++) {
		fputc('|', f);
		report_cell(f, whats[j]);
		for (size_t p = 0; p < np; p++) {
			size_t i;
			json_t *rec, *found = NULL;

			json_array_foreach(picks[p].r->records, i, rec)
				if (is_type(rec, "migrate_observation") &&
				    !strcmp(str(rec, "what") ?: "(no what)", whats[j])) {
					found = rec;
					break;
				}
			observed_cell(f, c, found ? json_object_get(found, "observed") : NULL);
		}
		fputc('\n', f);
	}
	for (size_t p = 0; p < np; p++)
		if (is_bochs(picks[p].r)) {
			fprintf(f, "\n%s\n", BOCHS_NOTE);
			break;
		}
out:
	free(whats);
	free(picks);
}

static void migrate_write(FILE *f, const struct report_ctx *c)
{
	const struct runset *rs = c->rs;
	struct run_pick *picks = calloc(rs->n + 1, sizeof(*picks));
	size_t np;

	if (!picks) {
		report_nomem(f, c);
		return;
	}
	np = runset_pick(rs, has_migrate, NULL, picks, rs->n);
	if (!np) {
		fprintf(f, "No run has the migrate suite (suites=migrate).\n");
	} else {
		fprintf(f, "Moving a VMCS from logical processor A to B as SDM §24.11.1 requires "
			   "(VMCLEAR on A, then VMPTRLD on B), per CPU model: what it costs by the "
			   "relation between A and B (SMT sibling, same package, other package, …) "
			   "and by K, the fields written before VMCLEAR; what a nested exit costs "
			   "after migration against staying put; whether the VMCS survives the move. "
			   "TSC ticks per operation (docs/measurement.md), each on the CPU that "
			   "executes the instruction; under Bochs the TSC counts instructions.\n");
		for (size_t p = 0; p < np; p++)
			model(f, c, &picks[p]);
		ws_across(f, c, picks, np);
	}
	observations(f, c);
	free(picks);
}

const struct report_section report_migrate = { "migrate", "Migration (migrate suite)",
					       migrate_write };
