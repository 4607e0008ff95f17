/** @file
 * Control bit names (controls.def) and control adjustment (SDM Appendix A.3).
 */
#include "vmx/controls.h"

const struct vmx_ctl_bit_info vmx_ctl_bits[] = {
#define VMX_CTL_BIT(kind, name, bit) { VMX_KIND_##kind, (bit), #name },
#include "vmx/controls.def"
#undef VMX_CTL_BIT
};
const size_t vmx_ctl_bit_count = sizeof(vmx_ctl_bits) / sizeof(vmx_ctl_bits[0]);

const char *vmx_ctl_bit_name(enum vmx_ctl_kind kind, unsigned bit)
{
	for (size_t i = 0; i < vmx_ctl_bit_count; i++)
		if (vmx_ctl_bits[i].kind == kind && vmx_ctl_bits[i].bit == bit)
			return vmx_ctl_bits[i].name;
	return NULL;
}

const char *vmx_ctl_kind_name(enum vmx_ctl_kind kind)
{
	static const char *const names[VMX_KIND_COUNT] = {
		[VMX_KIND_NONE] = "none",
		[VMX_KIND_PIN] = "pin-based",
		[VMX_KIND_PROC] = "primary processor-based",
		[VMX_KIND_PROC2] = "secondary processor-based",
		[VMX_KIND_PROC3] = "tertiary processor-based",
		[VMX_KIND_EXIT] = "VM-exit",
		[VMX_KIND_ENTRY] = "VM-entry",
		[VMX_KIND_VMFUNC] = "VM-function",
		[VMX_KIND_OTHER] = "other",
	};

	return (unsigned)kind < VMX_KIND_COUNT ? names[kind] : "?";
}

int vmx_ctl_adjust(const struct vmx_ctl_allowed *a, uint64_t desired, uint64_t *value,
		   uint64_t *unhonoured)
{
	uint64_t v = (desired | a->allowed0) & a->allowed1;

	if (value)
		*value = v;
	if (unhonoured)
		*unhonoured = v ^ desired;
	return v == desired ? 0 : -1;
}
