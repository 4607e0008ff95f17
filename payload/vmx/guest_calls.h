/** @file
 * The VMCALL numbers (in RAX) the payload's guests call back with, in one
 * place for the C handlers and the assembly guests: plain numbers only, so
 * the assembler reads this header too.
 */
#ifndef VMXB_VMX_GUEST_CALLS_H
#define VMXB_VMX_GUEST_CALLS_H

/* the baseline guest (vmx/guest.S) */
#define GUEST_CALL_ALIVE 0x56a11e00 /**< "I am alive": first VMCALL of the guest */
#define GUEST_CALL_DONE 0x56d00e00  /**< second VMCALL, after a VMRESUME */

/* the shadow suite's guest (suites/shadow_guest.S, shadow_bodies.S) */
#define SHADOW_CALL_ERRNO 0x5e770000 /**< read both VM-instruction error fields */
/** The bare transition: the handler only advances RIP (the figure a transition costs alone). */
#define SHADOW_CALL_NOP 0x5e770001

#endif
