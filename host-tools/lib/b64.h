/** @file
 * Base64 (RFC 4648, with padding), for images inlined as data: URLs so a page
 * stays one self-contained file.
 */
#ifndef VMXB_HOST_B64_H
#define VMXB_HOST_B64_H

#include <stddef.h>
#include <stdio.h>

/** Write @p n bytes of @p p to @p f as base64. */
void b64_write(FILE *f, const unsigned char *p, size_t n);

#endif
