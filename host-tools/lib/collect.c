/** @file
 * Collect: log → runs → results/<cpu>/<run-id>.json (see collect.h). Runs
 * are stored as the scanner completes them and freed right after, so memory
 * is bounded by the largest run, not by the log.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lib/collect.h"
#include "lib/collect_run.h"
#include "lib/esc.h"
#include "lib/logscan.h"
#include "lib/store.h"

/* Warnings printed per run; a forged run could hold millions. */
#define WARNS_SHOWN 20

struct collect_ctx {
	const char *source;           /* the log's name in the stored document */
	char path[1024];              /* the log's name, escaped for messages */
	const struct collect_opts *o;
	FILE *out, *err;
	struct collect_stats st;
	unsigned idx;                 /* complete runs handed over so far */
	int status;
};

static const char *base_name(const char *p)
{
	const char *s = strrchr(p, '/');

	return s ? s + 1 : p;
}

/* The payload's warn records of a run, escaped: a human should see them. */
static void print_warns(struct collect_ctx *c, struct scan_run *r)
{
	size_t i, n = 0;
	json_t *rec;
	char m[1024];

	json_array_foreach(r->records, i, rec) {
		if (strcmp(json_string_value(json_object_get(rec, "type")), "warn") != 0)
			continue;
		if (n++ < WARNS_SHOWN)
			fprintf(c->err, "vmxbench collect: %s: run at lines %u-%u: payload warning: %s\n",
				c->path, r->first_line, r->last_line,
				esc_term(json_string_value(json_object_get(rec, "msg")) ?: "(no msg)",
					 m, sizeof(m)));
	}
	if (n > WARNS_SHOWN)
		fprintf(c->err, "vmxbench collect: %s: run at lines %u-%u: %zu more payload "
			"warnings (see the stored run)\n", c->path, r->first_line, r->last_line,
			n - WARNS_SHOWN);
}

static void run_failed(struct collect_ctx *c, struct scan_run *r, const char *what,
		       const char *why)
{
	char e[1600];

	fprintf(c->err, "vmxbench collect: %s: run at lines %u-%u: %s: %s\n", c->path,
		r->first_line, r->last_line, what, esc_term(why, e, sizeof(e)));
	c->st.runs_bad++;
	c->st.errors++;
	c->status = 1;
}

static void say_already(struct collect_ctx *c, struct scan_run *r, const char *file)
{
	char f[4400];

	c->st.runs_dup++;
	if (!c->o->quiet)
		fprintf(c->out, "%s: run at lines %u-%u already stored as %s\n", c->path,
			r->first_line, r->last_line, esc_term(file, f, sizeof(f)));
}

static void say_stored(struct collect_ctx *c, struct scan_run *r, const struct cpu_ident *id,
		       const char *file)
{
	char f[4400], cn[256];

	c->st.runs_stored++;
	if (!c->o->quiet)
		fprintf(c->out, "%s: run at lines %u-%u (%zu records, %s%s%s) stored as %s\n",
			c->path, r->first_line, r->last_line, json_array_size(r->records),
			esc_term(id->codename, cn, sizeof(cn)),
			id->doubtful ? ", identification doubtful" : "",
			r->truncated ? ", some records truncated by the payload" : "",
			esc_term(file, f, sizeof(f)));
	print_warns(c, r);
}

/* --run-id ID names the first run ID, the next ones ID-2, ID-3…; else the content hash. */
static const char *pick_id(struct collect_ctx *c, char *rid, size_t sz)
{
	if (!c->o->run_id)
		return NULL;
	if (c->idx == 1)
		snprintf(rid, sz, "%s", c->o->run_id);
	else
		snprintf(rid, sz, "%s-%u", c->o->run_id, c->idx);
	return rid;
}

