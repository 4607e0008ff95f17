/** @file
 * Decode of the VMX capability MSRs (see caps.h). Bit positions cite SDM
 * Vol. 3D Appendix A; which MSR exists when, Vol. 4 Table 2-2.
 */
#include <stddef.h>
#include "vmx/caps.h"

static const char *const msr_names[VMX_MSR_COUNT] = {
	"IA32_VMX_BASIC", "IA32_VMX_PINBASED_CTLS", "IA32_VMX_PROCBASED_CTLS",
	"IA32_VMX_EXIT_CTLS", "IA32_VMX_ENTRY_CTLS", "IA32_VMX_MISC",
	"IA32_VMX_CR0_FIXED0", "IA32_VMX_CR0_FIXED1", "IA32_VMX_CR4_FIXED0",
	"IA32_VMX_CR4_FIXED1", "IA32_VMX_VMCS_ENUM", "IA32_VMX_PROCBASED_CTLS2",
	"IA32_VMX_EPT_VPID_CAP", "IA32_VMX_TRUE_PINBASED_CTLS",
	"IA32_VMX_TRUE_PROCBASED_CTLS", "IA32_VMX_TRUE_EXIT_CTLS",
	"IA32_VMX_TRUE_ENTRY_CTLS", "IA32_VMX_VMFUNC", "IA32_VMX_PROCBASED_CTLS3",
	"IA32_VMX_EXIT_CTLS2",
};

const char *vmx_msr_name(uint32_t msr)
{
	if (msr < VMX_MSR_FIRST || msr - VMX_MSR_FIRST >= VMX_MSR_COUNT)
		return NULL;
	return msr_names[msr - VMX_MSR_FIRST];
}

static bool have(const struct vmx_msrs *m, uint32_t msr)
{
	return m->present[msr - VMX_MSR_FIRST];
}

static uint64_t val(const struct vmx_msrs *m, uint32_t msr)
{
	return m->val[msr - VMX_MSR_FIRST];
}

/* Bit @p bit of MSR @p msr, counted only if the MSR itself should exist and was read. */
static bool bit_of(const struct vmx_msrs *m, uint32_t msr, unsigned bit)
{
	return vmx_msr_expected(m, msr) && have(m, msr) && ((val(m, msr) >> bit) & 1);
}

bool vmx_msr_expected(const struct vmx_msrs *m, uint32_t msr)
{
	switch (msr) {
	case MSR_IA32_VMX_BASIC ... MSR_IA32_VMX_VMCS_ENUM:
		return true;
	case MSR_IA32_VMX_PROCBASED_CTLS2: /* primary allowed-1 bit 31 */
		return bit_of(m, MSR_IA32_VMX_PROCBASED_CTLS, 63);
	case MSR_IA32_VMX_EPT_VPID_CAP: /* secondary allowed-1 "enable EPT" (1) or "enable VPID" (5) */
		return bit_of(m, MSR_IA32_VMX_PROCBASED_CTLS2, 33) ||
		       bit_of(m, MSR_IA32_VMX_PROCBASED_CTLS2, 37);
	case MSR_IA32_VMX_TRUE_PINBASED_CTLS ... MSR_IA32_VMX_TRUE_ENTRY_CTLS: /* BASIC[55] */
		return bit_of(m, MSR_IA32_VMX_BASIC, 55);
	case MSR_IA32_VMX_VMFUNC: /* secondary allowed-1 "enable VM functions" (13) */
		return bit_of(m, MSR_IA32_VMX_PROCBASED_CTLS2, 45);
	case MSR_IA32_VMX_PROCBASED_CTLS3: /* primary allowed-1 "activate tertiary controls" (17) */
		return bit_of(m, MSR_IA32_VMX_PROCBASED_CTLS, 49);
	case MSR_IA32_VMX_EXIT_CTLS2: /* exit allowed-1 "activate secondary controls" (31) */
		return bit_of(m, MSR_IA32_VMX_EXIT_CTLS, 63);
	default:
		return false;
	}
}

/* Usable only if Appendix A says the MSR exists and RDMSR returned it. */
static bool usable(const struct vmx_msrs *m, uint32_t msr)
{
	return vmx_msr_expected(m, msr) && have(m, msr);
}

static struct vmx_ctl ctl32(const struct vmx_msrs *m, uint32_t msr, struct vmx_caps *c)
{
	struct vmx_ctl r = { false, 0, 0 };

	if (!usable(m, msr))
		return r;
	r.avail = true;
	r.allowed0 = (uint32_t)val(m, msr);
	r.allowed1 = (uint32_t)(val(m, msr) >> 32);
	if (r.allowed0 & ~r.allowed1)
		c->inconsistent |= 1u << (msr - VMX_MSR_FIRST);
	return r;
}

static struct vmx_ctl64 ctl64(const struct vmx_msrs *m, uint32_t msr)
{
	struct vmx_ctl64 r = { usable(m, msr), 0 };

	if (r.avail)
		r.allowed1 = val(m, msr);
	return r;
}

