/** @file
 * Outcome of one VMX instruction, classified the way the SDM describes it
 * (Vol. 3C §30.2 "Conventions"): VMsucceed, VMfailInvalid, VMfailValid(n),
 * or an exception instead. Pure: shared by every VMX instruction wrapper and
 * by the records that print "expected"/"observed".
 */
#ifndef VMXB_VMX_RESULT_H
#define VMXB_VMX_RESULT_H

#include <stddef.h>
#include <stdint.h>

enum vmx_result {
	VMX_OK,           /**< VMsucceed: CF, PF, AF, ZF, SF, OF all 0 */
	VMX_FAIL_INVALID, /**< VMfailInvalid: CF = 1, the other five 0 */
	VMX_FAIL_VALID,   /**< VMfailValid: ZF = 1, the other five 0; error in VMCS 0x4400 */
	VMX_FAULT,        /**< an exception instead (vector in the outcome) */
	VMX_SKIPPED,      /**< not executed */
	VMX_BAD_FLAGS,    /**< RFLAGS matching none of the three conventions */
};

struct vmx_outcome {
	enum vmx_result result;
	int vector;     /**< VMX_FAULT: exception vector */
	uint32_t error; /**< VMX_FAIL_VALID: VM-instruction error number (0 if unreadable) */
	uint64_t rflags; /**< RFLAGS right after the instruction (not for VMX_FAULT) */
};

/* RFLAGS arithmetic flags the VMX conventions set or clear. */
#define VMX_RFLAGS_CF (1u << 0)
#define VMX_RFLAGS_PF (1u << 2)
#define VMX_RFLAGS_AF (1u << 4)
#define VMX_RFLAGS_ZF (1u << 6)
#define VMX_RFLAGS_SF (1u << 7)
#define VMX_RFLAGS_OF (1u << 11)
#define VMX_RFLAGS_ARITH (VMX_RFLAGS_CF | VMX_RFLAGS_PF | VMX_RFLAGS_AF | VMX_RFLAGS_ZF | \
			  VMX_RFLAGS_SF | VMX_RFLAGS_OF)

/** Classify RFLAGS after a VMX instruction that did not fault. */
enum vmx_result vmx_result_from_rflags(uint64_t rflags);

/** "ok", "vmfail-invalid", "vmfail-valid", "fault", "skipped", "bad-flags". */
const char *vmx_result_name(enum vmx_result r);

/**
 * Format an outcome as records write it: "ok", "vmfail-invalid",
 * "vmfail-valid:7", "fault:13", "skipped", "bad-flags:0x41".
 * @return length written (truncated to @p n - 1), like snprintf.
 */
size_t vmx_outcome_format(const struct vmx_outcome *o, char *buf, size_t n);

#endif
