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
	bool *nomem;             /**< set by report_nomem (report_write_ctx provides it) */
};

struct report_section {
	const char *name;  /**< short id, e.g. "caps" */
	const char *title; /**< Markdown heading */
	void (*write)(FILE *f, const struct report_ctx *c);
};

/**
 * The report's sections, in order. A new section is its file report_NAME.c
 * (defining report_NAME) and its name in this one list.
 */
#define REPORT_SECTIONS(X) X(summary) X(features) X(runs) X(caps) X(conformance) X(meas) X(migrate)

#define REPORT_SECTION_DECLARE(n) extern const struct report_section report_##n;
REPORT_SECTIONS(REPORT_SECTION_DECLARE)
#undef REPORT_SECTION_DECLARE

/** Write the whole report of @p rs to @p f (no charts). @return 0, or -ENOMEM. */
int report_write(FILE *f, const struct runset *rs);
/**
 * Write the whole report, linking the charts of @p c->charts_dir that exist.
 * @return 0, or -ENOMEM when some part could not be written for lack of memory.
 */
int report_write_ctx(FILE *f, const struct report_ctx *c);

/*
 * Helpers for section writers. Record text is untrusted: it reaches the Markdown
 * only through esc_md (esc.h), which these helpers call.
 */
/** Write @p s as a Markdown table cell, escaped (esc_md): no markup, no cell split. */
void report_cell(FILE *f, const char *s);
/** Write @p s as a table cell holding a code span (`s`), escaped for one. */
void report_cell_code(FILE *f, const char *s);
/** The run's emulation as a table cell: **emulated** (LABEL), **virtualized** (...) or no. */
void report_emulation_cell(FILE *f, const struct stored_run *r);
/**
 * A model's heading in a per-model section: "\n<level> LABEL — **WHY**\n\nRun ID"
 * (@p why may be NULL), record text escaped; the caller goes on with the sentence.
 */
void report_model_heading(FILE *f, const char *level, const struct stored_run *r,
			  const char *why);
/** Printf into a Markdown table cell (the result escaped as report_cell does). */
void report_cellf(FILE *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/** Out of memory in a section: say so in the report, and make report_write_ctx fail. */
void report_nomem(FILE *f, const struct report_ctx *c);
/**
 * Link the chart @p name (files NAME.png and NAME.svg) when its PNG exists in
 * c->charts_dir: an image line and a link to the SVG. @return true if linked.
 */
bool report_chart_link(FILE *f, const struct report_ctx *c, const char *name, const char *title);

#endif
