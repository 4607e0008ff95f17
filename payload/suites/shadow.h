/** @file
 * The shadow suite (docs/shadow-suite.md): VMCS shadowing semantics and the
 * cost of VMREAD/VMWRITE on every path a nested hypervisor has. The runner
 * (shadow.c) sets up the environment (shadow_env.h), runs these parts in
 * turn and tears down; each part uses the environment and writes records.
 */
#ifndef VMXB_SUITES_SHADOW_H
#define VMXB_SUITES_SHADOW_H

#include "suites/shadow_env.h"

/** Per-field semantics: every supported encoding under six bitmap settings (shadow_sem.c). */
void shadow_sem_run(struct shadow_suite *s);
/** Single-access semantics: operand bits, link pointer, memory forms, CPL 3, ... (shadow_one.c). */
void shadow_single_run(struct shadow_suite *s);
/** Cost of VMREAD/VMWRITE per path and the bare transition, then shadow_sync_run (shadow_cost.c). */
void shadow_cost_run(struct shadow_suite *s);
/**
 * Cost of the vmcs12 <-> shadow VMCS sync per field set (KVM's, all, the first
 * K), hot and cold, and the break-even per set against @p exiting and
 * @p shadowed (ticks per access x 1000, -1 when not measured) (shadow_sync.c).
 */
void shadow_sync_run(struct shadow_suite *s, int64_t exiting, int64_t shadowed);
/** Execute instructions with displacement shadow_stale_displacement() until any recycled decode slot holds it (shadow_stale.c). */
void shadow_stale_fill(void);
uint64_t shadow_stale_displacement(void);

#endif
