/** @file
 * The Markdown report (results/REPORT.md): a table of section writers, so
 * each suite adds its own section without touching the others.
 */
#ifndef VMXB_HOST_REPORT_H
#define VMXB_HOST_REPORT_H

#include <stdio.h>

#include "lib/runset.h"

struct report_section {
	const char *name;  /**< short id, e.g. "caps" */
	const char *title; /**< Markdown heading */
	void (*write)(FILE *f, const struct runset *rs);
};

extern const struct report_section report_runs, report_caps;

/** Write the whole report of @p rs to @p f. */
void report_write(FILE *f, const struct runset *rs);

/* Helpers for section writers. */
/** Write @p s as a Markdown table cell (escapes '|', drops newlines). */
void report_cell(FILE *f, const char *s);
/** "emulated (bochs:corei7_haswell_4770)", "virtualized (hypervisor bit)" or "no". */
void report_emulation(const struct stored_run *r, char *out, size_t outsz);

#endif
