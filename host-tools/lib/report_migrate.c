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
 * migrate_observation `what`, `observed`; handoff `relation`, `from`, `to`,
 * `rtt_*`, `tsc_offset`, `tsc_offset_err`, `e2e_*`, `migrations`, `error`. Keys are compared whole and point
 * into the loaded records: no fixed buffer is sized by a record.
 *
 * This file: the section and its model loop, each model's heading,
 * processors table and case summary. Loading a run's records and the cells
 * every table shares are in report_migrate_run.c, the cost tables in
 * report_migrate_cost.c, the working set and the observations in
 * report_migrate_ws.c; report_migrate_common.h is what they share.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lib/esc.h"
#include "lib/meas.h"
#include "lib/report.h"
#include "lib/report_migrate_common.h"

static void processors(FILE *f, const struct mig *m)
{
	json_t *s = m->smp;

	if (!s) {
		fprintf(f, "\nProcessors: no `smp` record (a payload older than SMP support).\n");
		return;
	}
	fprintf(f, "\nProcessors: **");
	mig_member_md(f, s, "online");
	fprintf(f, " online**");
	if (str(s, "why")) {
		fputs(" (no MADT: ", f);
		esc_md(f, str(s, "why"), false);
		fputs(")", f);
	} else {
		fputs(" (the MADT, via the ", f);
		esc_md(f, str(s, "madt") ?: "-", false);
		fputs(", lists ", f);
		mig_member_md(f, s, "listed");
		fputs("; APs started: ", f);
		mig_member_md(f, s, "started");
		fputs("; skipped: ", f);
		mig_member_md(f, s, "skipped_disabled");
		fputs(" disabled, ", f);
		mig_member_md(f, s, "skipped_duplicate");
		fputs(" duplicate, ", f);
		mig_member_md(f, s, "over_max");
		fputs(" over the maximum)", f);
	}
	if (json_is_false(json_object_get(s, "start")))
		fputs(", APs not started (smp=off)", f);
	fputs("; topology from ", f);
	esc_md(f, str(s, "topology") ?: "-", false);
	fputs(" (APIC id shifts: SMT ", f);
	mig_member_md(f, s, "smt_shift");
	fputs(", core ", f);
	mig_member_md(f, s, "core_shift");
	fputs(", package ", f);
	mig_member_md(f, s, "package_shift");
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
	if (str(s, "topology_contradiction")) {
		fputs("\n**The CPU's topology leaves contradict each other:** ", f);
		esc_md(f, str(s, "topology_contradiction"), false);
		fputs(" (leaves 1 and 4 give a package shift of ", f);
		mig_member_md(f, s, "legacy_package_shift");
		fputs("); the relations below follow the extended leaf and may be wrong.\n", f);
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
		mig_member_md(f, c, "index");
		fputs(" | ", f);
		mig_member_md(f, c, "apic_id");
		fputs(" |", f);
		report_cell(f, str(c, "relation") ?: "-");
		fputc(' ', f);
		mig_member_md(f, c, "package");
		fputs(" | ", f);
		mig_member_md(f, c, "core");
		fputs(" | ", f);
		mig_member_md(f, c, "smt");
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
			mig_member_md(f, c, "reads_apic_id");
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

/* ---- integrity and protocol cases ---- */

static void case_summary(FILE *f, const struct mig *m)
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
			mig_member_md(f, cr, "expected");
			fputs(", observed ", f);
			mig_member_md(f, cr, "observed");
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
	char note[160];
	const char *why, *status;

	if (mig_load(pick->r, &m)) {
		report_nomem(f, c);
		return;
	}
	why = meas_emulation_note(m.r, note, sizeof(note));
	if (!why && m.emulated)
		why = "emulated: numbers describe the emulator, not silicon";
	report_model_heading(f, "###", m.r, why);
	if (pick->others)
		fprintf(f, " (the latest of %u runs with migrate records)", pick->others + 1);
	fprintf(f, ".%s%s\n", mig_is_bochs(m.r) ? " " : "", mig_is_bochs(m.r) ? mig_bochs_note : "");
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
	mig_cost_table(f, c, &m);
	mig_first_access(f, c, &m);
	mig_roundtrip_table(f, c, &m);
	mig_handoff_table(f, c, &m);
	mig_ws_model(f, c, &m);
	case_summary(f, &m);
	mig_free(&m);
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
	np = runset_pick_open(rs, mig_has_records, NULL, picks, rs->n);
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
		mig_ws_across(f, c, picks, np);
	}
	runset_picks_close(picks, np);
	mig_observations(f, c);
	free(picks);
}

const struct report_section report_migrate = { "migrate", "Migration (migrate suite)",
					       migrate_write };
