/** @file
 * VMX enable/disable on the calling CPU (see vmxon.h).
 */
#include "vmx/vmxon.h"
#include "platform/cpu.h"
#include "platform/mem.h"
#include "platform/percpu.h"
#include "platform/trap.h"
#include "vmx/caps.h"
#include "vmx/fields.h"

bool vmx_supported(void)
{
	return (cpuid(1, 0).ecx >> 5) & 1;
}

void vmx_msrs_read(struct vmx_msrs *m)
{
	for (unsigned i = 0; i < VMX_MSR_COUNT; i++)
		m->present[i] = rdmsr_safe(VMX_MSR_FIRST + i, &m->val[i]) == FAULT_NONE;
}

int vmx_caps_probe(struct vmx_caps *caps)
{
	struct vmx_msrs m = { 0 };

	vmx_msrs_read(&m);
	return vmx_caps_decode(&m, caps);
}

int vmx_feature_control(struct vmx_fc *fc)
{
	uint64_t v;

	*fc = (struct vmx_fc){ 0 };
	if (rdmsr_safe(MSR_IA32_FEATURE_CONTROL, &v) != FAULT_NONE) {
		fc->action = VMX_FC_ABSENT;
		return VMX_E_FIRMWARE;
	}
	fc->present = true;
	if (!(v & FEATURE_CONTROL_LOCK)) {
		/* §23.7: VMXON #GPs while the MSR is unlocked; firmware normally locks it. */
		uint64_t want = v | FEATURE_CONTROL_VMX_OUTSIDE_SMX | FEATURE_CONTROL_LOCK;

		if (wrmsr_safe(MSR_IA32_FEATURE_CONTROL, want) != FAULT_NONE ||
		    rdmsr_safe(MSR_IA32_FEATURE_CONTROL, &v) != FAULT_NONE || v != want)
			fc->action = VMX_FC_WRITE_FAILED;
		else
			fc->action = VMX_FC_ENABLED;
	}
	fc->value = v;
	fc->locked = v & FEATURE_CONTROL_LOCK;
	fc->outside_smx = v & FEATURE_CONTROL_VMX_OUTSIDE_SMX;
	if (fc->action == VMX_FC_NONE && !fc->outside_smx)
		fc->action = VMX_FC_DISABLED;
	return fc->locked && fc->outside_smx ? 0 : VMX_E_FIRMWARE;
}

struct vmx_insn_arg {
	uint64_t operand; /**< memory operand (VMXON: region physical address) */
	uint64_t rflags;
};

static void insn_vmxon(void *p)
{
	struct vmx_insn_arg *a = p;

	__asm__ volatile("vmxon %1\n\tpushfq\n\tpopq %0"
			 : "=r"(a->rflags) : "m"(a->operand) : "cc", "memory");
}

static void insn_vmxoff(void *p)
{
	struct vmx_insn_arg *a = p;

	__asm__ volatile("vmxoff\n\tpushfq\n\tpopq %0" : "=r"(a->rflags) :: "cc", "memory");
}

static void insn_read_error(void *p)
{
	struct vmx_insn_arg *a = p;
	uint64_t field = VM_INSTRUCTION_ERROR, val = 0;

	__asm__ volatile("vmread %2, %0\n\tpushfq\n\tpopq %1"
			 : "=r"(val), "=r"(a->rflags) : "r"(field) : "cc", "memory");
	a->operand = val;
}

void vmx_outcome_set(struct vmx_outcome *o, int vector, uint64_t rflags)
{
	*o = (struct vmx_outcome){ .vector = -1 };
	if (vector != FAULT_NONE) {
		o->result = VMX_FAULT;
		o->vector = vector;
		return;
	}
	o->rflags = rflags;
	o->result = vmx_result_from_rflags(rflags);
	if (o->result == VMX_FAIL_VALID) {
		struct vmx_insn_arg a = { 0, 0 };

		if (trap_call(insn_read_error, &a, NULL) == FAULT_NONE &&
		    vmx_result_from_rflags(a.rflags) == VMX_OK)
			o->error = (uint32_t)a.operand;
	}
}

