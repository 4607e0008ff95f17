/** @file
 * The console: where records and human-readable lines go (16550 UART; the
 * firmware console, fw.h, when the port has no UART and the boot path has a
 * firmware).
 */
#ifndef VMXB_PLATFORM_CONSOLE_H
#define VMXB_PLATFORM_CONSOLE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/** Program the UART at @p port (0 = none) for @p baud, 8N1, FIFO on, if one answers there. */
void console_init(uint16_t port, uint32_t baud);
void console_write(const char *s, size_t n);
/** The UART's programmed rate (0: no UART) and the bytes it takes per THRE (16 with its FIFO, else 1; 0: no UART). */
void console_rate(uint32_t *baud, unsigned *fifo);
/** Wait (bounded) until the UART has sent everything: before leaving the payload. */
void console_flush(void);
/** printf subset: %s %c %d %u %x %lx %llx %lu %llu %ld %lld %p, with 0-pad and width. */
void con_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