static void decode_basic(uint64_t b, struct vmx_caps *c)
{
	c->revision = (uint32_t)(b & 0x7fffffffu);
	c->vmcs_size = (uint32_t)((b >> 32) & 0x1fff);
	c->phys_addr_32 = (b >> 48) & 1;
	c->dual_monitor = (b >> 49) & 1;
	c->memtype = (uint32_t)((b >> 50) & 0xf);
	c->io_exit_info = (b >> 54) & 1;
	c->true_ctls = (b >> 55) & 1;
	c->entry_no_errcode = (b >> 56) & 1;
}

static void decode_misc(uint64_t v, struct vmx_caps *c)
{
	c->misc_avail = true;
	c->misc = v;
	c->preempt_rate = (uint32_t)(v & 0x1f);
	c->store_lma = (v >> 5) & 1;
	c->activity_states = (uint32_t)((v >> 6) & 7);
	c->pt_in_vmx = (v >> 14) & 1;
	c->smbase_rdmsr = (v >> 15) & 1;
	c->cr3_targets = (uint32_t)((v >> 16) & 0x1ff);
	c->max_msr_list = 512u * ((uint32_t)((v >> 25) & 7) + 1);
	c->smm_monitor_ctl = (v >> 28) & 1;
	c->vmwrite_any = (v >> 29) & 1;
	c->zero_len_inject = (v >> 30) & 1;
	c->mseg_revision = (uint32_t)(v >> 32);
}

int vmx_caps_decode(const struct vmx_msrs *m, struct vmx_caps *c)
{
	*c = (struct vmx_caps){ 0 };
	for (uint32_t i = 0; i < VMX_MSR_COUNT; i++)
		if (vmx_msr_expected(m, VMX_MSR_FIRST + i) != m->present[i])
			c->presence_mismatch |= 1u << i;
	if (!m->present[0])
		return -1;
	c->vmx = true;
	decode_basic(val(m, MSR_IA32_VMX_BASIC), c);

	/* A.3.1/A.4/A.5: with BASIC[55] the TRUE MSRs give the real allowed-0 settings. */
	bool t = c->true_ctls;
	c->pinbased = ctl32(m, t ? MSR_IA32_VMX_TRUE_PINBASED_CTLS : MSR_IA32_VMX_PINBASED_CTLS, c);
	c->procbased = ctl32(m, t ? MSR_IA32_VMX_TRUE_PROCBASED_CTLS : MSR_IA32_VMX_PROCBASED_CTLS, c);
	c->exit = ctl32(m, t ? MSR_IA32_VMX_TRUE_EXIT_CTLS : MSR_IA32_VMX_EXIT_CTLS, c);
	c->entry = ctl32(m, t ? MSR_IA32_VMX_TRUE_ENTRY_CTLS : MSR_IA32_VMX_ENTRY_CTLS, c);
	/* The plain MSRs are checked too, for the consistency flags only. */
	if (t) {
		struct vmx_caps scratch = { 0 };

		ctl32(m, MSR_IA32_VMX_PINBASED_CTLS, &scratch);
		ctl32(m, MSR_IA32_VMX_PROCBASED_CTLS, &scratch);
		ctl32(m, MSR_IA32_VMX_EXIT_CTLS, &scratch);
		ctl32(m, MSR_IA32_VMX_ENTRY_CTLS, &scratch);
		c->inconsistent |= scratch.inconsistent;
	}
	c->procbased2 = ctl32(m, MSR_IA32_VMX_PROCBASED_CTLS2, c);
	c->procbased3 = ctl64(m, MSR_IA32_VMX_PROCBASED_CTLS3);
	c->exit2 = ctl64(m, MSR_IA32_VMX_EXIT_CTLS2);

	if (have(m, MSR_IA32_VMX_MISC))
		decode_misc(val(m, MSR_IA32_VMX_MISC), c);
	c->cr_fixed_avail = have(m, MSR_IA32_VMX_CR0_FIXED0) && have(m, MSR_IA32_VMX_CR0_FIXED1) &&
			    have(m, MSR_IA32_VMX_CR4_FIXED0) && have(m, MSR_IA32_VMX_CR4_FIXED1);
	if (c->cr_fixed_avail) {
		c->cr0_fixed0 = val(m, MSR_IA32_VMX_CR0_FIXED0);
		c->cr0_fixed1 = val(m, MSR_IA32_VMX_CR0_FIXED1);
		c->cr4_fixed0 = val(m, MSR_IA32_VMX_CR4_FIXED0);
		c->cr4_fixed1 = val(m, MSR_IA32_VMX_CR4_FIXED1);
	}
	c->vmcs_enum_avail = have(m, MSR_IA32_VMX_VMCS_ENUM);
	if (c->vmcs_enum_avail)
		c->vmcs_enum_max = (uint32_t)((val(m, MSR_IA32_VMX_VMCS_ENUM) >> 1) & 0x1ff);
	c->ept_vpid_avail = usable(m, MSR_IA32_VMX_EPT_VPID_CAP);
	if (c->ept_vpid_avail)
		c->ept_vpid = val(m, MSR_IA32_VMX_EPT_VPID_CAP);
	c->vmfunc_avail = usable(m, MSR_IA32_VMX_VMFUNC);
	if (c->vmfunc_avail)
		c->vmfunc = val(m, MSR_IA32_VMX_VMFUNC);
	/* §24.6.2 Table 24-7: secondary control bit 14 is "VMCS shadowing". */
	c->shadowing = c->procbased2.avail && ((c->procbased2.allowed1 >> 14) & 1);
	return 0;
}
