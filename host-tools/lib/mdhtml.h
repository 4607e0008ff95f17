/** @file
 * The report as HTML: converts the Markdown subset the report writers emit
 * (headings, pipe tables with alignment, "- " lists, paragraphs, **bold**,
 * `code`, links, images, and raw <details>/<summary> lines) into one
 * standalone page. Not a general Markdown implementation.
 */
#ifndef VMXB_HOST_MDHTML_H
#define VMXB_HOST_MDHTML_H

#include <stdio.h>

/** Write @p md (NUL-terminated Markdown) to @p f as an HTML page titled @p title. */
void mdhtml_write(FILE *f, const char *md, const char *title);

#endif
