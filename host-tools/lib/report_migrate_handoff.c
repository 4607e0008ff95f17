/** @file
 * Report section "migrate", per model: the two-CPU hand-off (`handoff`
 * records, payload/suites/migrate_xcpu.c). One row per pair: the shared
 * cache line's round trip, the TSC offset between the two CPUs (measured
 * first, because the end-to-end figure spans both TSCs) and the migration
 * from VMCLEAR on A to VMPTRLD done on B. Record text is untrusted: every
 * member is escaped, a missing one is "-".
 */
#include <stdio.h>

#include "lib/esc.h"
#include "lib/report.h"
#include "lib/report_migrate_common.h"

/* "min / median / max" of a prefix, each "-" when absent. */
static void triple(FILE *f, json_t *h, const char *prefix)
{
	static const char *const part[] = { "_min", "_median", "_max" };
	char key[32];

	fputs(" ", f);
	for (int i = 0; i < 3; i++) {
		snprintf(key, sizeof(key), "%s%s", prefix, part[i]);
		if (i)
			fputs(" / ", f);
		mig_member_md(f, h, key);
	}
	fputs(" |", f);
}

void mig_handoff_table(FILE *f, const struct report_ctx *c, const struct mig *m)
{
	(void)c;
	if (!m->nhandoffs)
		return;
	fprintf(f, "\nTwo CPUs at once%s: B spins on a cache line shared with A (no IPI in the "
		   "path). Round trip: A writes the line, B answers, A sees it. The TSC offset "
		   "(B − A, ± half the shortest round trip) is measured first; the end-to-end "
		   "migration runs from A's TSC before VMCLEAR to B's after VMPTRLD, corrected "
		   "by it. TSC ticks, min / median / max.\n\n",
		mig_emu_caption(m));
	fputs("| A → B | Relation | Round trip | TSC offset | VMCLEAR on A → VMPTRLD done on B | "
	      "Migrations | Notes |\n|---|---|---|---|---|---:|---|\n", f);
	for (size_t i = 0; i < m->nhandoffs; i++) {
		json_t *h = m->handoffs[i];

		fputs("| ", f);
		mig_member_md(f, h, "from");
		fputs(" → ", f);
		mig_member_md(f, h, "to");
		fputs(" |", f);
		report_cell(f, str(h, "relation") ?: "-");
		triple(f, h, "rtt");
		fputs(" ", f);
		mig_member_md(f, h, "tsc_offset");
		fputs(" ± ", f);
		mig_member_md(f, h, "tsc_offset_err");
		fputs(" |", f);
		triple(f, h, "e2e");
		fputs(" ", f);
		mig_member_md(f, h, "migrations");
		fputs(" |", f);
		report_cell(f, str(h, "error") ?: "");
		fputs("\n", f);
	}
}
