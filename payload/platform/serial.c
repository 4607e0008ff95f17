/** @file
 * The console on a 16550 UART, polled (interrupts stay off), and con_printf.
 *
 * Lines go out as they are, "\n" not translated: the serial log is the data
 * the host tools parse. With port 0 (console=none) output is dropped. A port
 * with no UART behind it (the scratch register does not keep what was
 * written: many UEFI machines have no COM1) sends the output to the
 * firmware console instead when the boot path has one (fw.h), else drops it.
 */
#include <stdint.h>
#include "lib/fmt.h"
#include "platform/console.h"
#include "platform/spinlock.h"
#include "platform/cpu.h"
#include "platform/fw.h"

#define UART_THR 0
#define UART_DLL 0
#define UART_IER 1
#define UART_DLM 1
#define UART_FCR 2
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define UART_SCR 7
#define LSR_THRE 0x20
#define LSR_TEMT 0x40
#define UART_CLOCK_DIV 115200u

static uint16_t con_port;
static bool con_to_fw; /* no UART at the port: the firmware console */

/* A 16550 keeps what is written to its scratch register; a port with
 * nothing behind it reads 0xff. */
static bool uart_present(uint16_t port)
{
	outb(port + UART_SCR, 0x5a);
	if (inb(port + UART_SCR) != 0x5a)
		return false;
	outb(port + UART_SCR, 0xa5);
	return inb(port + UART_SCR) == 0xa5;
}

void console_init(uint16_t port, uint32_t baud)
{
	uint32_t div = baud ? UART_CLOCK_DIV / baud : 1;

	con_port = port;
	con_to_fw = false;
	if (!port)
		return;
	if (!uart_present(port)) {
		con_port = 0;
		con_to_fw = fw_present();
		return;
	}
	if (!div)
		div = 1;
	outb(port + UART_IER, 0x00);       /* no interrupts */
	outb(port + UART_LCR, 0x80);       /* DLAB */
	outb(port + UART_DLL, (uint8_t)div);
	outb(port + UART_DLM, (uint8_t)(div >> 8));
	outb(port + UART_LCR, 0x03);       /* 8N1 */
	outb(port + UART_FCR, 0xc7);       /* FIFO on, cleared, 14-byte threshold */
	outb(port + UART_MCR, 0x03);       /* DTR, RTS; OUT2 off: no IRQ */
}

static void uart_putc(char c)
{
	/* Bounded wait: a missing or stuck UART must not hang the payload. */
	for (unsigned spin = 0; spin < 1000000; spin++) {
		if (inb(con_port + UART_LSR) & LSR_THRE)
			break;
		cpu_relax();
	}
	outb(con_port + UART_THR, (uint8_t)c);
}

/* Several CPUs may write: one line (or one con_printf) at a time. */
static struct spinlock con_lock;

static void uart_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		uart_putc(s[i]);
}

void console_write(const char *s, size_t n)
{
	if (con_to_fw) {
		spin_lock(&con_lock);
		fw_text(s, n);
		spin_unlock(&con_lock);
		return;
	}
	if (!con_port)
		return;
	spin_lock(&con_lock);
	uart_write(s, n);
	spin_unlock(&con_lock);
}

void console_flush(void)
{
	if (!con_port)
		return;
	for (unsigned spin = 0; spin < 1000000; spin++) {
		if (inb(con_port + UART_LSR) & LSR_TEMT)
			break;
		cpu_relax();
	}
}

static void con_out(const char *s, size_t n, void *ctx)
{
	(void)ctx;
	if (con_to_fw)
		fw_text(s, n);
	else
		uart_write(s, n);
}

void con_printf(const char *fmt, ...)
{
	va_list ap;

	if (!con_port && !con_to_fw)
		return;
	spin_lock(&con_lock);
	va_start(ap, fmt);
	fmt_vformat(con_out, NULL, fmt, ap);
	va_end(ap);
	spin_unlock(&con_lock);
}
