/** @file
 * VMX control bits by SDM name, and control values adjusted to what a CPU
 * allows (SDM Vol. 3 Appendix A.3-A.5: a bit is fixed to 1 when its
 * allowed-0 bit is 1, fixed to 0 when its allowed-1 bit is 0). Pure.
 *
 * Which MSR gives allowed0/allowed1 (the TRUE_* MSRs when IA32_VMX_BASIC bit
 * 55 is set) is decided by the capability decoder (payload/vmx/caps.h).
 */
#ifndef VMXB_VMX_CONTROLS_H
#define VMXB_VMX_CONTROLS_H

#include <stddef.h>
#include <stdint.h>
#include "vmx/fields.h"

/** PIN_BASED_NMI_EXITING == 1u << 3, ... (64-bit constants: tertiary is 64 bits). */
enum vmx_ctl_bit_values {
#define VMX_CTL_BIT(kind, name, bit) name##_BIT = (bit),
#include "vmx/controls.def"
#undef VMX_CTL_BIT
};
#define VMX_CTL_BIT(kind, name, bit) static const uint64_t name = 1ull << (bit);
#include "vmx/controls.def"
#undef VMX_CTL_BIT

struct vmx_ctl_bit_info {
	enum vmx_ctl_kind kind;
	uint8_t bit;
	const char *name;
};
extern const struct vmx_ctl_bit_info vmx_ctl_bits[];
extern const size_t vmx_ctl_bit_count;

/** The SDM name of bit @p bit of control @p kind, or NULL when unnamed. */
const char *vmx_ctl_bit_name(enum vmx_ctl_kind kind, unsigned bit);
/** "pin-based", "primary processor-based", ... */
const char *vmx_ctl_kind_name(enum vmx_ctl_kind kind);

/** Allowed settings of one control, as the capability MSR reports them. */
struct vmx_ctl_allowed {
	uint64_t allowed0; /**< bits that must be 1 (MSR bits 31:0) */
	uint64_t allowed1; /**< bits that may be 1 (MSR bits 63:32; tertiary: all 64) */
};

/**
 * Adjust @p desired to the allowed settings:
 * value = (desired | allowed0) & allowed1 (SDM Appendix A.3).
 * @p unhonoured (may be NULL) gets the bits whose value differs from
 * @p desired: wanted 1 but fixed to 0, or wanted 0 but fixed to 1.
 * @return 0 if every bit was honoured, -1 otherwise
 */
int vmx_ctl_adjust(const struct vmx_ctl_allowed *a, uint64_t desired, uint64_t *value,
		   uint64_t *unhonoured);

/** True when @p value is a legal setting (every fixed bit as fixed). */
static inline int vmx_ctl_valid(const struct vmx_ctl_allowed *a, uint64_t value)
{
	return (value & a->allowed0) == a->allowed0 && (value & ~a->allowed1) == 0;
}

/** Bits that may be either 0 or 1. */
static inline uint64_t vmx_ctl_flexible(const struct vmx_ctl_allowed *a)
{
	return a->allowed1 & ~a->allowed0;
}

/** Bits fixed to 1 (allowed0) and bits fixed to 0 (~allowed1) within @p width bits. */
static inline uint64_t vmx_ctl_fixed1(const struct vmx_ctl_allowed *a) { return a->allowed0; }
static inline uint64_t vmx_ctl_fixed0(const struct vmx_ctl_allowed *a, unsigned width)
{
	uint64_t m = width >= 64 ? ~0ull : ((1ull << width) - 1);

	return ~a->allowed1 & m;
}

/** Split a capability MSR value (allowed-0 in 31:0, allowed-1 in 63:32). */
static inline struct vmx_ctl_allowed vmx_ctl_from_msr(uint64_t msr)
{
	struct vmx_ctl_allowed a = { msr & 0xffffffffu, msr >> 32 };

	return a;
}

#endif
