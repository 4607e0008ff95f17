/** @file
 * The outcome of one attempted VMX operation (an entry, a VMX instruction),
 * and its text form for records. Pure. (The verdict of expected vs observed
 * is the case writer's: suites/case.h, suites/verdict.h.)
 *
 * Text forms (docs/entry-suite.md):
 *   "ok"                  entered, and the guest called back (VMCALL)
 *   "vmfail-invalid"      CF=1 (SDM §30.2)
 *   "vmfail-valid:N"      ZF=1, VM-instruction error N (SDM §30.4)
 *   "exit:R:Q"            VM-entry failure exit: basic reason R (33, 34, 41)
 *                         with exit qualification Q (SDM §26.8, §27.2.1)
 *   "vmexit:R"            entered, then a VM exit with basic reason R that was
 *                         not the guest's call back
 *   "vmexit:R:vV"         ... an exception or NMI exit (R = 0) with vector V
 *                         (VM-exit interruption information, SDM §27.2.2)
 *   "vmexit:R:vV:qQ"      ... and exit qualification Q where the SDM defines it
 *                         for that vector (#DB: debug bits; #PF: the linear
 *                         address; §27.2.1). An expectation written with fewer
 *                         parts matches any observation with those parts equal.
 *   "exception:V"         the instruction raised exception vector V
 *   "timeout"             the guest did not call back in time (VMX-preemption
 *                         timer exit, or the TSC bound)
 *   "bad-flags:F"         RFLAGS F (decimal) after the instruction match none
 *                         of VMsucceed / VMfailInvalid / VMfailValid
 */
#ifndef VMXB_VMX_OUTCOME_H
#define VMXB_VMX_OUTCOME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "vmx/exit_reason.h"
#include "vmx/result.h"

/* VM-instruction error numbers, SDM Vol. 3 §30.4 "VM-Instruction Error Numbers". */
#define VMX_INSN_ERRORS(X)                                                          \
	X(1, VMCALL_IN_ROOT, "VMCALL executed in VMX root operation")                \
	X(2, VMCLEAR_INVALID_ADDR, "VMCLEAR with invalid physical address")          \
	X(3, VMCLEAR_VMXON_PTR, "VMCLEAR with VMXON pointer")                        \
	X(4, VMLAUNCH_NONCLEAR, "VMLAUNCH with non-clear VMCS")                      \
	X(5, VMRESUME_NONLAUNCHED, "VMRESUME with non-launched VMCS")                \
	X(6, VMRESUME_AFTER_VMXOFF, "VMRESUME after VMXOFF")                         \
	X(7, ENTRY_INVALID_CONTROLS, "VM entry with invalid control field(s)")       \
	X(8, ENTRY_INVALID_HOST, "VM entry with invalid host-state field(s)")        \
	X(9, VMPTRLD_INVALID_ADDR, "VMPTRLD with invalid physical address")          \
	X(10, VMPTRLD_VMXON_PTR, "VMPTRLD with VMXON pointer")                       \
	X(11, VMPTRLD_BAD_REVISION, "VMPTRLD with incorrect VMCS revision identifier") \
	X(12, UNSUPPORTED_COMPONENT, "VMREAD/VMWRITE from/to unsupported VMCS component") \
	X(13, VMWRITE_READ_ONLY, "VMWRITE to read-only VMCS component")              \
	X(15, VMXON_IN_ROOT, "VMXON executed in VMX root operation")                 \
	X(16, ENTRY_INVALID_EXEC_PTR, "VM entry with invalid executive-VMCS pointer") \
	X(17, ENTRY_NONLAUNCHED_EXEC, "VM entry with non-launched executive VMCS")   \
	X(18, ENTRY_EXEC_NOT_VMXON, "VM entry with executive-VMCS pointer not VMXON pointer") \
	X(19, VMCALL_NONCLEAR, "VMCALL with non-clear VMCS")                         \
	X(20, VMCALL_INVALID_EXIT_CTLS, "VMCALL with invalid VM-exit control fields") \
	X(22, VMCALL_BAD_MSEG_REVISION, "VMCALL with incorrect MSEG revision identifier") \
	X(23, VMXOFF_DUAL_MONITOR, "VMXOFF under dual-monitor treatment of SMIs and SMM") \
	X(24, VMCALL_INVALID_SMM_FEATURES, "VMCALL with invalid SMM-monitor features") \
	X(25, ENTRY_INVALID_EXEC_CTLS_EXEC, "VM entry with invalid VM-execution control fields in executive VMCS") \
	X(26, ENTRY_MOV_SS_BLOCKING, "VM entry with events blocked by MOV SS")       \
	X(28, INVALID_INVEPT_INVVPID, "Invalid operand to INVEPT/INVVPID")

