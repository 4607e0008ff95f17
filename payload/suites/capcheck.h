/** @file
 * The capcheck suite (suites=capcheck, docs/capcheck-suite.md): what the VMX
 * capability MSRs (SDM Vol. 3D Appendix A) claim, checked against what the
 * CPU does. capcheck.c runs the cases that need a VMCS; capcheck_cr.c the
 * CR0/CR4 fixed-bit probes (A.7, A.8). Each case is one `case` record of
 * suite "capcheck" whose `expected`/`observed` are short value strings.
 */
#ifndef VMXB_SUITES_CAPCHECK_H
#define VMXB_SUITES_CAPCHECK_H

#include "suites/case.h"
#include "vmx/caps.h"
#include "vmx/vmxon.h"

/**
 * The CR fixed-bit cases: in VMX operation (on @p cpu), clearing a bit
 * IA32_VMX_CR0/CR4_FIXED0 fixes to 1, or setting a CR4 bit FIXED1 fixes to
 * 0, must fault with #GP (SDM §23.8). Restores CR0/CR4 after each attempt.
 */
void capcheck_cr(struct case_writer *w, const struct vmx_caps *caps, const struct vmx_cpu *cpu);

#endif
