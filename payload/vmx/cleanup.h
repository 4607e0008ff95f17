/** @file
 * Nothing of VMX outlives a suite: the runner calls vmx_cpu_cleanup() after
 * every suite, so an aborted one cannot leave the next in VMX operation
 * with a stale current VMCS.
 */
#ifndef VMXB_VMX_CLEANUP_H
#define VMXB_VMX_CLEANUP_H

/**
 * If this CPU is still in VMX operation: VMCLEAR its current VMCS, if any
 * (so the VMCS data reaches memory, §24.11.1), then VMXOFF (§30.3) and
 * restore CR0/CR4. @return what was done ("VMCLEAR and VMXOFF", "VMXOFF"),
 * NULL when the suite had already left VMX operation.
 */
const char *vmx_cpu_cleanup(void);

#endif
