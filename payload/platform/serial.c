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
#define UART_IIR 2 /* read side of FCR */
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define UART_SCR 7
#define LSR_THRE 0x20
#define LSR_TEMT 0x40
#define UART_CLOCK_DIV 115200u
/* 16550 transmit FIFO depth; IIR bits 7:6 read 11b once FCR bit 0 enabled it
 * (PC16550D datasheet, "FIFO Control Register" and "Interrupt Identification
 * Register"). A 16450 has no FIFO and reads 00b there. */
#define UART_FIFO_DEPTH 16
#define IIR_FIFO_ON 0xc0

static uint16_t con_port;
static uint32_t con_baud;  /* the rate programmed: 115200 / divisor */
static unsigned con_burst; /* bytes one THRE may take: the FIFO depth, or 1 */
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
	con_baud = 0;
	con_burst = 1;
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
	con_baud = UART_CLOCK_DIV / div;
	if ((inb(port + UART_IIR) & IIR_FIFO_ON) == IIR_FIFO_ON)
		con_burst = UART_FIFO_DEPTH;
}

void console_rate(uint32_t *baud, unsigned *fifo)
{
	*baud = con_baud;
	*fifo = con_port ? con_burst : 0;
}

/* Bounded wait: a missing or stuck UART must not hang the payload. */
static void uart_wait(uint8_t lsr_bit)
{
	for (unsigned spin = 0; spin < 1000000; spin++) {
		if (inb(con_port + UART_LSR) & lsr_bit)
			return;
		cpu_relax();
	}
}

/* Several CPUs may write: one line (or one con_printf) at a time. */
static struct spinlock con_lock;

/* With the FIFO on, THRE means the whole transmit FIFO is empty (PC16550D:
 * "in the FIFO mode THRE is set when the XMIT FIFO is empty"), so one THRE
 * takes a FIFO's worth of bytes: one LSR poll per 16 bytes instead of one per
 * byte. The wire rate is the UART's either way. */
static void uart_write(const char *s, size_t n)
{
	while (n) {
		size_t k = n < con_burst ? n : con_burst;

		uart_wait(LSR_THRE);
		for (size_t i = 0; i < k; i++)
			outb(con_port + UART_THR, (uint8_t)s[i]);
		s += k;
		n -= k;
	}
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
	uart_wait(LSR_TEMT);
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
