/** @file
 * Control bit names (controls.def), control adjustment (SDM Appendix A.3)
 * and feature availability from decoded capabilities.
 */
#include "vmx/controls.h"

const struct controls_bit_info controls_bits[] = {
#define VMX_CTL_BIT(kind, name, bit) { VMX_KIND_##kind, (bit), #name },
#include "vmx/controls.def"
#undef VMX_CTL_BIT
};
const size_t controls_bit_count = sizeof(controls_bits) / sizeof(controls_bits[0]);

const char *controls_bit_name(enum vmx_ctl_kind kind, unsigned bit)
{
	for (size_t i = 0; i < controls_bit_count; i++)
		if (controls_bits[i].kind == kind && controls_bits[i].bit == bit)
			return controls_bits[i].name;
	return NULL;
}

int controls_adjust(const struct vmx_ctl *ctl, uint32_t desired, uint32_t *value,
		    uint32_t *unhonoured)
{
	uint32_t v = ctl->avail ? vmx_ctl_adjust(ctl, desired) : 0;

	if (value)
		*value = v;
	if (unhonoured)
		*unhonoured = v ^ desired;
	return v == desired ? 0 : -1;
}

int controls_adjust64(const struct vmx_ctl64 *ctl, uint64_t desired, uint64_t *value,
		      uint64_t *unhonoured)
{
	uint64_t v = ctl->avail ? desired & ctl->allowed1 : 0;

	if (value)
		*value = v;
	if (unhonoured)
		*unhonoured = v ^ desired;
	return v == desired ? 0 : -1;
}

bool controls_may_set(const struct vmx_caps *caps, enum vmx_ctl_kind kind, unsigned bit)
{
	const struct vmx_ctl *c = NULL;

	switch (kind) {
	case VMX_KIND_NONE:
		return true;
	case VMX_KIND_PIN: c = &caps->pinbased; break;
	case VMX_KIND_PROC: c = &caps->procbased; break;
	case VMX_KIND_PROC2:
		/* Secondary controls count only if they can be activated. */
		if (!controls_may_set(caps, VMX_KIND_PROC, 31))
			return false;
		c = &caps->procbased2;
		break;
	case VMX_KIND_PROC3:
		return controls_may_set(caps, VMX_KIND_PROC, 17) && caps->procbased3.avail &&
		       bit < 64 && ((caps->procbased3.allowed1 >> bit) & 1);
	case VMX_KIND_EXIT: c = &caps->exit; break;
	case VMX_KIND_ENTRY: c = &caps->entry; break;
	case VMX_KIND_VMFUNC:
		return controls_may_set(caps, VMX_KIND_PROC2, 13) && caps->vmfunc_avail &&
		       bit < 64 && ((caps->vmfunc >> bit) & 1);
	default:
		return false;
	}
	return c->avail && bit < 32 && ((c->allowed1 >> bit) & 1);
}

bool controls_feature(const struct vmx_caps *caps, enum vmx_feature feat)
{
	const struct vmx_feature_info *f;

	if ((unsigned)feat >= VMX_FEAT_COUNT)
		return false;
	f = &vmx_features[feat];
	if (f->kind == VMX_KIND_NONE)
		return true;
	if (controls_may_set(caps, f->kind, f->bit))
		return true;
	return f->kind2 != VMX_KIND_NONE && controls_may_set(caps, f->kind2, f->bit2);
}
