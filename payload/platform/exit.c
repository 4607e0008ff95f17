/** @file
 * Leaving the payload: halt (a lab machine waits), or end the emulator.
 */
#include "platform/console.h"
#include "platform/cpu.h"
#include "platform/exit.h"
#include "platform/fw.h"

static void __attribute__((noreturn)) halt_forever(void)
{
	for (;;) {
		cli();
		hlt();
	}
}

void platform_exit(enum exit_mode mode, int status)
{
	/* Emulators stop at once: let the last line leave the UART first. */
	console_flush();
	switch (mode) {
	case EXIT_BOCHS:
		/* iodebug: enter the debugger, whose rc file says quit. */
		outw(0x8a00, 0x8a00);
		outw(0x8a00, 0x8ae0);
		break;
	case EXIT_QEMU:
		/* isa-debug-exit: QEMU exits with (status << 1) | 1. */
		outb(0xf4, (uint8_t)status);
		break;
	case EXIT_REBOOT:
		outb(0xcf9, 0x02);
		outb(0xcf9, 0x06); /* hard reset */
		for (volatile int i = 0; i < 1000000; i++)
			;
		outb(0x64, 0xfe); /* keyboard controller reset line */
		break;
	case EXIT_RETURN:
		fw_return(status); /* returns only without a firmware */
		break;
	case EXIT_HALT:
		break;
	}
	halt_forever();
}
