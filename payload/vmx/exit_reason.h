/** @file
 * Basic VM-exit reasons as constants, from the one list in exit_reasons.def
 * (SDM Vol. 3C Appendix C), and the exit-reason field's flag bits (SDM Vol.
 * 3C §24.9.1 "Basic VM-Exit Information"). Pure.
 */
#ifndef VMXB_VMX_EXIT_REASON_H
#define VMXB_VMX_EXIT_REASON_H

enum vmx_exit_reason {
#define EXIT_REASON(name, n, text) EXIT_REASON_##name = (n),
#include "vmx/exit_reasons.def"
#undef EXIT_REASON
};

/** Bits 15:0 of the exit-reason field are the basic exit reason. */
#define EXIT_REASON_BASIC_MASK 0xffffu
/** Bit 31 of the exit reason: VM-entry failure. */
#define EXIT_REASON_FAILED_ENTRY (1u << 31)

#endif
