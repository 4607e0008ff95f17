/** @file
 * vmxbench export: the records of one type from every stored run, as flat
 * CSV (RFC 4180 quoting) or a JSON array, each row/object carrying the run
 * (run_id, run_cpu, run_model, run_emulated, run_emulator) before the
 * record's own members.
 */
#ifndef VMXB_HOST_EXPORT_H
#define VMXB_HOST_EXPORT_H

#include <stdio.h>

#include "lib/runset.h"

enum export_format { EXPORT_CSV, EXPORT_JSON, EXPORT_JUNIT, EXPORT_TAP };

/** export_write's answer when memory ran out (the output is then incomplete). */
#define EXPORT_NOMEM ((size_t)-1)

/**
 * The record type named by @p type: "caps" means "vmx_caps"; other names
 * are record types as they are ("case", "meas", "msr", "timing", ...).
 */
const char *export_type(const char *type);

/**
 * Write every record of @p type (as export_type() maps it) of every run in @p rs.
 * CSV: a header line, then one line per record; columns are the run's and then
 * the union of the records' members in order of first appearance, nested
 * objects flattened as "parent.child", arrays as JSON text, absent members empty.
 * JSON: an array of objects, one per line. CSV fields go through esc_csv (esc.h):
 * quoted, and formula-looking text neutralised.
 * @return the number of records written, or EXPORT_NOMEM when memory ran out.
 */
size_t export_write(FILE *f, const struct runset *rs, const char *type, enum export_format fmt);

/**
 * The conformance cases (records of type "case") of every run in @p rs as JUnit
 * XML (@p fmt EXPORT_JUNIT) or TAP version 13 (EXPORT_TAP), export_cases.c.
 * @return the number of cases written.
 */
size_t export_cases(FILE *f, const struct runset *rs, enum export_format fmt);

#endif
