/** @file
 * Record text is untrusted (it comes from a machine anyone may control).
 * Every output language the host tools write has one escaping function
 * here, and every place that writes record text into that language uses it.
 *
 * Terminal: control characters (C0, DEL, the C1 range U+0080..U+009F) and
 * bytes that are not valid UTF-8 are shown as \xNN, so a record cannot move
 * the cursor, retitle the window or hide a line.
 *
 * gnuplot: record text goes into data files (column headers, key titles) and
 * into single-quoted script strings (chart titles) only; gnuplot substitutes
 * neither backquotes nor @macros inside single quotes nor anywhere in a data
 * file (checked with gnuplot 5.4). Control characters become spaces.
 *
 * Markdown: text is escaped when the report is generated, so a value can
 * neither split a table cell nor create markup (links, images, emphasis,
 * raw HTML, headings).
 *
 * HTML: text and attribute values escaped; URLs only relative or http(s)
 * (images only relative: a report never loads from the net).
 *
 * XML (JUnit export): as HTML, and control characters and invalid UTF-8 as
 * spaces (XML 1.0 allows neither), so a record cannot break the document.
 *
 * CSV: RFC 4180 quoting, and a cell that is not a plain number but starts with
 * = + - @ TAB or CR is prefixed with ' so a spreadsheet does not run it.
 */
#ifndef VMXB_HOST_ESC_H
#define VMXB_HOST_ESC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/**
 * @p s made safe for a terminal into @p buf of @p bufsz bytes (cut with "..."
 * when it does not fit; NULL reads as ""). @return @p buf, for printf's "%s".
 */
const char *esc_term(const char *s, char *buf, size_t bufsz);

/** Where esc_gp writes. */
enum esc_gp_ctx {
	ESC_GP_SCRIPT, /**< a single-quoted script string: '...' with ' doubled */
	ESC_GP_DATA,   /**< a double-quoted data file field: "..." (a " becomes ') */
	ESC_GP_TEXT,   /**< bare text (a comment line), no quotes */
};
/** @p s (NULL reads as "") for gnuplot, control characters and invalid UTF-8 as spaces. */
void esc_gp(FILE *f, const char *s, enum esc_gp_ctx ctx);

/**
 * @p s (NULL reads as "") as Markdown text: ASCII punctuation that can make
 * markup backslash-escaped, control characters (newlines too) as spaces. With
 * @p code, the text of a `code span` instead (backquotes become ', a | becomes
 * \| as GitHub tables want it).
 */
void esc_md(FILE *f, const char *s, bool code);

/** @p n bytes of @p s as HTML text or attribute value (& < > " ' as entities). */
void esc_html(FILE *f, const char *s, size_t n);
/** @p s (NULL reads as "") as XML text or attribute value (see above). */
void esc_xml(FILE *f, const char *s);

/**
 * May the report link (@p image false) or show (@p image true) the URL @p u of
 * @p n bytes? Links: relative or http(s); images: relative only. No control
 * characters, blanks or backslashes.
 */
bool esc_url_ok(const char *u, size_t n, bool image);

/**
 * One CSV field: quoted when it holds a comma, quote, CR or LF (quotes doubled);
 * a field that is not a plain number and starts with = + - @ TAB or CR gets a
 * leading ' (spreadsheet formula injection). NULL writes nothing.
 */
void esc_csv(FILE *f, const char *s);

#endif
