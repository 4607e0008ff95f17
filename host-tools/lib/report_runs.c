/** @file
 * Report section "runs": which run, which CPU, how it booted and reached the
 * store (serial log or upload), how it ended, how long each suite took,
 * and what the payload warned about (`warn` records).
 */
#include <string.h>

#include "lib/esc.h"
#include "lib/report.h"
#include "lib/suite_time.h"

/* The payload's warn records (unknown option, bad value, ...), one line each, per run. */
static void warnings(FILE *f, const struct runset *rs)
{
	bool head = false;

	for (size_t i = 0; i < rs->n; i++) {
		const struct stored_run *r = &rs->v[i];
		size_t k;
		json_t *rec;

		json_array_foreach(r->warns, k, rec) {
			if (!head)
				fprintf(f, "\nWarnings the payload recorded (`warn` records):\n\n");
			head = true;
			fputs("- ", f);
			esc_md(f, r->run_id, false);
			fputs(": ", f);
			esc_md(f, json_string_value(json_object_get(rec, "msg")) ?: "(no message)",
			       false);
			fputc('\n', f);
		}
	}
}

/* Each run's suite durations, from the suite/suite_end timestamps (suite_time.h). */
static void durations(FILE *f, const struct runset *rs)
{
	bool head = false;

	for (size_t i = 0; i < rs->n; i++) {
		const struct stored_run *r = &rs->v[i];
		const char *name, *sep = "";
		json_t *d;
		char b[48];

		if (!json_object_size(r->suite_times))
			continue;
		if (!head)
			fprintf(f, "\nSuite durations (the `tsc`/`us` timestamps of `suite` and "
				   "`suite_end`; under an emulator in emulated time):\n\n"
				   "| Run | Suites |\n|---|---|\n");
		head = true;
		fputc('|', f);
		report_cellf(f, "%s%s", r->run_id, run_emulated(r) ? " (emulated)" : "");
		fputc(' ', f);
		json_object_foreach(r->suite_times, name, d) {
			suite_time_fmt(d, b, sizeof(b));
			fputs(sep, f);
			esc_md(f, name, false);
			fprintf(f, " %s", b);
			sep = ", ";
		}
		fputs(" |\n", f);
	}
}

/* How the run reached the store: a serial log, or an upload (docs/host-tools.md "upload"). */
static const char *arrival(const struct stored_run *r)
{
	json_t *up = json_object_get(r->doc, "upload");

	if (!json_is_object(up))
		return "serial";
	if (json_is_true(json_object_get(up, "authenticated")))
		return "upload, authenticated";
	return "upload";
}

static void runs_write(FILE *f, const struct report_ctx *c)
{
	const struct runset *rs = c->rs;

	if (!rs->n) {
		fprintf(f, "No stored runs.\n");
		return;
	}
	fprintf(f, "| Run | CPU | Family/model/stepping | Brand | libcpuid | Emulated | Boot | "
		   "Arrived | Payload | Suites | Status |\n");
	fprintf(f, "|---|---|---|---|---|---|---|---|---|---|---|\n");
	for (size_t i = 0; i < rs->n; i++) {
		const struct stored_run *r = &rs->v[i];
		json_t *end = r->end;
		char fms[64], lib[160];
		const char *lc = json_string_value(json_object_get(r->cpu, "libcpuid_codename"));

		snprintf(fms, sizeof(fms), "0x%02llx / 0x%02llx / %lld",
			 json_integer_value(json_object_get(r->cpu, "family")),
			 json_integer_value(json_object_get(r->cpu, "model")),
			 json_integer_value(json_object_get(r->cpu, "stepping")));
		snprintf(lib, sizeof(lib), "%s%s", lc && *lc ? lc : "-",
			 json_is_true(json_object_get(r->cpu, "doubtful")) ? " (doubtful)" : "");
		fputc('|', f);
		report_cell(f, r->run_id);
		report_cell(f, json_string_value(json_object_get(r->cpu, "codename")));
		report_cell(f, fms);
		report_cell(f, json_string_value(json_object_get(r->cpu, "brand")));
		report_cell(f, lib);
		report_emulation_cell(f, r);
		report_cell(f, json_string_value(json_object_get(r->begin, "boot")));
		report_cell(f, arrival(r));
		report_cell(f, json_string_value(json_object_get(r->begin, "payload")));
		report_cell(f, json_string_value(json_object_get(r->begin, "suites")));
		report_cell(f, json_string_value(json_object_get(end, "status")));
		fputc('\n', f);
	}
	fprintf(f, "\n\"doubtful\": libcpuid 0.6.2's codename disagrees with vmxbench's "
		   "family/model table (SDM Vol. 4 Table 2-1, AMD's lists) or the CPU is newer than "
		   "it knows; the CPU column uses the table.\n");
	for (size_t i = 0, first = 1; i < rs->n; i++) {
		const struct stored_run *r = &rs->v[i];

		if (!json_is_true(json_object_get(r->cpu, "doubtful")))
			continue;
		if (first)
			fputc('\n', f);
		first = 0;
		fputs("- ", f);
		esc_md(f, r->run_id, false);
		fputs(": ", f);
		esc_md(f, json_string_value(json_object_get(r->cpu, "reason")) ?: "", false);
		fputc('\n', f);
	}
	durations(f, rs);
	warnings(f, rs);
}

const struct report_section report_runs = { "runs", "Runs", runs_write };
