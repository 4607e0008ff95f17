/** @file
 * The payload side of emulator recognition: gathers the clues (CPUID,
 * SMBIOS) and asks emu_detect (platform/emu_detect.h).
 */
#ifndef VMXB_PLATFORM_EMU_PROBE_H
#define VMXB_PLATFORM_EMU_PROBE_H

#include <stddef.h>
#include <stdint.h>

/**
 * Recognise the emulator this runs under. @p smbios_hint: the boot path's
 * SMBIOS entry point (0: scan the BIOS area). @p name gets "bochs",
 * "qemu-tcg" or "", @p evidence what showed it.
 */
void emu_probe(uint64_t smbios_hint, char *name, size_t namesz, char *evidence, size_t evsz);

#endif
