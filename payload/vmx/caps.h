/** @file
 * The VMX capability MSRs 0x480–0x493 (SDM Vol. 3D Appendix A, Vol. 4
 * Table 2-2): their names, when each one exists, and a decode of their raw
 * values into struct vmx_caps.
 *
 * Pure: the payload reads the MSRs (recording which ones fault), the host
 * decodes stored values with the same code.
 */
#ifndef VMXB_VMX_CAPS_H
#define VMXB_VMX_CAPS_H

#include <stdbool.h>
#include <stdint.h>

#define MSR_IA32_VMX_BASIC 0x480u
#define MSR_IA32_VMX_PINBASED_CTLS 0x481u
#define MSR_IA32_VMX_PROCBASED_CTLS 0x482u
#define MSR_IA32_VMX_EXIT_CTLS 0x483u
#define MSR_IA32_VMX_ENTRY_CTLS 0x484u
#define MSR_IA32_VMX_MISC 0x485u
#define MSR_IA32_VMX_CR0_FIXED0 0x486u
#define MSR_IA32_VMX_CR0_FIXED1 0x487u
#define MSR_IA32_VMX_CR4_FIXED0 0x488u
#define MSR_IA32_VMX_CR4_FIXED1 0x489u
#define MSR_IA32_VMX_VMCS_ENUM 0x48au
#define MSR_IA32_VMX_PROCBASED_CTLS2 0x48bu
#define MSR_IA32_VMX_EPT_VPID_CAP 0x48cu
#define MSR_IA32_VMX_TRUE_PINBASED_CTLS 0x48du
#define MSR_IA32_VMX_TRUE_PROCBASED_CTLS 0x48eu
#define MSR_IA32_VMX_TRUE_EXIT_CTLS 0x48fu
#define MSR_IA32_VMX_TRUE_ENTRY_CTLS 0x490u
#define MSR_IA32_VMX_VMFUNC 0x491u
#define MSR_IA32_VMX_PROCBASED_CTLS3 0x492u
#define MSR_IA32_VMX_EXIT_CTLS2 0x493u

#define VMX_MSR_FIRST MSR_IA32_VMX_BASIC
#define VMX_MSR_COUNT 20u

/** Raw reads of 0x480 + i; present[i] false when RDMSR faulted (or no data). */
struct vmx_msrs {
	uint64_t val[VMX_MSR_COUNT];
	bool present[VMX_MSR_COUNT];
};

/** A 32-bit control field's capability (Appendix A.3–A.5). */
struct vmx_ctl {
	bool avail;        /**< the MSR exists per Appendix A and was read */
	uint32_t allowed0; /**< bit set: the control must be 1 (MSR bits 31:0) */
	uint32_t allowed1; /**< bit set: the control may be 1 (MSR bits 63:32) */
};

/** A 64-bit control field that reports allowed-1 only (A.3.4 tertiary, A.4.2 secondary exit). */
struct vmx_ctl64 {
	bool avail;
	uint64_t allowed1;
};

struct vmx_caps {
	bool vmx;                 /**< IA32_VMX_BASIC was read */
	/* IA32_VMX_BASIC (A.1) */
	uint32_t revision;        /**< [30:0] */
	uint32_t vmcs_size;       /**< [44:32] bytes */
	bool phys_addr_32;        /**< [48]: VMX structures limited to 32-bit addresses */
	bool dual_monitor;        /**< [49] */
	uint32_t memtype;         /**< [53:50] */
	bool io_exit_info;        /**< [54]: INS/OUTS instruction information */
	bool true_ctls;           /**< [55]: TRUE_* MSRs exist, default1 may be 0 */
	bool entry_no_errcode;    /**< [56]: event injection without error-code checks */
	/* controls: from TRUE_* MSRs when true_ctls (A.3.1, A.4.1, A.5) */
	struct vmx_ctl pinbased, procbased, procbased2, exit, entry;
	struct vmx_ctl64 procbased3, exit2;
	/* IA32_VMX_MISC (A.6) */
	bool misc_avail;
	uint64_t misc;
	uint32_t preempt_rate;    /**< [4:0]: timer ticks every 2^rate TSC cycles */
	bool store_lma;           /**< [5] */
	uint32_t activity_states; /**< [8:6]: HLT, shutdown, wait-for-SIPI */
	bool pt_in_vmx;           /**< [14] */
	bool smbase_rdmsr;        /**< [15] */
	uint32_t cr3_targets;     /**< [24:16] */
	uint32_t max_msr_list;    /**< 512 * ([27:25] + 1) */
	bool smm_monitor_ctl;     /**< [28] */
	bool vmwrite_any;         /**< [29]: VMWRITE to any field, incl. exit information */
	bool zero_len_inject;     /**< [30]: inject with instruction length 0 */
	uint32_t mseg_revision;   /**< [63:32] */
	/* A.7, A.8 */
	bool cr_fixed_avail;
	uint64_t cr0_fixed0, cr0_fixed1, cr4_fixed0, cr4_fixed1;
	/* A.9 */
	bool vmcs_enum_avail;
	uint32_t vmcs_enum_max;   /**< [9:1]: highest field index */
	/* A.10, A.11 */
	bool ept_vpid_avail;
	uint64_t ept_vpid;
	bool vmfunc_avail;
	uint64_t vmfunc;
	/** Secondary control 14 ("VMCS shadowing") may be 1. */
	bool shadowing;
	/** Bit i: MSR 0x480+i was read although Appendix A says it does not exist, or faulted although it should. */
	uint32_t presence_mismatch;
	/** Bit i: MSR 0x480+i reports a control that must be 1 but may not be (allowed0 & ~allowed1). */
	uint32_t inconsistent;
};

/** "IA32_VMX_BASIC" ... ; NULL outside 0x480–0x493. */
const char *vmx_msr_name(uint32_t msr);

/**
 * Whether MSR @p msr exists on a VMX processor with these values, per SDM
 * Vol. 4 Table 2-2 / Vol. 3D Appendix A (depends on BASIC[55] and the
 * allowed-1 bits of other MSRs in @p m).
 */
bool vmx_msr_expected(const struct vmx_msrs *m, uint32_t msr);

/** Decode @p m into @p c. @return 0, or -1 when IA32_VMX_BASIC is absent (c->vmx false). */
int vmx_caps_decode(const struct vmx_msrs *m, struct vmx_caps *c);

/** (value | fixed0) & fixed1: the value forced to what CR fixed MSRs (A.7/A.8) allow. */
static inline uint64_t vmx_fixed_adjust(uint64_t value, uint64_t fixed0, uint64_t fixed1)
{
	return (value | fixed0) & fixed1;
}

/** Requested control bits @p want forced to what @p ctl allows (A.3–A.5). */
static inline uint32_t vmx_ctl_adjust(const struct vmx_ctl *ctl, uint32_t want)
{
	return (want | ctl->allowed0) & ctl->allowed1;
}

#endif
