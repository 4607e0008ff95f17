/** @file
 * The report as HTML: converts the Markdown subset the report writers emit
 * (headings, pipe tables with alignment, "- " lists, paragraphs, **bold**,
 * `code`, links, images, backslash escapes, and the report's own
 * <details><summary>TEXT</summary> and </details> lines) into one standalone
 * page. Not a general Markdown implementation. Safe for untrusted text:
 * everything is escaped (esc_html), no other raw HTML passes, links are only
 * relative or http(s) and images only relative (esc_url_ok; a refused link or
 * image keeps its text).
 */
#ifndef VMXB_HOST_MDHTML_H
#define VMXB_HOST_MDHTML_H

#include <stdio.h>

/** Write @p md (NUL-terminated Markdown) to @p f as an HTML page titled @p title. */
void mdhtml_write(FILE *f, const char *md, const char *title);

/**
 * The same, with every relative .png/.svg image that exists under @p base
 * (the report's directory) inlined as a data: URL, so the page is one
 * self-contained file that can be mailed alone.
 */
void mdhtml_write_inline(FILE *f, const char *md, const char *title, const char *base);

#endif
