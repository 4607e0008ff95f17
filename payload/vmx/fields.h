/** @file
 * The VMCS field table: every field of SDM Vol. 3 Appendix B, generated from
 * the one X-macro list in fields.def. Width, type, index and access type are
 * derived from the encoding (SDM §24.11.2, Appendix B), never typed by hand.
 * Pure.
 */
#ifndef VMXB_VMX_FIELDS_H
#define VMXB_VMX_FIELDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** Field encodings as constants: GUEST_RIP == 0x681E, ... */
enum vmcs_field {
#define VMCS_FIELD(name, enc, feat) name = (enc),
#include "vmx/fields.def"
#undef VMCS_FIELD
};

/** The _HIGH half of a 64-bit field: access type bit 0 set. */
#define VMCS_HIGH(enc) ((enc) | 1u)

/** What a field's existence depends on (features.def). */
enum vmx_feature {
#define VMX_FEATURE(name, k, b, k2, b2, what) VMX_FEAT_##name,
#include "vmx/features.def"
#undef VMX_FEATURE
	VMX_FEAT_COUNT
};

/** Which capability a feature bit is read from. */
enum vmx_ctl_kind {
	VMX_KIND_NONE,   /**< no condition */
	VMX_KIND_PIN,    /**< pin-based VM-execution controls */
	VMX_KIND_PROC,   /**< primary processor-based VM-execution controls */
	VMX_KIND_PROC2,  /**< secondary processor-based */
	VMX_KIND_PROC3,  /**< tertiary processor-based (64 bits) */
	VMX_KIND_EXIT,   /**< primary VM-exit controls */
	VMX_KIND_ENTRY,  /**< VM-entry controls */
	VMX_KIND_VMFUNC, /**< VM-function controls (IA32_VMX_VMFUNC) */
	VMX_KIND_OTHER,  /**< a rule this kit does not decode */
	VMX_KIND_COUNT
};

struct vmx_feature_info {
	const char *name;          /**< "VPID" */
	const char *what;          /**< "enable VPID" */
	enum vmx_ctl_kind kind, kind2;
	uint8_t bit, bit2;
};

/** Widths, SDM encoding bits 14:13. */
enum vmcs_width { VMCS_W16 = 0, VMCS_W64 = 1, VMCS_W32 = 2, VMCS_WNAT = 3 };
/** Types, SDM encoding bits 11:10. */
enum vmcs_type { VMCS_T_CONTROL = 0, VMCS_T_RO = 1, VMCS_T_GUEST = 2, VMCS_T_HOST = 3 };

static inline unsigned vmcs_enc_high(uint32_t enc) { return enc & 1; }
static inline unsigned vmcs_enc_index(uint32_t enc) { return (enc >> 1) & 0x1ff; }
static inline enum vmcs_type vmcs_enc_type(uint32_t enc) { return (enum vmcs_type)((enc >> 10) & 3); }
static inline enum vmcs_width vmcs_enc_width(uint32_t enc) { return (enum vmcs_width)((enc >> 13) & 3); }
/** Bit 12 and bits 31:15 are reserved (must be 0) in an encoding. */
static inline bool vmcs_enc_reserved_ok(uint32_t enc) { return (enc & 0xffff9000u) == 0; }
/** Bits that VMREAD/VMWRITE of @p enc transfer (a _HIGH half carries 32). */
unsigned vmcs_enc_bits(uint32_t enc);

struct vmcs_field_info {
	const char *name;          /**< SDM name, "GUEST_RIP" (no _HIGH) */
	uint16_t enc;              /**< FULL encoding */
	enum vmx_feature feature;
};

extern const struct vmcs_field_info vmcs_fields[];
extern const size_t vmcs_field_count;
extern const struct vmx_feature_info vmx_features[VMX_FEAT_COUNT];

/**
 * The field of an encoding. A _HIGH encoding finds its 64-bit field (check
 * vmcs_enc_high()); a set access bit on any other width finds nothing.
 * @return the entry or NULL
 */
const struct vmcs_field_info *vmcs_field_find(uint32_t enc);
/** Lookup by SDM name; "X_HIGH" finds X when X is 64-bit (then *enc gets enc|1). */
const struct vmcs_field_info *vmcs_field_by_name(const char *name, uint32_t *enc);
/** Writes "GUEST_RIP", "EPT_POINTER_HIGH" or "0x1234" into @p buf. */
void vmcs_field_format(uint32_t enc, char *buf, size_t n);
/** "16" "64" "32" "natural"; "control" "read-only" "guest" "host". */
const char *vmcs_width_name(enum vmcs_width w);
const char *vmcs_type_name(enum vmcs_type t);

#endif
