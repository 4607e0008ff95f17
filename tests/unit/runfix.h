/** @file
 * Test helper: a temporary results directory filled with runs made by
 * loggen.h and stored by the real collect (host-tools/lib/collect.c), then
 * loaded as a runset, for the report/export/chart tests.
 */
#ifndef VMXB_TESTS_RUNFIX_H
#define VMXB_TESTS_RUNFIX_H

#include <stdio.h>
#include <stdlib.h>

#include "unit.h"
#include "loggen.h"
#include "lib/collect.h"
#include "lib/runset.h"

struct runfix {
	char dir[64];      /**< the temporary directory */
	char results[128]; /**< DIR/results */
	struct runset rs;
};

static int runfix_setup(void **state)
{
	struct runfix *f = calloc(1, sizeof(*f));

	snprintf(f->dir, sizeof(f->dir), "/tmp/vmxb-report-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->results, sizeof(f->results), "%s/results", f->dir);
	setenv("VMXBENCH_NOW", "1795630502", 1);
	*state = f;
	return 0;
}

static int runfix_teardown(void **state)
{
	struct runfix *f = *state;
	char cmd[128];

	runset_free(&f->rs);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	if (system(cmd) != 0)
		return -1;
	free(f);
	return 0;
}

/** Store the run in @p g (already ended) as @p run_id, at time @p now; frees @p g. */
static void runfix_store(struct runfix *f, struct loggen *g, const char *run_id, const char *now)
{
	struct collect_opts o = { .out_dir = f->results, .run_id = run_id, .quiet = true };
	char path[128];
	FILE *l;

	setenv("VMXBENCH_NOW", now, 1);
	snprintf(path, sizeof(path), "%s/%s.log", f->dir, run_id);
	l = fopen(path, "w");
	assert_non_null(l);
	fputs(g->buf, l);
	fclose(l);
	assert_int_equal(collect_log(path, &o, stderr, stderr, NULL), 0);
	loggen_free(g);
}

/** Load what was stored. */
static void runfix_load(struct runfix *f)
{
	assert_int_equal(runset_load(f->results, &f->rs, stderr), 0);
}

/** What @p write printed, as a NUL-terminated string (caller frees). */
#define RUNFIX_CAPTURE(buf, stmt_with_f)                                                  \
	do {                                                                              \
		size_t len_;                                                              \
		FILE *f_ = open_memstream(&(buf), &len_);                                 \
		stmt_with_f;                                                              \
		fclose(f_);                                                               \
	} while (0)

#endif
