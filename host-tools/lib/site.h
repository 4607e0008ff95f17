/** @file
 * `vmxbench report --site DIR`: a static site fit to publish. Every page is
 * written directly as HTML (no Markdown step): record text always goes
 * through esc_html, file names made from record text through site_name.
 * Every page is self-contained: its style inline, its charts inline as SVG
 * data images (site_svg.c); readable at 800 px.
 *   index.html             summary per model and machine, the VMX features
 *                          that differ, the cases that differ, the measurements
 *   model/<cpu>.html       one CPU model: its runs (metadata), deviations, skips, measurements
 *   machine/<key>.html     one machine: its runs and their summaries
 *   case/<suite>.<id>.html one case: SDM section, description, outcome on every model
 */
#ifndef VMXB_HOST_SITE_H
#define VMXB_HOST_SITE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "lib/runset.h"

/** Write the site of @p rs into @p dir (created). @return 0, or a negative errno (message on @p err). */
int site_write(const char *dir, const struct runset *rs, FILE *err);

/* Shared by the site's writers (site_*.c). */

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

#endif
