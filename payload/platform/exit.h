/** @file
 * Leaving the payload (platform/exit.c).
 */
#ifndef VMXB_PLATFORM_EXIT_H
#define VMXB_PLATFORM_EXIT_H

enum exit_mode {
	EXIT_HALT,   /**< cli; hlt forever (default: a lab machine waits) */
	EXIT_BOCHS,  /**< Bochs iodebug port 0x8A00: ends the emulator */
	EXIT_QEMU,   /**< isa-debug-exit at 0xf4 */
	EXIT_REBOOT, /**< keyboard controller / 0xCF9 reset */
	EXIT_RETURN, /**< UEFI: return to the firmware (its boot manager); without one: halt */
};

/** Leave as @p mode says; @p status reaches QEMU's exit code. */
void platform_exit(enum exit_mode mode, int status) __attribute__((noreturn));

#endif
