/** @file
 * Emulator recognition on the machine itself (see emu_probe.h).
 */
#include <string.h>

#include "lib/fmt.h"
#include "platform/cpu.h"
#include "platform/emu_detect.h"
#include "platform/emu_probe.h"
#include "platform/smbios.h"

void emu_probe(uint64_t smbios_hint, char *name, size_t namesz, char *evidence, size_t evsz)
{
	struct smbios_info sm;
	struct emu_clues c = { 0 };
	char hv[13] = "";
	const char *emu;

	/* CPUID.1:ECX[31]: leaf 0x40000000 is the hypervisor's only when it is set */
	if (cpuid(1, 0).ecx >> 31) {
		struct cpuid_regs h = cpuid(0x40000000u, 0);

		memcpy(hv, &h.ebx, 4);
		memcpy(hv + 4, &h.ecx, 4);
		memcpy(hv + 8, &h.edx, 4);
		c.hv_signature = hv;
	}
	smbios_probe(smbios_hint, &sm);
	if (sm.found) {
		c.bios_vendor = sm.bios_vendor;
		c.bios_version = sm.bios_version;
	}
	emu = emu_detect(&c, evidence, evsz);
	fmt_snprintf(name, namesz, "%s", emu ? emu : "");
}
