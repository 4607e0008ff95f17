/** @file
 * printf-style formatting without libc (pure): the core of con_printf and a
 * bounded snprintf. Conversions: %s %c %d %i %u %x %X %p %%, length modifiers
 * l, ll, z; flags '0' and '-'; a field width.
 */
#ifndef VMXB_LIB_FMT_H
#define VMXB_LIB_FMT_H

#include <stdarg.h>
#include <stddef.h>

/** Receives the formatted output @p n bytes at a time. */
typedef void (*fmt_out_fn)(const char *s, size_t n, void *ctx);

/** Format to @p out; returns the number of bytes produced. */
size_t fmt_vformat(fmt_out_fn out, void *ctx, const char *fmt, va_list ap);

/** Like vsnprintf: always NUL-terminates when @p size > 0; returns the full length. */
size_t fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
size_t fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/** The value of hex digit @p c (0-9, a-f, A-F), or -1. */
int fmt_hex_digit(int c);

#endif
