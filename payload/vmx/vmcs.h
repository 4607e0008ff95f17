/** @file
 * VMCS instructions (VMCLEAR, VMPTRLD, VMPTRST, VMREAD, VMWRITE) with their
 * outcomes classified per SDM Vol. 3C §30.2 ("Conventions": CF=1
 * VMfailInvalid, ZF=1 VMfailValid with the error in field 0x4400), and VMCS
 * regions (§24.2: revision identifier in bits 30:0, bit 31 the shadow-VMCS
 * indicator).
 *
 * Every wrapper runs under trap_call, so a #UD/#GP becomes an outcome
 * (VMX_FAULT) instead of a crash. Each returns 0 on VMsucceed, -1 otherwise;
 * @p o (may be NULL) receives the full outcome.
 */
#ifndef VMXB_VMX_VMCS_H
#define VMXB_VMX_VMCS_H

#include <stdbool.h>
#include <stdint.h>
#include "vmx/result.h"

/** A fresh zeroed VMCS region page with @p revision (| bit 31 when @p shadow). NULL if out of pages. */
void *vmcs_region_alloc(uint32_t revision, bool shadow);
/** Rewrite the header of an existing region (zeroes the rest of the page). */
void vmcs_region_init(void *region, uint32_t revision, bool shadow);

int vmcs_clear(uint64_t pa, struct vmx_outcome *o);
int vmcs_load(uint64_t pa, struct vmx_outcome *o);
int vmcs_store(uint64_t *pa, struct vmx_outcome *o);
int vmcs_read(uint32_t enc, uint64_t *val, struct vmx_outcome *o);
int vmcs_write(uint32_t enc, uint64_t val, struct vmx_outcome *o);

/** VMREAD that returns the value, or @p dflt when it fails. */
uint64_t vmcs_read_or(uint32_t enc, uint64_t dflt);

/**
 * Execute an arbitrary VMX instruction form under a trap guard: @p fn runs
 * with @p arg and stores RFLAGS in *rflags_out. For instruction-misuse cases
 * (VMXON in root, INVEPT, ...). @return 0 on VMsucceed, -1 otherwise.
 */
int vmx_insn_run(void (*fn)(void *arg, uint64_t *rflags), void *arg, struct vmx_outcome *o);

#endif
