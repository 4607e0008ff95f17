/** @file
 * The caps suite: what VMX this CPU offers, as raw records (MSRs, SMBIOS)
 * plus their decode, then one VMXON/VMXOFF. The CPUID dump and identity
 * come with every run (app/identity.c).
 * Nothing here judges conformance; docs/record-format.md lists the records.
 */
#include "lib/fmt.h"
#include "platform/cpu.h"
#include "platform/smbios.h"
#include "record/record.h"
#include "platform/boot_info.h"
#include "suites/suite.h"
#include "vmx/caps.h"
#include "vmx/vmxon.h"

static void caps_smbios(const struct boot_info *bi)
{
	struct smbios_info si;
	struct rec *w;

	smbios_probe(bi->smbios, &si);
	w = rec_start("smbios");
	rec_bool(w, "found", si.found);
	if (si.found) {
		char ver[8];

		fmt_snprintf(ver, sizeof(ver), "%u.%u", si.major, si.minor);
		rec_str(w, "version", ver);
		rec_hex(w, "entry", si.entry);
		rec_str(w, "manufacturer", si.manufacturer);
		rec_str(w, "product", si.product);
		rec_str(w, "serial", si.serial);
		rec_str(w, "bios_vendor", si.bios_vendor);
		rec_str(w, "bios_version", si.bios_version);
		rec_u64(w, "structures", si.structures);
		if (si.truncated)
			rec_bool(w, "malformed", true);
	}
	rec_close(w);
}

static const char *const fc_action_name[] = {
	[VMX_FC_NONE] = "none",
	[VMX_FC_ENABLED] = "enabled-and-locked",
	[VMX_FC_DISABLED] = "disabled-by-firmware",
	[VMX_FC_ABSENT] = "absent",
	[VMX_FC_WRITE_FAILED] = "write-failed",
};

static void caps_feature_control(void)
{
	struct vmx_fc fc;
	struct rec *w;

	vmx_feature_control(&fc);
	w = rec_start("feature_control");
	if (fc.present) {
		rec_hex(w, "value", fc.value);
		rec_bool(w, "locked", fc.locked);
		rec_bool(w, "vmx_outside_smx", fc.outside_smx);
	}
	rec_str(w, "action", fc_action_name[fc.action]);
	rec_close(w);
}

/* One `msr` record per IA32_VMX_* MSR, as read. */
static void caps_read_msrs(struct vmx_msrs *m)
{
	vmx_msrs_read(m);
	for (uint32_t i = 0; i < VMX_MSR_COUNT; i++) {
		uint32_t msr = VMX_MSR_FIRST + i;
		struct rec *w = rec_start("msr");

		rec_hex(w, "index", msr);
		rec_str(w, "name", vmx_msr_name(msr));
		rec_bool(w, "present", m->present[i]);
		if (m->present[i])
			rec_hex(w, "value", m->val[i]);
		rec_close(w);
	}
}

static void ctl_obj(struct rec *w, const char *key, bool avail, uint32_t a0, uint64_t a1)
{
	if (!avail)
		return;
	rec_obj_begin(w, key);
	rec_hex(w, "allowed0", a0);
	rec_hex(w, "allowed1", a1);
	rec_obj_end(w);
}

static void caps_vmx_record(const struct vmx_caps *c)
{
	struct rec *w = rec_start("vmx_caps");

	rec_bool(w, "vmx", c->vmx);
	if (!c->vmx) {
		rec_str(w, "reason", "IA32_VMX_BASIC unreadable");
		rec_close(w);
		return;
	}
	rec_u64(w, "revision", c->revision);
	rec_u64(w, "vmcs_size", c->vmcs_size);
	rec_u64(w, "memtype", c->memtype);
	rec_bool(w, "true_ctls", c->true_ctls);
	rec_bool(w, "io_exit_info", c->io_exit_info);
	rec_bool(w, "entry_no_errcode", c->entry_no_errcode);
	rec_bool(w, "phys_addr_32", c->phys_addr_32);
	rec_bool(w, "dual_monitor", c->dual_monitor);
	ctl_obj(w, "pinbased", c->pinbased.avail, c->pinbased.allowed0, c->pinbased.allowed1);
	ctl_obj(w, "procbased", c->procbased.avail, c->procbased.allowed0, c->procbased.allowed1);
	ctl_obj(w, "procbased2", c->procbased2.avail, c->procbased2.allowed0,
		c->procbased2.allowed1);
	ctl_obj(w, "procbased3", c->procbased3.avail, 0, c->procbased3.allowed1);
	ctl_obj(w, "exit", c->exit.avail, c->exit.allowed0, c->exit.allowed1);
	ctl_obj(w, "exit2", c->exit2.avail, 0, c->exit2.allowed1);
	ctl_obj(w, "entry", c->entry.avail, c->entry.allowed0, c->entry.allowed1);
	if (c->misc_avail) {
		rec_u64(w, "preempt_rate", c->preempt_rate);
		rec_bool(w, "store_lma", c->store_lma);
		rec_u64(w, "activity_states", c->activity_states);
		rec_bool(w, "pt_in_vmx", c->pt_in_vmx);
		rec_bool(w, "smbase_rdmsr", c->smbase_rdmsr);
		rec_u64(w, "cr3_targets", c->cr3_targets);
		rec_u64(w, "max_msr_list", c->max_msr_list);
		rec_bool(w, "smm_monitor_ctl", c->smm_monitor_ctl);
		rec_bool(w, "misc_vmwrite_ro", c->vmwrite_any);
		rec_bool(w, "zero_len_inject", c->zero_len_inject);
		rec_hex(w, "mseg_revision", c->mseg_revision);
	}
	rec_bool(w, "shadowing", c->shadowing);
	if (c->vmcs_enum_avail)
		rec_u64(w, "vmcs_enum_max", c->vmcs_enum_max);
	if (c->ept_vpid_avail)
		rec_hex(w, "ept_vpid", c->ept_vpid);
	if (c->vmfunc_avail)
		rec_hex(w, "vmfunc", c->vmfunc);
	if (c->cr_fixed_avail) {
		rec_hex(w, "cr0_fixed0", c->cr0_fixed0);
		rec_hex(w, "cr0_fixed1", c->cr0_fixed1);
		rec_hex(w, "cr4_fixed0", c->cr4_fixed0);
		rec_hex(w, "cr4_fixed1", c->cr4_fixed1);
	}
	rec_hex(w, "presence_mismatch", c->presence_mismatch);
	rec_hex(w, "inconsistent", c->inconsistent);
	rec_close(w);
}