/* Bring CR0/CR4 to what VMX operation allows (§23.8); refuse rather than drop paging. */
static int set_fixed_crs(struct vmx_cpu *c)
{
	uint64_t f[4];

	for (int i = 0; i < 4; i++)
		if (rdmsr_safe(MSR_IA32_VMX_CR0_FIXED0 + i, &f[i]) != FAULT_NONE) {
			c->reason = "RDMSR of IA32_VMX_CR0/CR4_FIXED0/1 faulted";
			return VMX_E_MSR;
		}
	c->cr0_on = vmx_fixed_adjust(c->cr0_saved, f[0], f[1]);
	c->cr4_on = vmx_fixed_adjust(c->cr4_saved | CR4_VMXE, f[2], f[3]);
	/* CR0.PE and PG, CR4.PAE keep long mode alive; VMXE is required. */
	if ((c->cr0_on & (CR0_PG | CR0_PE)) != (CR0_PG | CR0_PE) || !(c->cr4_on & CR4_PAE) ||
	    !(c->cr4_on & CR4_VMXE)) {
		c->reason = "CR0/CR4 fixed bits conflict with long mode or forbid CR4.VMXE";
		return VMX_E_CR;
	}
	if (c->cr0_on != c->cr0_saved)
		write_cr0(c->cr0_on);
	write_cr4(c->cr4_on);
	return 0;
}

static void restore_crs(struct vmx_cpu *c)
{
	write_cr4(c->cr4_saved);
	if (c->cr0_on != c->cr0_saved)
		write_cr0(c->cr0_saved);
}

int vmx_enable(struct vmx_cpu *c)
{
	uint64_t basic;
	int rc;

	c->vmxon.result = VMX_SKIPPED;
	c->reason = NULL;
	if (c->on) {
		c->reason = "already in VMX operation";
		return VMX_E_STATE;
	}
	if (!vmx_supported()) {
		c->reason = "VMX not available (CPUID.1:ECX[5]=0)";
		return VMX_E_NOVMX;
	}
	rc = vmx_feature_control(&c->fc);
	if (rc) {
		c->reason = c->fc.action == VMX_FC_ABSENT ? "IA32_FEATURE_CONTROL unreadable"
			    : c->fc.action == VMX_FC_WRITE_FAILED ? "IA32_FEATURE_CONTROL write failed"
			    : "VMX disabled by firmware (IA32_FEATURE_CONTROL locked, bit 2 clear)";
		return rc;
	}
	if (rdmsr_safe(MSR_IA32_VMX_BASIC, &basic) != FAULT_NONE) {
		c->reason = "RDMSR of IA32_VMX_BASIC faulted";
		return VMX_E_MSR;
	}
	c->revision = (uint32_t)basic & 0x7fffffffu;
	if (!c->vmxon_region && !(c->vmxon_region = page_alloc())) {
		c->reason = "no page for the VMXON region";
		return VMX_E_NOMEM;
	}
	/* §24.11.5: revision id in bits 30:0 of the first dword, bit 31 clear. */
	*(volatile uint32_t *)c->vmxon_region = c->revision;

	c->cr0_saved = read_cr0();
	c->cr4_saved = read_cr4();
	rc = set_fixed_crs(c);
	if (rc)
		return rc;

	struct vmx_insn_arg a = { virt_to_phys(c->vmxon_region), 0 };
	int vec = trap_call(insn_vmxon, &a, NULL);

	vmx_outcome_set(&c->vmxon, vec, a.rflags);
	if (c->vmxon.result != VMX_OK) {
		restore_crs(c);
		c->reason = "VMXON did not succeed";
		return VMX_E_INSN;
	}
	c->on = true;
	this_cpu()->vmx = c; /* for vmx_cpu_cleanup() after the suite */
	return 0;
}

int vmx_disable(struct vmx_cpu *c)
{
	struct vmx_insn_arg a = { 0, 0 };

	c->vmxoff.result = VMX_SKIPPED;
	c->reason = NULL;
	if (!c->on) {
		c->reason = "not in VMX operation";
		return VMX_E_STATE;
	}
	int vec = trap_call(insn_vmxoff, &a, NULL);

	vmx_outcome_set(&c->vmxoff, vec, a.rflags);
	if (c->vmxoff.result != VMX_OK) {
		c->reason = "VMXOFF did not succeed";
		return VMX_E_INSN;
	}
	c->on = false;
	if (this_cpu()->vmx == c)
		this_cpu()->vmx = NULL;
	/* CR4.VMXE can only be cleared outside VMX operation (§23.8). */
	restore_crs(c);
	return 0;
}