/* A complete run from the scanner: identify, name, store (collect_run.c). */
static void store_run(struct scan_run *r, void *vc)
{
	struct collect_ctx *c = vc;
	struct collect_run_out o;
	char rid[RUN_ID_MAX + 16];

	c->idx++;
	switch (collect_run_store(r, c->o->out_dir, pick_id(c, rid, sizeof(rid)), c->source,
				  NULL, &o)) {
	case CRUN_STORED:
		return say_stored(c, r, &o.id, o.file);
	case CRUN_ALREADY:
		return say_already(c, r, o.file);
	case CRUN_UNIDENTIFIED:
		return run_failed(c, r, "not stored", o.why);
	case CRUN_ID_TAKEN:
		return run_failed(c, r, o.file, "a stored run of that id holds other records: not "
				  "stored (choose another --run-id)");
	case CRUN_ERROR:
		return run_failed(c, r, o.file, strerror(-o.err));
	}
}

static void scan_problem(const struct scan_error *e, void *vc)
{
	struct collect_ctx *c = vc;
	char m[1600];

	esc_term(e->msg, m, sizeof(m));
	if (e->line)
		fprintf(c->err, "vmxbench collect: %s: line %u: %s", c->path, e->line, m);
	else
		fprintf(c->err, "vmxbench collect: %s: %s", c->path, m);
	if (e->run_line)
		fprintf(c->err, " (run begun at line %u not stored)", e->run_line);
	fputc('\n', c->err);
	c->st.errors++;
	c->st.runs_bad++;
	c->status = 1;
}

static void summary(struct collect_ctx *c, const struct logscan *s)
{
	if (!c->idx) {
		fprintf(c->err, "vmxbench collect: %s: nothing stored: no complete run (a begin "
			"record through its end record) in %u line%s, %u record line%s\n", c->path,
			s->lines, s->lines == 1 ? "" : "s", s->records, s->records == 1 ? "" : "s");
		c->status = 1;
	} else if (c->status) {
		char dup[48] = "";

		if (c->st.runs_dup)
			snprintf(dup, sizeof(dup), " (%u already stored)", c->st.runs_dup);
		fprintf(c->err, "vmxbench collect: %s: %u complete run%s stored%s, %u problem%s "
			"above\n", c->path, c->st.runs_stored, c->st.runs_stored == 1 ? "" : "s", dup,
			c->st.errors, c->st.errors == 1 ? "" : "s");
	}
}

/* Scan the log, storing each run as it completes. @return 0 or -errno (read error). */
static int scan_log(struct collect_ctx *c, FILE *f, struct logscan *s)
{
	int rc;

	logscan_init(s);
	logscan_sinks(s, store_run, scan_problem, c);
	rc = logscan_stream(s, f);
	if (rc)
		fprintf(c->err, "vmxbench collect: %s: read error: %s\n", c->path, strerror(-rc));
	return rc;
}

int collect_log(const char *path, const struct collect_opts *o_in, FILE *out, FILE *err,
		struct collect_stats *st_out)
{
	struct collect_opts o = *o_in;
	struct collect_ctx c = { .o = &o, .out = out, .err = err };
	struct logscan s;
	unsigned stale;
	char shown[4 * RUN_ID_MAX + 8];
	FILE *f;

	if (!o.out_dir)
		o.out_dir = "results";
	esc_term(path, c.path, sizeof(c.path));
	c.source = strcmp(path, "-") == 0 ? "stdin" : base_name(path);
	if (o.run_id && !run_id_valid(o.run_id)) {
		fprintf(err, "vmxbench collect: --run-id \"%s\": use letters, digits, '.', '_', '-' "
			"(at most %d, not starting with '.' or '-')\n",
			esc_term(o.run_id, shown, sizeof(shown)), RUN_ID_MAX);
		return 2;
	}
	f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (!f) {
		fprintf(err, "vmxbench collect: %s: %s\n", c.path, strerror(errno));
		return 1;
	}
	stale = store_clean_stale(o.out_dir);
	if (stale && !o.quiet)
		fprintf(out, "removed %u stale temporary file%s a killed collect left under %s\n",
			stale, stale == 1 ? "" : "s", esc_term(o.out_dir, shown, sizeof(shown)));
	if (scan_log(&c, f, &s))
		c.status = 1;
	else
		summary(&c, &s);
	if (f != stdin)
		fclose(f);
	logscan_free(&s);
	if (st_out)
		*st_out = c.st;
	return c.status;
}
