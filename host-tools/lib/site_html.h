/** @file
 * The pieces the site's writers share (site.c, site_pages.c, site_svg.c):
 * the page frame, cells and links written as escaped HTML, safe file names,
 * the charts (site_svg.c), and record lookups.
 */
#ifndef VMXB_HOST_SITE_HTML_H
#define VMXB_HOST_SITE_HTML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <jansson.h>

#include "lib/casematrix.h"
#include "lib/runset.h"


/** @p s as a file-name part: [A-Za-z0-9._-] kept, anything else '_', and a hash of the
 *  original appended when anything changed or it is too long, so two names never collide. */
void site_name(const char *s, char *out, size_t outsz);

/** Start a page: doctype, inline style, a header with @p title and a link home (@p depth: 0 index, 1 subdirectory). */
void site_page_begin(FILE *f, const char *title, int depth);
void site_page_end(FILE *f);

/** Record text as HTML text (esc_html of the whole string; NULL as ""). */
void site_text(FILE *f, const char *s);

/**
 * A horizontal bar chart as an inline image (data:image/svg+xml;base64): one bar per
 * label at @p value, a whisker from @p lo to @p hi (negative: none), @p unit on the axis.
 */
void site_bar_chart(FILE *f, const char *title, const char *unit, const char *const *labels,
		    const double *value, const double *lo, const double *hi, size_t n);

/**
 * Cumulative distribution curves, one per series, as an inline image: series i has
 * npts[i] points (x[i][k] ascending, y = fraction of samples <= x).
 */
void site_cdf_chart(FILE *f, const char *title, const char *unit, const char *const *labels,
		    const double *const *x, const double *const *y, const size_t *npts, size_t n);

/** A string member of @p o, "" when absent. */
const char *site_str(json_t *o, const char *k);
/** A number member of @p o (0 when absent). */
double site_num(json_t *o, const char *k);
/** A table cell of record text, with CSS class @p cls (may be NULL). */
void site_td(FILE *f, const char *cls, const char *s);
/** Start a scrollable table with a header row of @p n column names. */
void site_th_row(FILE *f, const char *const *cols, size_t n);
/** A link to DIR/FILE.html (FILE from site_name) with @p text, from @p depth below the site. */
void site_link(FILE *f, const char *dir, const char *file, const char *text, int depth);
/** Open DIR/SUB/NAME.html for writing (message on @p err when it fails). */
FILE *site_open_page(const char *dir, const char *sub, const char *name, FILE *err);
/** The first meas record of @p name in an open run, or NULL. */
json_t *site_find_meas(const struct stored_run *r, const char *name);
/** "d" (deviation) or "s" (skip) for a verdict cell, else NULL. */
const char *site_verdict_class(json_t *rec);
/** The page name of a case row (site_name of "suite.id"). */
void site_case_file(const struct cm_row *row, char *out, size_t outsz);
/** Start a row with the linked case and its SDM section. */
void site_case_cell(FILE *f, const struct casematrix *m, size_t row, int depth);

/* The pages (site_pages.c). @return 0 or a negative errno. */
int site_case_pages(const char *dir, const struct casematrix *m, FILE *err);
int site_model_pages(const char *dir, const struct runset *rs, const struct casematrix *m,
		     FILE *err);
int site_machine_pages(const char *dir, const struct runset *rs, json_t *machines, FILE *err);

#endif
