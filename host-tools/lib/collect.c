/** @file
 * Collect: log → runs → results/<cpu>/<run-id>.json (see collect.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lib/collect.h"
#include "lib/cpuident.h"
#include "lib/emulated.h"
#include "lib/logscan.h"
#include "lib/store.h"

static const char *base_name(const char *p)
{
	const char *s = strrchr(p, '/');

	return s ? s + 1 : p;
}

static int store_one(const char *path, struct scan_run *r, unsigned idx,
		     const struct collect_opts *o, FILE *out, FILE *err, struct collect_stats *st)
{
	struct cpu_ident id;
	char msg[256], slug[SLUG_MAX], rid[RUN_ID_MAX + 16], file[4200];
	json_t *doc;
	const char *emu = records_emulator(r->records);
	time_t now = store_now();
	int rc;

	if (cpu_ident_from_records(r->records, &id, msg, sizeof(msg))) {
		fprintf(err, "vmxbench collect: %s: run at lines %u-%u: %s: not stored\n",
			path, r->first_line, r->last_line, msg);
		st->runs_bad++;
		st->errors++;
		return 1;
	}
	cpu_slug(&id, emu, slug, sizeof(slug));
	if (o->run_id) {
		if (idx == 0)
			snprintf(rid, sizeof(rid), "%s", o->run_id);
		else
			snprintf(rid, sizeof(rid), "%s-%u", o->run_id, idx + 1);
	} else {
		if (store_find_crc(o->out_dir, slug, r->crc, file, sizeof(file))) {
			if (!o->quiet)
				fprintf(out, "%s: run at lines %u-%u already stored as %s\n", path,
					r->first_line, r->last_line, file);
			st->runs_dup++;
			return 0;
		}
		run_id_make(now, r->crc, rid, sizeof(rid));
	}
	doc = store_run_json(r->records, &id, rid, now,
			     strcmp(path, "-") == 0 ? "stdin" : base_name(path));
	rc = doc ? store_write(o->out_dir, slug, rid, doc, file, sizeof(file)) : -ENOMEM;
	json_decref(doc);
	if (rc) {
		fprintf(err, "vmxbench collect: %s: run at lines %u-%u: cannot store %s: %s\n",
			path, r->first_line, r->last_line, file,
			rc == -EEXIST ? "a stored run of that id exists (choose another --run-id)"
				      : strerror(-rc));
		st->runs_bad++;
		st->errors++;
		return 1;
	}
	st->runs_stored++;
	if (!o->quiet)
		fprintf(out, "%s: run at lines %u-%u (%zu records, %s%s%s) stored as %s\n", path,
			r->first_line, r->last_line, json_array_size(r->records), id.codename,
			id.doubtful ? ", identification doubtful" : "",
			r->truncated ? ", some records truncated by the payload" : "", file);
	return 0;
}

int collect_log(const char *path, const struct collect_opts *o_in, FILE *out, FILE *err,
		struct collect_stats *st_out)
{
	struct collect_opts o = *o_in;
	struct collect_stats st = { 0 };
	struct logscan s;
	FILE *f;
	int rc, status = 0;

	if (!o.out_dir)
		o.out_dir = "results";
	if (o.run_id && !run_id_valid(o.run_id)) {
		fprintf(err, "vmxbench collect: --run-id \"%s\": use letters, digits, '.', '_', '-' "
			"(at most %d, not starting with '.' or '-')\n", o.run_id, RUN_ID_MAX);
		return 1;
	}
	f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (!f) {
		fprintf(err, "vmxbench collect: %s: %s\n", path, strerror(errno));
		return 1;
	}
	logscan_init(&s);
	rc = logscan_stream(&s, f);
	if (f != stdin)
		fclose(f);
	if (rc) {
		fprintf(err, "vmxbench collect: %s: read error: %s\n", path, strerror(-rc));
		logscan_free(&s);
		return 1;
	}
	for (size_t i = 0; i < s.nerrors; i++) {
		struct scan_error *e = &s.errors[i];

		if (e->line)
			fprintf(err, "vmxbench collect: %s: line %u: %s", path, e->line, e->msg);
		else
			fprintf(err, "vmxbench collect: %s: %s", path, e->msg);
		if (e->run_line)
			fprintf(err, " (run begun at line %u not stored)", e->run_line);
		fputc('\n', err);
		st.errors++;
		st.runs_bad++;
		status = 1;
	}
	for (size_t i = 0; i < s.nruns; i++)
		if (store_one(path, &s.runs[i], (unsigned)i, &o, out, err, &st))
			status = 1;
	if (s.nruns == 0) {
		fprintf(err, "vmxbench collect: %s: nothing stored: no complete run (a begin record "
			"through its end record) in %u line%s, %u record line%s\n", path, s.lines,
			s.lines == 1 ? "" : "s", s.records, s.records == 1 ? "" : "s");
		status = 1;
	} else if (status) {
		fprintf(err, "vmxbench collect: %s: %u complete run%s stored, %u problem%s above\n",
			path, st.runs_stored, st.runs_stored == 1 ? "" : "s", st.errors,
			st.errors == 1 ? "" : "s");
	}
	logscan_free(&s);
	if (st_out)
		*st_out = st;
	return status;
}
