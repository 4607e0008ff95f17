/** @file
 * `vmxbench collect` as a library call: scan a serial log, identify and
 * store each complete run, report every problem with its line number.
 */
#ifndef VMXB_HOST_COLLECT_H
#define VMXB_HOST_COLLECT_H

#include <stdbool.h>
#include <stdio.h>

struct collect_opts {
	const char *out_dir;  /**< results directory (default "results") */
	const char *run_id;   /**< fixed run id (the 2nd, 3rd… run of a log get -2, -3…) */
	bool quiet;           /**< no per-run "stored" lines */
};

struct collect_stats {
	unsigned runs_stored, runs_dup, runs_bad, errors;
};

/**
 * Collect @p path ("-" = stdin), storing each run as soon as it is complete.
 * Messages go to @p out (stored runs) and @p err (problems, payload warnings),
 * record text escaped for a terminal. @return 0 when every run was stored (or
 * already was), 1 when anything was wrong or nothing was found, 2 for a bad
 * option (an invalid run id).
 */
int collect_log(const char *path, const struct collect_opts *o, FILE *out, FILE *err,
		struct collect_stats *st);

#endif
