/** @file
 * Named shadow-VMCS field sets and the break-even per set (docs/shadow-suite.md
 * "Sync and break-even"). Pure: the host unit tests resolve the sets on real
 * CPUs' capability MSRs and check the arithmetic.
 *
 * A set lists fields with how a nested hypervisor syncs them between its
 * in-memory vmcs12 and the shadow VMCS (SDM Vol. 3C §24.10): read-write
 * fields both ways (vmcs12 -> shadow before the guest hypervisor runs, shadow
 * -> vmcs12 after it ran), read-only (VM-exit information) fields one way,
 * vmcs12 -> shadow only, because the guest hypervisor cannot change them.
 */
#ifndef VMXB_VMX_SHADOW_SETS_H
#define VMXB_VMX_SHADOW_SETS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "vmx/caps.h"

/** One field of a named set. */
struct shadow_set_field {
	const char *name; /**< SDM name as in vmx/fields.def (_HIGH for a high half) */
	uint16_t enc;
	bool ro;          /**< synced one way (vmcs12 -> shadow) */
};

/** KVM's shadow set, Linux 5.10.13 arch/x86/kvm/vmx/vmcs_shadow_fields.h: 12 read-only, 24 read-write. */
extern const struct shadow_set_field shadow_set_kvm[];
extern const size_t shadow_set_kvm_count;

/** Sync direction. */
enum shadow_sync_dir {
	SHADOW_SYNC_READ,  /**< shadow -> vmcs12 after the guest hypervisor ran: VMREADs (read-write fields) */
	SHADOW_SYNC_WRITE, /**< vmcs12 -> shadow before it runs: VMWRITEs (every field of the set) */
};

/**
 * The encodings of @p set[0..n) that one sync in direction @p d moves on a CPU
 * with @p caps, into @p out (at most @p max), in table order. Dropped, as KVM
 * drops them on x86-64: _HIGH halves (the FULL access moves all 64 bits), fields
 * the CPU does not support (shadow_field_supported), and for SHADOW_SYNC_WRITE
 * read-only fields when IA32_VMX_MISC bit 29 is 0 (VMWRITE to them fails).
 * @p listed (may be NULL) gets the number of entries the set lists for @p d.
 * @return the number of encodings written
 */
unsigned shadow_set_resolve(const struct shadow_set_field *set, size_t n, const struct vmx_caps *caps,
			    enum shadow_sync_dir d, uint32_t *out, unsigned max, unsigned *listed);

/**
 * Break-even, in thousandths (rounded half away from zero): guest
 * VMREAD/VMWRITEs per nested exit above which shadowing pays when a sync each
 * way costs @p sync_read + @p sync_write and an access costs @p exiting
 * through an exit, @p shadowed without (all in the same unit, any scale).
 * @return false (and *milli untouched) when exiting is not slower than shadowed
 */
bool shadow_breakeven_milli(int64_t sync_read, int64_t sync_write, int64_t exiting, int64_t shadowed,
			    int64_t *milli);

#endif
