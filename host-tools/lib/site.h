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

#endif
