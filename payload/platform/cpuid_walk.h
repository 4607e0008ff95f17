/** @file
 * Which CPUID leaves and sub-leaves exist, and the signature decode.
 *
 * Pure: the walk asks a callback for each leaf/sub-leaf (the CPUID
 * instruction on the payload, a recorded dump in unit tests) and reports
 * each result, so the enumeration rules are tested on the host.
 */
#ifndef VMXB_PLATFORM_CPUID_WALK_H
#define VMXB_PLATFORM_CPUID_WALK_H

#include <stdbool.h>
#include <stdint.h>

/** Highest leaves the walk visits, whatever leaf 0 / 0x80000000 / 0x40000000 claim. */
#define CPUID_BASIC_CAP 0x40u
#define CPUID_EXT_CAP 0x80000040u
#define CPUID_HV_CAP 0x40000020u
/** Sub-leaf cap for leaves enumerated "until type 0" or "0..EAX". */
#define CPUID_SUB_CAP 64u

struct cpuid_walk {
	/** Execute CPUID(leaf, sub) into r[0..3] = EAX, EBX, ECX, EDX. */
	void (*query)(uint32_t leaf, uint32_t sub, uint32_t r[4], void *ctx);
	/** One executed leaf/sub-leaf. */
	void (*emit)(uint32_t leaf, uint32_t sub, const uint32_t r[4], void *ctx);
	/** Something capped or odd (may be NULL). */
	void (*warn)(const char *msg, void *ctx);
	void *ctx;
	unsigned count; /**< out: leaf/sub-leaf pairs emitted */
};

/**
 * Visit basic leaves 0..max, extended 0x80000000..max and, when CPUID.1:ECX[31]
 * says a hypervisor is present, 0x40000000..max, with the sub-leaves each leaf
 * defines (SDM Vol. 2A, CPUID). Bounded by the caps above.
 */
void cpuid_walk(struct cpuid_walk *w);

struct cpuid_sig {
	unsigned family, model, stepping; /**< display values */
};

/** Display family/model/stepping from CPUID.1:EAX (SDM Vol. 2A, CPUID, Figure 3-6). */
struct cpuid_sig cpuid_signature(uint32_t eax1);

/** Vendor string (12 chars + NUL) from CPUID.0 EBX, EDX, ECX. */
void cpuid_vendor(const uint32_t r0[4], char out[13]);

#endif