/* One warn per MSR whose presence disagrees with Appendix A's enumeration. */
static void caps_vmx_warnings(const struct vmx_caps *c, const struct vmx_msrs *m)
{
	for (uint32_t i = 0; i < VMX_MSR_COUNT; i++) {
		char msg[96];
		const char *name = vmx_msr_name(VMX_MSR_FIRST + i);
		const char *what;

		if (c->presence_mismatch & (1u << i))
			what = m->present[i] ? " readable though SDM Appendix A does not enumerate it"
					     : " faulted though SDM Appendix A enumerates it";
		else if (c->inconsistent & (1u << i))
			what = " has allowed-0 bits that are not allowed-1";
		else
			continue;
		fmt_snprintf(msg, sizeof(msg), "MSR %s%s", name, what);
		rec_warn(msg);
	}
}

/* @p key: the class; details under @p pre + "vector" / "error" / "rflags". */
static void outcome_members(struct rec *w, const char *key, const char *pre,
			    const struct vmx_outcome *o)
{
	char k[32];

	rec_str(w, key, vmx_result_name(o->result));
	if (o->result == VMX_FAULT) {
		fmt_snprintf(k, sizeof(k), "%svector", pre);
		rec_u64(w, k, (uint64_t)o->vector);
	} else if (o->result == VMX_FAIL_VALID) {
		fmt_snprintf(k, sizeof(k), "%serror", pre);
		rec_u64(w, k, o->error);
	} else if (o->result == VMX_BAD_FLAGS) {
		fmt_snprintf(k, sizeof(k), "%srflags", pre);
		rec_hex(w, k, o->rflags);
	}
}

static struct vmx_cpu caps_cpu;

static void caps_vmxon(void)
{
	struct vmx_cpu *c = &caps_cpu;
	int rc = vmx_enable(c);
	struct rec *w;

	if (rc == 0)
		vmx_disable(c);
	else
		c->vmxoff.result = VMX_SKIPPED;
	w = rec_start("vmxon");
	outcome_members(w, "result", "", &c->vmxon);
	outcome_members(w, "vmxoff", "vmxoff_", &c->vmxoff);
	if (c->reason) /* why VMXON was skipped or VMXOFF failed */
		rec_str(w, "reason", c->reason);
	if (c->vmxon.result != VMX_SKIPPED) {
		rec_hex(w, "revision", c->revision);
		rec_hex(w, "cr0", c->cr0_on);
		rec_hex(w, "cr4", c->cr4_on);
	}
	rec_close(w);
}

static void caps_vmx(void)
{
	static struct vmx_msrs m;
	struct vmx_caps c;

	if (!vmx_supported()) {
		struct rec *w = rec_start("vmx_caps");
		rec_bool(w, "vmx", false);
		rec_str(w, "reason", "VMX not available (CPUID.1:ECX[5]=0)");
		rec_close(w);
		w = rec_start("vmxon");
		rec_str(w, "result", "skipped");
		rec_str(w, "vmxoff", "skipped");
		rec_str(w, "reason", "VMX not available (CPUID.1:ECX[5]=0)");
		rec_close(w);
		return;
	}
	caps_feature_control();
	caps_read_msrs(&m);
	vmx_caps_decode(&m, &c);
	caps_vmx_record(&c);
	caps_vmx_warnings(&c, &m);
	caps_vmxon();
}

static void caps_run(const struct suite_ctx *ctx)
{
	/* CPUID and identity records open every run (payload_main). */
	caps_smbios(ctx->boot);
	caps_vmx();
}

SUITE(caps, 20) = {
	.name = "caps",
	.summary = "CPUID, identity, SMBIOS, VMX capability MSRs, VMXON/VMXOFF",
	.run = caps_run,
};
