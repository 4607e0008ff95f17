/** @file
 * What a CPU's generation usually has: the VMX capability MSRs read off real
 * Intel CPUs (tests/data/real-cpus/vmx-msrs.csv, VirtualBox's VBoxCpuReport on
 * the real hosts; built into a table by scripts/gen-realcpus.sh). A run is
 * compared with the newest of those CPUs that is not newer than its own
 * generation (host-tools/lib/uarch.c's order): a feature that reference has
 * and the run lacks is unusual for the generation (firmware, a hypervisor or
 * an emulator masked it).
 */
#ifndef VMXB_HOST_GENREF_H
#define VMXB_HOST_GENREF_H

#include <stdbool.h>
#include <stdint.h>
#include <jansson.h>

struct genref {
	const char *cpu, *generation; /**< as the CSV names them */
	uint32_t eax1;                /**< CPUID.1:EAX */
	uint64_t val[20];             /**< MSRs 0x480..0x493 */
	bool present[20];
};

/** The reference for a CPU (display family/model, stepping), or NULL (not an Intel big core, or older than every reference). */
const struct genref *genref_for(const char *vendor, unsigned family, unsigned model,
				unsigned stepping);

/** The reference as a vmx_caps-like object (controls, ept_vpid, vmfunc) for vmxfeat_value; caller decrefs. */
json_t *genref_caps(const struct genref *g);

struct cpuid_dump;

/**
 * Is value @p v of feature @p i (vmxfeat.h) unusual for a CPU whose
 * generation reference is @p ref_caps (genref_caps)? True when the reference
 * has the feature and the run says "no", unless the run's CPUID (@p d, may be
 * NULL) says the CPU lacks what the control serves (MPX, SGX, Intel PT, CET,
 * ...; such features come and go between products, as MPX did after Skylake).
 */
bool genref_unusual(json_t *ref_caps, size_t i, const char *v, const struct cpuid_dump *d);

/** How many references there are, and reference @p i (tests). */
size_t genref_count(void);
const struct genref *genref_at(size_t i);

#endif
