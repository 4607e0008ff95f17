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
#include <stdbool.h>
#include "vmx/caps.h"
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

struct controls_bit_info {
	enum vmx_ctl_kind kind;
	uint8_t bit;
	const char *name;
};
extern const struct controls_bit_info controls_bits[];
extern const size_t controls_bit_count;

/** The SDM name of bit @p bit of control @p kind, or NULL when unnamed. */
const char *controls_bit_name(enum vmx_ctl_kind kind, unsigned bit);

/**
 * Adjust @p desired to what @p ctl allows: value = (desired | allowed0) &
 * allowed1 (SDM Appendix A.3; caps.h's vmx_ctl_adjust). @p ctl comes from the
 * capability decoder, which already picked the TRUE_* MSR when BASIC bit 55 is set.
 * @p unhonoured (may be NULL) gets the bits whose value differs from
 * @p desired: wanted 1 but fixed to 0, or wanted 0 but fixed to 1.
 * @return 0 if every bit was honoured, -1 otherwise (also when !ctl->avail:
 * then value is 0 and every desired bit is unhonoured)
 */
int controls_adjust(const struct vmx_ctl *ctl, uint32_t desired, uint32_t *value,
		    uint32_t *unhonoured);
/** The same for a 64-bit allowed-1-only control (tertiary, secondary exit). */
int controls_adjust64(const struct vmx_ctl64 *ctl, uint64_t desired, uint64_t *value,
		      uint64_t *unhonoured);

/** True when @p value is a legal setting (every fixed bit as fixed). */
static inline bool controls_valid(const struct vmx_ctl *c, uint32_t value)
{
	return (value & c->allowed0) == c->allowed0 && (value & ~c->allowed1) == 0;
}

/** Bits that may be either 0 or 1. */
static inline uint32_t controls_flexible(const struct vmx_ctl *c)
{
	return c->allowed1 & ~c->allowed0;
}

/** Bits fixed to 0: reserved-0 bits and unsupported controls. */
static inline uint32_t controls_fixed0(const struct vmx_ctl *c) { return ~c->allowed1; }
/** Bits fixed to 1 (reserved-1 bits, default1 controls without TRUE MSRs). */
static inline uint32_t controls_fixed1(const struct vmx_ctl *c) { return c->allowed0; }

/** Split a capability MSR value (allowed-0 in 31:0, allowed-1 in 63:32). */
static inline struct vmx_ctl controls_from_msr(uint64_t msr)
{
	struct vmx_ctl c = { true, (uint32_t)msr, (uint32_t)(msr >> 32) };

	return c;
}

/** May bit @p bit of @p kind be 1 on a CPU with @p caps? */
bool controls_may_set(const struct vmx_caps *caps, enum vmx_ctl_kind kind, unsigned bit);
/** Does @p feat (features.def) exist on a CPU with @p caps? KIND_OTHER: false. */
bool controls_feature(const struct vmx_caps *caps, enum vmx_feature feat);

#endif
