/** @file
 * Is this an emulator? Decided from what the payload (or, from the stored
 * records, the host) can see, independently of the `emulator=` option a lab
 * passes: that option can be lost (a boot loader cuts long command lines) or
 * left out, and an emulated run must never be published as silicon.
 *
 * Pure: the payload calls it before its `begin` record; the host calls it on
 * a stored run's `identity` and `smbios` records.
 */
#ifndef VMXB_PLATFORM_EMU_DETECT_H
#define VMXB_PLATFORM_EMU_DETECT_H

#include <stdbool.h>
#include <stddef.h>

/** What is seen; any string may be NULL (not known). */
struct emu_clues {
	const char *hv_signature; /**< CPUID 0x40000000 EBX,ECX,EDX when CPUID.1:ECX[31] is set */
	const char *bios_vendor;  /**< SMBIOS type 0 */
	const char *bios_version; /**< SMBIOS type 0 */
};

/**
 * The emulator the clues show ("bochs", "qemu-tcg"), or NULL for none known.
 * @p evidence (may be NULL) receives what showed it, e.g.
 * `SMBIOS BIOS vendor "The Bochs Project"`.
 */
const char *emu_detect(const struct emu_clues *c, char *evidence, size_t evsz);

#endif