enum vmx_insn_error {
#define X(n, name, text) VMXERR_##name = (n),
	VMX_INSN_ERRORS(X)
#undef X
};

/** The SDM's text for error @p n, or NULL when the number is not defined. */
const char *vmx_insn_error_text(uint32_t n);

/* Exit qualifications of a failed entry for invalid guest state (SDM §26.8). */
#define ENTRY_FAIL_QUAL_DEFAULT 0
#define ENTRY_FAIL_QUAL_PDPTE 2
#define ENTRY_FAIL_QUAL_NMI 3
#define ENTRY_FAIL_QUAL_LINK_PTR 4

enum outcome_kind {
	OUTCOME_NONE = 0,     /**< not known / not run */
	OUTCOME_OK,
	OUTCOME_VMFAIL_INVALID,
	OUTCOME_VMFAIL_VALID,
	OUTCOME_ENTRY_FAIL,
	OUTCOME_VMEXIT,
	OUTCOME_EXCEPTION,
	OUTCOME_TIMEOUT,
	OUTCOME_BAD_FLAGS,    /**< RFLAGS matching no VMX convention; code = RFLAGS[31:0] */
};

/* Which details of an OUTCOME_VMEXIT are known (struct outcome .details). */
#define OUTCOME_HAS_VECTOR 1u
#define OUTCOME_HAS_QUAL 2u

struct outcome {
	enum outcome_kind kind;
	uint32_t code;  /**< error number, basic exit reason or vector */
	uint64_t qual;  /**< exit qualification (OUTCOME_ENTRY_FAIL; OUTCOME_VMEXIT with OUTCOME_HAS_QUAL) */
	uint32_t vector;  /**< OUTCOME_VMEXIT with OUTCOME_HAS_VECTOR: the exception or NMI vector */
	uint32_t details; /**< OUTCOME_HAS_* (OUTCOME_VMEXIT only) */
};

static inline struct outcome outcome_make(enum outcome_kind k, uint32_t code, uint64_t qual)
{
	struct outcome o = { k, code, qual, 0, 0 };

	return o;
}

/** An exception or NMI exit (reason 0) with vector @p v; @p with_qual adds qualification @p q. */
static inline struct outcome outcome_exc_exit(uint32_t v, bool with_qual, uint64_t q)
{
	struct outcome o = { OUTCOME_VMEXIT, 0, with_qual ? q : 0, v,
			     OUTCOME_HAS_VECTOR | (with_qual ? OUTCOME_HAS_QUAL : 0) };

	return o;
}
#define OUTCOME_OK_V outcome_make(OUTCOME_OK, 0, 0)
#define OUTCOME_INVALID_V outcome_make(OUTCOME_VMFAIL_INVALID, 0, 0)
#define OUTCOME_VALID_V(n) outcome_make(OUTCOME_VMFAIL_VALID, (n), 0)
#define OUTCOME_ENTRY_FAIL_V(r, q) outcome_make(OUTCOME_ENTRY_FAIL, (r), (q))
#define OUTCOME_EXCEPTION_V(v) outcome_make(OUTCOME_EXCEPTION, (v), 0)

/** From a VMX instruction outcome (result.h): VMsucceed → ok, faults → exception. */
struct outcome outcome_from_insn(const struct vmx_outcome *o);

/** Text form into @p buf (at least 32 bytes for every form). @return @p buf */
char *outcome_format(const struct outcome *o, char *buf, size_t n);
/** Parse a text form. @return 0, or -1 when @p s is not one */
int outcome_parse(const char *s, struct outcome *o);
/**
 * Does observation @p b match expectation @p a? Kinds and codes must be
 * equal; a VM exit's vector and qualification are compared only where @p a
 * states them (a "vmexit:0" expectation matches "vmexit:0:v13").
 */
bool outcome_equal(const struct outcome *a, const struct outcome *b);

#endif
