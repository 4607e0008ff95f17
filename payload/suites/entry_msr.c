/** @file
 * Entry-suite cases: loading MSRs from the VM-entry MSR-load area (SDM Vol. 3
 * §26.4). A failing entry gives a VM-entry failure exit with basic reason 34
 * and the failing entry's index (counted from 1) as exit qualification.
 */
#include "suites/entry.h"
#include "platform/cpu.h"
#include "vmx/baseline.h"

struct msr_entry {
	uint32_t index, reserved;
	uint64_t value;
};

#define MSR_IA32_SMM_MONITOR_CTL 0x9bu
#define MSR_IA32_SMBASE 0x9eu
#define MSR_X2APIC_TPR 0x808u

/* The row's entry, after a harmless first one (IA32_SYSENTER_CS with the
 * value it already has) when the row asks for it. */
static void mut_msr_load(struct entry_ctx *c)
{
	const typeof(c->k->p.msr) *m = &c->k->p.msr;
	struct msr_entry *e = (struct msr_entry *)(uintptr_t)ec_page(c, 1);
	unsigned i = 0;

	if (m->first_valid) {
		e[i].index = MSR_IA32_SYSENTER_CS;
		e[i].value = ec_read(c, GUEST_IA32_SYSENTER_CS);
		i++;
	}
	e[i].index = m->index;
	e[i].reserved = m->reserved;
	e[i].value = 0;
	if (m->same_value)
		e[i].value = ec_read(c, GUEST_IA32_SYSENTER_CS);
	if (m->or_efer)
		e[i].value = rdmsr(MSR_IA32_EFER) | m->or_efer;
	i++;
	ec_write(c, VM_ENTRY_MSR_LOAD_ADDR, ec_page(c, 1));
	ec_write(c, VM_ENTRY_MSR_LOAD_COUNT, i);
}

static void mut_msr_load_ok(struct entry_ctx *c)
{
	struct msr_entry *e = (struct msr_entry *)(uintptr_t)ec_page(c, 1);

	e[0].index = MSR_IA32_SYSENTER_CS;
	e[0].value = ec_read(c, GUEST_IA32_SYSENTER_CS);
	ec_write(c, VM_ENTRY_MSR_LOAD_ADDR, ec_page(c, 1));
	ec_write(c, VM_ENTRY_MSR_LOAD_COUNT, 1);
}

#define MSR_ROW(...) .p.msr = { __VA_ARGS__ }

static const struct entry_case cases[] = {
	{ "msr.load.valid", "26.4", "VM-entry MSR-load of IA32_SYSENTER_CS with its own value enters",
	  VMX_FEAT_ALWAYS, mut_msr_load_ok, NULL, EXPECT_OK, NULL, { 0 } },
	{ "msr.load.fs_base", "26.4", "VM-entry MSR-load of IA32_FS_BASE (not allowed): exit 34, entry 1",
	  VMX_FEAT_ALWAYS, mut_msr_load, NULL, EXPECT_MSR_FAIL(1), NULL, MSR_ROW(.index = MSR_FS_BASE) },
	{ "msr.load.gs_base", "26.4", "VM-entry MSR-load of IA32_GS_BASE (not allowed): exit 34, entry 1",
	  VMX_FEAT_ALWAYS, mut_msr_load, NULL, EXPECT_MSR_FAIL(1), NULL, MSR_ROW(.index = MSR_GS_BASE) },
	{ "msr.load.x2apic", "26.4", "VM-entry MSR-load of an x2APIC MSR (0x808): exit 34, entry 1",
	  VMX_FEAT_ALWAYS, mut_msr_load, NULL, EXPECT_MSR_FAIL(1), NULL, MSR_ROW(.index = MSR_X2APIC_TPR) },
	{ "msr.load.smm_monitor_ctl", "26.4", "VM-entry MSR-load of IA32_SMM_MONITOR_CTL: exit 34, entry 1",
	  VMX_FEAT_ALWAYS, mut_msr_load, NULL, EXPECT_MSR_FAIL(1), NULL, MSR_ROW(.index = MSR_IA32_SMM_MONITOR_CTL) },
	{ "msr.load.smbase", "26.4", "VM-entry MSR-load of IA32_SMBASE (0x9E): exit 34, entry 1",
	  VMX_FEAT_ALWAYS, mut_msr_load, NULL, EXPECT_MSR_FAIL(1), NULL, MSR_ROW(.index = MSR_IA32_SMBASE) },
	{ "msr.load.reserved_dword", "26.4", "VM-entry MSR-load entry with bits 63:32 of its first quadword set: exit 34, entry 1",
	  VMX_FEAT_ALWAYS, mut_msr_load, NULL, EXPECT_MSR_FAIL(1), NULL,
	  MSR_ROW(.index = MSR_IA32_SYSENTER_CS, .reserved = 1, .same_value = true) },
	{ "msr.load.efer_gp", "26.4", "VM-entry MSR-load of IA32_EFER with a reserved bit (WRMSR would #GP): exit 34, entry 1",
	  VMX_FEAT_ALWAYS, mut_msr_load, NULL, EXPECT_MSR_FAIL(1), NULL,
	  MSR_ROW(.index = MSR_IA32_EFER, .or_efer = 1u << 2 /* reserved */) },
	{ "msr.load.second_entry", "26.4", "VM-entry MSR-load: valid first entry, IA32_FS_BASE second: exit 34, entry 2",
	  VMX_FEAT_ALWAYS, mut_msr_load, NULL, EXPECT_MSR_FAIL(2), NULL, MSR_ROW(.index = MSR_FS_BASE, .first_valid = true) },
};

ENTRY_GROUP(entry_group_msr, "msr", cases, 50);
