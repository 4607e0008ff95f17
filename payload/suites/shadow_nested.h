/** @file
 * Shadow suite: the nested hypervisor's side (docs/shadow-suite.md). It
 * keeps the in-memory copy of its guest's VMCS ("vmcs12", one slot per
 * supported FULL field) and emulates a VMREAD/VMWRITE that exited to it the
 * way a nested hypervisor does: decode the exit qualification and the
 * instruction information (SDM §27.2.1, §27.2.5), read or write the slot,
 * set RFLAGS as the instruction would (§30.2), advance RIP. The exit
 * handler (shadow_env.c) calls it in SHADOW_MODE_NESTED; the cost part
 * times it (path "exiting") and the vmcs12 <-> shadow VMCS sync.
 */
#ifndef VMXB_SUITES_SHADOW_NESTED_H
#define VMXB_SUITES_SHADOW_NESTED_H

#include <stdint.h>
#include "vmx/loop.h"

#define SHADOW_MAX_ENCS 400

/** The nested hypervisor's in-memory VMCS. */
struct shadow_vmcs12 {
	uint16_t slot_of[0x8000];      /**< enc[14:0] -> slot + 1 (0: not a field) */
	uint64_t val[SHADOW_MAX_ENCS]; /**< one slot per supported FULL field */
	unsigned nslots;
};

/** Zero @p v and give each FULL encoding of @p enc[0..n) a slot (a _HIGH one shares its FULL's). */
void shadow_vmcs12_init(struct shadow_vmcs12 *v, const uint32_t *enc, unsigned n);

/**
 * Emulate the VMREAD/VMWRITE exit (@p reason 23/25) the run loop @p l holds
 * on @p v: an encoding without a slot fails as VMfailValid(12) would.
 * @return 0 (resume the guest)
 */
int shadow_nested_exit(struct shadow_vmcs12 *v, struct vmx_loop *l, uint32_t reason);

#endif
