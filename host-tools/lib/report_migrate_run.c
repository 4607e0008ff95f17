/** @file
 * The migrate report section's shared ground (see report_migrate_common.h): which
 * runs have the suite's records, loading one run's records, and the cells
 * and captions every table of the section writes.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lib/esc.h"
#include "lib/meas.h"
#include "lib/report.h"
#include "lib/report_migrate_common.h"

/* The suite's own records, or its suite/suite_end markers (a skipped suite has only those). */
static bool migrate_record(json_t *rec)
{
	const char *s = str(rec, "suite"), *n = str(rec, "name");

	if (is_type(rec, "suite") || is_type(rec, "suite_end"))
		return n && strcmp(n, SUITE) == 0;
	return s && strcmp(s, SUITE) == 0 &&
	       (is_type(rec, "meas") || is_type(rec, "case") || is_type(rec, "handoff"));
}

bool mig_has_records(const struct stored_run *r, const void *arg)
{
	/* migrate_record, asked of the run's index */
	(void)arg;
	return run_has_name(r, "suite", SUITE) || run_has_name(r, "suite_end", SUITE) ||
	       run_has(r, "meas", SUITE) || run_has(r, "case", SUITE) ||
	       run_has(r, "handoff", SUITE);
}

void mig_free(struct mig *m)
{
	free(m->meas);
	free(m->cases);
	free(m->cpus);
	free(m->handoffs);
	free(m->scratch);
	memset(m, 0, sizeof(*m));
}

/* @return 0, or -1 when memory ran out (@p m then empty). */
int mig_load(const struct stored_run *r, struct mig *m)
{
	size_t n = json_array_size(r->records), i;
	json_t *rec;

	memset(m, 0, sizeof(*m));
	m->r = r;
	m->meas = calloc(n + 1, sizeof(*m->meas));
	m->cases = calloc(n + 1, sizeof(*m->cases));
	m->cpus = calloc(n + 1, sizeof(*m->cpus));
	m->handoffs = calloc(n + 1, sizeof(*m->handoffs));
	m->scratch = calloc(n + 1, sizeof(*m->scratch));
	if (!m->meas || !m->cases || !m->cpus || !m->handoffs || !m->scratch) {
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
		else if (is_type(rec, "handoff"))
			m->handoffs[m->nhandoffs++] = rec;
		else if (is_type(rec, "suite_end"))
			m->suite_end = rec;
	}
	m->emulated = meas_emulated(r, m->meas, m->nmeas);
	return 0;
}

bool mig_is_bochs(const struct stored_run *r)
{
	const char *emu = run_emulator(r);

	return emu && strncmp(emu, "bochs", 5) == 0;
}

const char mig_bochs_note[] =
	"Bochs keeps VMCS data in guest memory, so it shows no working-set knee and none of "
	"the §24.11.1 hazards: its numbers say what the emulator does, not what a processor "
	"caches.";

/* A number cell, "-" when absent. */
void mig_num_cell(FILE *f, double v)
{
	char b[48];

	meas_fmt(v, b, sizeof(b));
	report_cell(f, b);
}

/* A member that may be a number or text, as Markdown text ("-" when absent). */
void mig_member_md(FILE *f, json_t *rec, const char *key)
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

const char *mig_emu_caption(const struct mig *m)
{
	if (!m->emulated)
		return "";
	return mig_is_bochs(m->r) ? " — **emulated** (Bochs: instruction counts, not latencies)" :
				" — **emulated**";
}

/* ---- processors and topology ---- */
