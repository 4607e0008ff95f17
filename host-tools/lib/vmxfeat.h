/** @file
 * Named VMX features of a run, for comparing CPUs: every named control of
 * the pin-based, primary and secondary processor-based, VM-exit and VM-entry
 * control MSRs (payload/vmx/controls.def, SDM Vol. 3 §24.6-§24.8, Appendix
 * A.3-A.5), the EPT/VPID capabilities (Appendix A.10), VMFUNC (A.11) and the
 * IA32_VMX_BASIC and IA32_VMX_MISC fields (A.1, A.6), all read from the
 * run's `vmx_caps` record.
 */
#ifndef VMXB_HOST_VMXFEAT_H
#define VMXB_HOST_VMXFEAT_H

#include <stddef.h>
#include <jansson.h>

/** One feature: its group ("procbased2", "ept_vpid", "misc", ...) and SDM name. */
struct vmxfeat {
	const char *group;
	const char *name;
};

/** How many features vmxfeat_at() knows (stable order: groups, then bit order). */
size_t vmxfeat_count(void);
/** Feature @p i (< vmxfeat_count()). */
struct vmxfeat vmxfeat_at(size_t i);

/** The index of feature @p group / @p name, or (size_t)-1. */
size_t vmxfeat_find(const char *group, const char *name);

/**
 * The value of feature @p i in a `vmx_caps` record @p caps into @p out: for
 * a control "yes" (may be 1), "always" (fixed to 1), "no" (fixed to 0); for
 * a capability bit "yes"/"no"; for a field its number. "n/a" when the
 * record lacks the member (the MSR does not exist on that CPU). @return @p out
 */
const char *vmxfeat_value(json_t *caps, size_t i, char *out, size_t outsz);

#endif
