/** @file
 * The Markdown report (results/REPORT.md): a table of section writers, so
 * each suite adds its own section without touching the others.
 */
#ifndef VMXB_HOST_REPORT_H
#define VMXB_HOST_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "lib/runset.h"

/** What a section writer gets: the runs, and where charts are (vmxbench chart). */
struct report_ctx {
	const struct runset *rs;
	const char *charts_dir;  /**< directory holding chart images, NULL: no charts */
	const char *charts_link; /**< the same directory as the report links it ("charts") */
};

struct report_section {
	const char *name;  /**< short id, e.g. "caps" */
	const char *title; /**< Markdown heading */
	void (*write)(FILE *f, const struct report_ctx *c);
};

extern const struct report_section report_runs, report_caps, report_conformance,
	report_meas;

/** Write the whole report of @p rs to @p f (no charts). */
void report_write(FILE *f, const struct runset *rs);
/** Write the whole report, linking the charts of @p c->charts_dir that exist. */
void report_write_ctx(FILE *f, const struct report_ctx *c);

/* Helpers for section writers. */
/** Write @p s as a Markdown table cell (escapes '|', drops newlines). */
void report_cell(FILE *f, const char *s);
/** "emulated (bochs:corei7_haswell_4770)", "virtualized (hypervisor bit)" or "no". */
void report_emulation(const struct stored_run *r, char *out, size_t outsz);
/** Printf into a Markdown table cell. */
void report_cellf(FILE *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/**
 * Link the chart @p name (files NAME.png and NAME.svg) when its PNG exists in
 * c->charts_dir: an image line and a link to the SVG. @return true if linked.
 */
bool report_chart_link(FILE *f, const struct report_ctx *c, const char *name, const char *title);

#endif
