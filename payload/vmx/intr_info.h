/** @file
 * The interruption-information format shared by the VM-entry
 * interruption-information field (SDM Vol. 3C §24.8.3, "Format of the
 * VM-Entry Interruption-Information Field") and the VM-exit ones (§24.9.2).
 * Pure.
 */
#ifndef VMXB_VMX_INTR_INFO_H
#define VMXB_VMX_INTR_INFO_H

#include <stdint.h>

/* Bits 7:0 vector, 10:8 type, 11 deliver error code, 30:12 reserved, 31 valid. */
#define INTR_INFO_VECTOR_MASK 0xffu
#define INTR_INFO_TYPE(t) ((uint32_t)(t) << 8)
#define INTR_INFO_DELIVER_CODE (1u << 11)
#define INTR_INFO_VALID (1u << 31)

/* Interruption types (bits 10:8); type 1 is reserved. */
#define INTR_TYPE_EXT_INTR INTR_INFO_TYPE(0)
#define INTR_TYPE_NMI INTR_INFO_TYPE(2)
#define INTR_TYPE_HARD_EXCEPTION INTR_INFO_TYPE(3)
#define INTR_TYPE_SOFT_INTR INTR_INFO_TYPE(4)
#define INTR_TYPE_PRIV_SW_EXCEPTION INTR_INFO_TYPE(5)
#define INTR_TYPE_SOFT_EXCEPTION INTR_INFO_TYPE(6)
#define INTR_TYPE_OTHER_EVENT INTR_INFO_TYPE(7)

#endif
