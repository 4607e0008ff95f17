/** @file
 * Calling the firmware between measurements (UEFI: boot services stay
 * alive for the whole run, so a network sink can upload records and the
 * screen can show progress).
 *
 * The payload runs on its own GDT, TSS, IDT and page tables with interrupts
 * masked; the firmware's interrupt handlers, timer events and drivers expect
 * theirs. fw_enter() puts back the firmware's GDT (and its code and data
 * selectors), IDT and CR3 as the boot wrapper found them and enables
 * interrupts; fw_leave() masks interrupts and returns to the payload's.
 * Between the two, firmware services may be called (through the hooks the
 * boot wrapper registered) and the firmware's timer runs its events.
 *
 * Only the boot CPU calls the firmware (UEFI is not multiprocessor safe),
 * never inside a measurement. On a boot path without firmware (Multiboot)
 * nothing is registered: fw_enter() returns false and the hooks do nothing.
 */
#ifndef VMXB_PLATFORM_FW_H
#define VMXB_PLATFORM_FW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct run_status;

/** What a boot wrapper's firmware can do for the core; any member may be NULL. */
struct fw_ops {
	/** Text to the firmware console (UEFI ConOut): lines end in "\n". */
	void (*text)(const char *s, size_t n);
	/** Draw the status screen. */
	void (*status)(const struct run_status *st);
	/** Hand the machine back to the firmware for good (exit=return): does not return. */
	void (*leave_payload)(int status);
};

/**
 * Remember the CPU state the firmware runs on (GDT, IDT, CR3, CS, DS, SS):
 * call on the boot CPU before anything of the payload's is loaded. @p ops
 * must outlive the run.
 */
void fw_capture(const struct fw_ops *ops);

/** True when a boot wrapper registered a firmware. */
bool fw_present(void);

/**
 * Switch to the firmware's state, interrupts on. @return false (nothing
 * switched) without a firmware, on an AP, or when already entered; only
 * call fw_leave() after true.
 */
bool fw_enter(void);

/** Back to the payload's GDT, IDT and CR3, interrupts off. */
void fw_leave(void);

/**
 * Text to the firmware console, entering the firmware for it unless a hook
 * already runs there. @return false when there is none or this is an AP.
 */
bool fw_text(const char *s, size_t n);

/**
 * Redraw the status screen between measurements (platform/status.c calls
 * it), in one fw_enter()/fw_leave(), if the firmware has a screen.
 */
void fw_status(const struct run_status *st);

/** Give the machine back to the firmware (exit=return); returns only without a firmware. */
void fw_return(int status);

#endif
