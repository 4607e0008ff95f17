/** @file
 * Entering and leaving VMX operation on the calling CPU: IA32_FEATURE_CONTROL
 * (SDM Vol. 3C §23.7), CR0/CR4 fixed bits (§23.8, Appendix A.7/A.8), the
 * VMXON region (§24.11.5) and VMXON/VMXOFF with their outcomes classified
 * (Vol. 3C ch. 30, VMXON/VMXOFF pseudocode), and reading the capability MSRs.
 *
 * Usage (one struct per CPU, zero-initialised; the region is allocated on
 * first use and reused):
 *
 *     static struct vmx_cpu cpu0;
 *     if (vmx_enable(&cpu0) == 0) { ... VMX root operation ... vmx_disable(&cpu0); }
 *     else report cpu0.reason / cpu0.vmxon
 */
#ifndef VMXB_VMX_VMXON_H
#define VMXB_VMX_VMXON_H

#include <stdbool.h>
#include <stdint.h>
#include "vmx/caps.h"
#include "vmx/result.h"

/* IA32_FEATURE_CONTROL (MSR 0x3A) bits, SDM Vol. 4 Table 2-2. */
#define FEATURE_CONTROL_LOCK (1ull << 0)
#define FEATURE_CONTROL_VMX_IN_SMX (1ull << 1)
#define FEATURE_CONTROL_VMX_OUTSIDE_SMX (1ull << 2)

enum vmx_fc_action {
	VMX_FC_NONE,          /**< already locked with VMXON outside SMX allowed */
	VMX_FC_ENABLED,       /**< was unlocked: we set bit 2 and locked it */
	VMX_FC_DISABLED,      /**< locked with bit 2 clear: firmware disabled VMX */
	VMX_FC_ABSENT,        /**< RDMSR 0x3A raised an exception */
	VMX_FC_WRITE_FAILED,  /**< unlocked, but WRMSR faulted or did not stick */
};

struct vmx_fc {
	bool present;
	uint64_t value;       /**< final value (after our write, if any) */
	bool locked, outside_smx;
	enum vmx_fc_action action;
};

/** Negative returns of vmx_enable / vmx_disable. */
enum {
	VMX_E_NOVMX = -1,    /**< CPUID.1:ECX[5] = 0 */
	VMX_E_FIRMWARE = -2, /**< IA32_FEATURE_CONTROL forbids VMXON */
	VMX_E_MSR = -3,      /**< a VMX capability MSR needed here faulted */
	VMX_E_CR = -4,       /**< CR0/CR4 cannot be brought to the fixed bits */
	VMX_E_NOMEM = -5,    /**< no page for the VMXON region */
	VMX_E_INSN = -6,     /**< VMXON/VMXOFF did not succeed (see the outcome) */
	VMX_E_STATE = -7,    /**< enable while on / disable while off */
};

struct vmx_cpu {
	void *vmxon_region;        /**< 4 KiB page, allocated on first enable */
	uint32_t revision;         /**< IA32_VMX_BASIC[30:0], written to the region */
	uint64_t cr0_saved, cr4_saved; /**< before vmx_enable touched them */
	uint64_t cr0_on, cr4_on;   /**< as set for VMX operation */
	bool on;                   /**< in VMX root operation (VMXON succeeded) */
	struct vmx_fc fc;
	struct vmx_outcome vmxon, vmxoff;
	const char *reason;        /**< why the last call failed, NULL after success */
};

/** CPUID.1:ECX[5]. */
bool vmx_supported(void);

/** Read IA32_VMX_* (0x480..0x493); an MSR whose RDMSR faults is recorded as absent. */
void vmx_msrs_read(struct vmx_msrs *m);

/** vmx_msrs_read() and vmx_caps_decode() (vmx/caps.h). */
int vmx_caps_probe(struct vmx_caps *caps);

/**
 * Read IA32_FEATURE_CONTROL and, if it is unlocked, set "VMXON outside SMX"
 * and the lock bit (§23.7). Result in @p fc.
 * @return 0 if VMXON outside SMX is allowed afterwards, else VMX_E_FIRMWARE.
 */
int vmx_feature_control(struct vmx_fc *fc);

/**
 * Enter VMX root operation: feature control, CR0/CR4 to the fixed bits,
 * CR4.VMXE, VMXON region, VMXON. On failure CR0/CR4 are restored.
 * @return 0 or a VMX_E_* value; c->vmxon holds the instruction outcome.
 */
int vmx_enable(struct vmx_cpu *c);

/**
 * Leave VMX operation: VMXOFF, then restore CR4 (VMXE) and CR0 if VMXOFF
 * succeeded. @return 0 or a VMX_E_* value; c->vmxoff holds the outcome.
 */
int vmx_disable(struct vmx_cpu *c);

/**
 * Finish an outcome from what the instruction did: @p vector (FAULT_NONE or
 * the exception) and RFLAGS after it; for VMfailValid, VMREAD the
 * VM-instruction error (0x4400) under a trap guard. For reuse by every
 * VMX instruction wrapper.
 */
void vmx_outcome_set(struct vmx_outcome *o, int vector, uint64_t rflags);

#endif
