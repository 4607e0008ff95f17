/** @file
 * Emulator recognition (see emu_detect.h). One table: the clue, the text
 * that must start it, the emulator it names.
 *
 * A hypervisor on silicon (KVM, Hyper-V, ...) is not an emulator: its runs
 * are real hardware behind a VM and the host marks them "vm" from the
 * hypervisor bit. QEMU's TCG announces itself in CPUID leaf 0x40000000;
 * Bochs's BIOS names itself in SMBIOS type 0.
 */
#include <string.h>

#include "lib/fmt.h"
#include "platform/emu_detect.h"

enum clue { HV_SIGNATURE, BIOS_VENDOR, BIOS_VERSION };

static const struct {
	enum clue clue;
	const char *prefix;
	const char *emulator;
	const char *what;
} signs[] = {
	{ HV_SIGNATURE, "TCGTCGTCGTCG", "qemu-tcg", "CPUID 0x40000000 signature" },
	{ BIOS_VENDOR, "The Bochs Project", "bochs", "SMBIOS BIOS vendor" },
	{ BIOS_VERSION, "Bochs", "bochs", "SMBIOS BIOS version" },
};

const char *emu_detect(const struct emu_clues *c, char *evidence, size_t evsz)
{
	for (size_t i = 0; i < sizeof(signs) / sizeof(signs[0]); i++) {
		const char *v = signs[i].clue == HV_SIGNATURE ? c->hv_signature :
				signs[i].clue == BIOS_VENDOR  ? c->bios_vendor :
								c->bios_version;

		if (!v || strncmp(v, signs[i].prefix, strlen(signs[i].prefix)) != 0)
			continue;
		if (evidence && evsz)
			fmt_snprintf(evidence, evsz, "%s \"%s\"", signs[i].what, v);
		return signs[i].emulator;
	}
	if (evidence && evsz)
		evidence[0] = 0;
	return NULL;
}
