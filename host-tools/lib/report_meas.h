/** @file
 * Parts of the report's measurements section (report_meas.c) in files of
 * their own: the full statistics table of one model and the tables across
 * boots of one machine.
 */
#ifndef VMXB_HOST_REPORT_MEAS_H
#define VMXB_HOST_REPORT_MEAS_H

#include <stdbool.h>
#include <stdio.h>
#include <jansson.h>

#include "lib/report.h"

/**
 * The full statistics of @p n meas records: core cycles first where a record
 * has them (`cycles_median`), then TSC ticks, the 95 % CI of each median, the
 * frequency ratio (cycles per TSC tick: fixed counter 1, else `aperf_mperf`),
 * instructions retired per operation (`instructions_median`), and the columns
 * `kind` and `vpid` when some record has them. Columns no record fills are left
 * out, so records without the new members render as before. Without cycles it
 * says so once, with @p cycles_reason (the `timing` record's) when known.
 * @p tsc_ns: add nanoseconds from `tsc_hz` (silicon only).
 */
void meas_full_table(FILE *f, json_t **recs, size_t n, bool tsc_ns, const char *cycles_reason);

/**
 * For the model of @p pick: every machine (same <cpu> slug and begin-record
 * identity) with two or more runs having meas records of @p suite gets a table
 * of its figures across those boots (meas_agg.h). Opens one run at a time.
 */
void meas_boots_tables(FILE *f, const struct report_ctx *c, const struct run_pick *pick,
		       const char *suite);

#endif
