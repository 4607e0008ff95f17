/** @file
 * VM-entry rules as pure functions, for the entry suite's value sweeps: each
 * sweep row's expectation is computed here from the capability MSRs, and
 * the host unit tests (tests/unit/test_entry_rules.c) hold these functions
 * to the SDM's text. Pure.
 */
#ifndef VMXB_VMX_ENTRY_RULES_H
#define VMXB_VMX_ENTRY_RULES_H

#include <stdbool.h>
#include <stdint.h>

/* IA32_VMX_EPT_VPID_CAP bits (SDM Vol. 3D A.10) the EPTP rules read. */
#define EPTCAP_WALK4_BIT 6   /* page-walk length 4 */
#define EPTCAP_WALK5_BIT 7   /* page-walk length 5 */
#define EPTCAP_UC_BIT 8      /* EPT structures may be uncacheable */
#define EPTCAP_WB_BIT 14     /* ... write-back */
#define EPTCAP_AD_BIT 21     /* accessed and dirty flags */
/* Bit 7 of the EPTP (supervisor shadow-stack control) needs CET; the
 * capability the current SDM names for it is not decoded here, so the sweep
 * leaves bit 7 alone. */

/**
 * §26.2.1.1 with "enable EPT" = 1: is @p eptp valid for a CPU with
 * IA32_VMX_EPT_VPID_CAP @p cap and physical-address width @p maxphy?
 * Memory type (bits 2:0) UC or WB as the capability allows, page-walk length
 * (bits 5:3, length - 1) 4 or 5 as allowed, bit 6 (A/D) only with A/D
 * support, bits 11:8 zero, bits 63:maxphy zero. Bit 7 is not judged (see
 * above): callers keep it 0.
 */
bool eptp_valid(uint64_t eptp, uint64_t cap, unsigned maxphy);

/** A memory type an IA32_PAT entry may hold (0, 1, 4, 5, 6, 7; Vol. 3A §12.12.2). */
bool pat_type_valid(unsigned type);

/** Every one of the eight PAT entries valid (§26.2.2, §26.3.1.1 "load IA32_PAT"). */
bool pat_valid(uint64_t pat);

/* The segment registers whose access-rights type the sweep varies. */
enum seg_reg { SEG_CS, SEG_SS, SEG_DS, SEG_TR, SEG_LDTR };

/**
 * §26.3.1.2, access-rights type (bits 3:0) of a usable segment, outside
 * virtual-8086 mode: CS 9, 11, 13, 15 (and 3 under unrestricted guest); SS 3
 * or 7; DS/ES/FS/GS accessed, and readable when code; TR 11 (3 too outside
 * IA-32e mode); LDTR 2. The other sub-fields are the caller's to keep valid.
 */
bool seg_type_valid(enum seg_reg seg, unsigned type, bool ia32e, bool ug);

/* What the injected-event checks read from the capability MSRs. */
struct inject_caps {
	bool basic56;   /**< IA32_VMX_BASIC[56]: hardware exceptions with or without error code */
	bool mtf;       /**< the monitor trap flag may be 1: interruption type 7 is defined */
	bool zero_len;  /**< IA32_VMX_MISC[30]: instruction length 0 allowed */
};

/**
 * §26.2.1.3: do the VM-entry interruption-information field @p info, the
 * exception error code @p errcode and the instruction length @p len pass the
 * checks on event injection, for a guest whose CR0.PE is @p guest_pe? (Type
 * 1 reserved, 7 only with MTF; NMI vector 2, hardware exception vector at
 * most 31, type 7 vector 0; "deliver error code" 0 for any type but
 * hardware exception and whenever CR0.PE is 0, and without BASIC[56] 1
 * exactly for #DF, #TS, #NP, #SS, #GP, #PF, #AC; bits 30:12 zero; error
 * code bits 31:16 zero when delivered; length 1-15 for software events, or
 * 0 with MISC[30].) #CP (21) is left out: the editions differ on it.
 */
bool inject_valid(uint32_t info, uint32_t errcode, uint32_t len, bool guest_pe,
		  const struct inject_caps *k);

#endif
