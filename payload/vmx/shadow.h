/** @file
 * VMCS shadowing (SDM Vol. 3C §24.10 VMCS types, §24.6.15 VMREAD/VMWRITE
 * bitmaps, §25.1.3 VM exits of VMREAD/VMWRITE, §30.3 VMREAD and
 * VMWRITE pseudocode): the 4-KiB bitmaps, which fields a CPU supports, and
 * the expected outcome of a VMREAD/VMWRITE executed in VMX non-root
 * operation. Pure (host unit tests cover every branch, including CPUs with
 * shadowing but without IA32_VMX_MISC bit 29, which no emulator models).
 *
 * The hardware half (shadow VMCS region, turning shadowing on in the
 * current VMCS) is shadow_hw.c, declared at the end.
 */
#ifndef VMXB_VMX_SHADOW_H
#define VMXB_VMX_SHADOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "vmx/caps.h"
#include "vmx/exit_reason.h"
#include "vmx/outcome.h"

/** One bitmap: 4 KiB, bit x for encodings whose bits 14:0 are x (§24.6.15). */
#define SHADOW_BITMAP_BYTES 4096u

/** Shadow-VMCS indicator, bit 31 of the region's first dword (§24.2, §24.10). */
#define SHADOW_VMCS_INDICATOR 0x80000000u

enum shadow_op { SHADOW_READ, SHADOW_WRITE };

/** Set every bit of @p bm to @p v (every access exits, or none does). */
void shadow_bitmap_fill(uint8_t *bm, bool v);
/** Set the bit for @p enc (its bits 14:0; higher bits do not select a bit). */
void shadow_bitmap_set(uint8_t *bm, uint64_t enc, bool v);
bool shadow_bitmap_test(const uint8_t *bm, uint64_t enc);

/**
 * Does an access with encoding operand @p enc exit (§30.3: "VMCS shadowing"
 * is 0, or the operand sets any of bits 63:15, or its bitmap bit is 1)?
 */
bool shadow_access_exits(bool shadowing, const uint8_t *bm, uint64_t enc);

/**
 * Is @p enc (a 64-bit operand: any bit above 31 set is no field) a field of
 * this CPU: in the field table (a _HIGH half only of a 64-bit field), its
 * feature supported (Appendix B footnotes; features of kind OTHER count as
 * unknown, i.e. false here), and its index not above IA32_VMX_VMCS_ENUM's
 * highest index (A.9) when that MSR was read.
 */
bool shadow_field_supported(const struct vmx_caps *caps, uint64_t enc);
/** The field's existence is decided by a rule this kit does not decode (feature OTHER). */
bool shadow_field_unknown(uint64_t enc);

/** Read-only data field (type 1, "VM-exit information"): VMWRITE needs MISC bit 29. */
bool shadow_field_read_only(uint64_t enc);

/** What the guest sees of one access, the facts the expectation depends on. */
struct shadow_env {
	bool shadowing;       /**< "VMCS shadowing" control is 1 */
	bool link_valid;      /**< VMCS link pointer is not ~0 (it references a shadow VMCS) */
	bool vmwrite_any;     /**< IA32_VMX_MISC bit 29 */
	const uint8_t *read_bm, *write_bm;
};

/**
 * Expected outcome of VMREAD (@p op read) or VMWRITE of @p enc at CPL 0 in
 * 64-bit VMX non-root operation, following the §30.3 pseudocode in order:
 * VM exit (reason 23/25) → VMfailInvalid when the link pointer is invalid →
 * VMfailValid(12) for an unsupported component (@p supported false) →
 * VMWRITE of a read-only field without MISC bit 29: VMfailValid(13) → ok.
 */
struct outcome shadow_expect(const struct shadow_env *e, enum shadow_op op, uint64_t enc,
			     bool supported);

/**
 * The value VMREAD of @p enc returns from a field holding @p full (the
 * field's whole content as a read of its FULL encoding gives it): 16- and
 * 32-bit fields zero-extended, a _HIGH encoding bits 63:32 (§24.11.2).
 */
uint64_t shadow_read_value(uint64_t enc, uint64_t full);
/**
 * The field's content after VMWRITE of @p val to @p enc when it held
 * @p full: a _HIGH encoding replaces bits 63:32 and keeps 31:0; other
 * encodings store the value truncated to the field's width (§30.3 VMWRITE:
 * high bits of the source are ignored).
 */
uint64_t shadow_write_value(uint64_t enc, uint64_t full, uint64_t val);

/**
 * Decode of the VM-exit instruction-information field for VMREAD/VMWRITE
 * (SDM Vol. 3C §27.2.5, Table "Format of the VM-Exit Instruction-Information
 * Field as Used for VMREAD and VMWRITE").
 */
struct shadow_insn_info {
	unsigned scale;      /**< 1:0 */
	unsigned reg1;       /**< 6:3, register form only */
	unsigned addr_size;  /**< 9:7: 0 16-bit, 1 32-bit, 2 64-bit */
	bool reg_form;       /**< 10: 1 register operand, 0 memory */
	unsigned seg;        /**< 17:15 (ES=0 .. GS=5) */
	unsigned index;      /**< 21:18 */
	bool index_invalid;  /**< 22 */
	unsigned base;       /**< 26:23 */
	bool base_invalid;   /**< 27 */
	unsigned reg2;       /**< 31:28: the encoding operand's register */
};
/* Inline: the nested-hypervisor exit path decodes with it and is measured. */
static inline void shadow_insn_info_decode(uint32_t info, struct shadow_insn_info *d)
{
	d->scale = info & 3;
	d->reg1 = (info >> 3) & 15;
	d->addr_size = (info >> 7) & 7;
	d->reg_form = (info >> 10) & 1;
	d->seg = (info >> 15) & 7;
	d->index = (info >> 18) & 15;
	d->index_invalid = (info >> 22) & 1;
	d->base = (info >> 23) & 15;
	d->base_invalid = (info >> 27) & 1;
	d->reg2 = (info >> 28) & 15;
}

/* ---- hardware half (shadow_hw.c) ---- */

/** A zeroed shadow VMCS region (revision | bit 31), VMCLEARed. NULL if out of pages or VMCLEAR failed. */
void *shadow_vmcs_alloc(uint32_t revision);
/**
 * In the current VMCS: VMREAD/VMWRITE bitmap addresses, link pointer
 * @p link (~0 allowed), and "VMCS shadowing" (with "activate secondary
 * controls") set only when @p caps allows it.
 * @return 0, -1 when shadowing cannot be 1 on this CPU, -2 when a VMWRITE failed
 */
int shadow_enable(const struct vmx_caps *caps, uint64_t read_bm_pa, uint64_t write_bm_pa,
		  uint64_t link);

#endif
