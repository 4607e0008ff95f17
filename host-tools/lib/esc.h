/** @file
 * Record text is untrusted (it comes from a machine anyone may control).
 * Every output language the host tools write has one escaping function
 * here, and every place that writes record text into that language uses it.
 *
 * Terminal: control characters (C0, DEL, the C1 range U+0080..U+009F) and
 * bytes that are not valid UTF-8 are shown as \xNN, so a record cannot move
 * the cursor, retitle the window or hide a line.
 */
#ifndef VMXB_HOST_ESC_H
#define VMXB_HOST_ESC_H

#include <stddef.h>
#include <stdio.h>

/**
 * @p s made safe for a terminal into @p buf of @p bufsz bytes (cut with "..."
 * when it does not fit; NULL reads as ""). @return @p buf, for printf's "%s".
 */
const char *esc_term(const char *s, char *buf, size_t bufsz);

#endif
