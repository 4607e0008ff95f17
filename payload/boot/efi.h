/** @file
 * What the UEFI boot wrapper's files share (boot/efi_main.c, efi_con.c,
 * efi_return.S). Only boot/efi* include the EFI headers (gnu-efi's, with
 * GNU_EFI_USE_MS_ABI: firmware calls go straight through ms_abi function
 * pointers, no call wrapper).
 */
#ifndef VMXB_BOOT_EFI_H
#define VMXB_BOOT_EFI_H

#include <efi.h>
#include <stddef.h>
#include <stdint.h>

extern EFI_SYSTEM_TABLE *efi_st;

/** The firmware hooks (platform/fw.h) for ConOut: text and the status screen. */
void efi_con_text(const char *s, size_t n);
struct run_status;
void efi_con_status(const struct run_status *st);

/**
 * Call @p fn(@p arg) on this stack; efi_return(@p v) from anywhere below
 * makes efi_run() return @p v (exit=return: back to the firmware).
 */
uint64_t efi_run(void (*fn)(void *), void *arg);
void efi_return(uint64_t v) __attribute__((noreturn));

#endif
