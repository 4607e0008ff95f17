/** @file
 * Named field sets and break-even (see shadow_sets.h). Our own table of KVM's
 * set, written from Linux 5.10.13 arch/x86/kvm/vmx/vmcs_shadow_fields.h
 * (SHADOW_FIELD_RO / SHADOW_FIELD_RW, same order); encodings from SDM Vol. 3D
 * Appendix B, KVM's names where the SDM's differ in brackets.
 */
#include "vmx/shadow_sets.h"
#include "vmx/fields.h"
#include "vmx/shadow.h"

const struct shadow_set_field shadow_set_kvm[] = {
	/* 16-bit */
	{ "GUEST_INTERRUPT_STATUS", 0x0810, false }, /* [GUEST_INTR_STATUS] */
	{ "GUEST_PML_INDEX", 0x0812, false },
	{ "HOST_FS_SELECTOR", 0x0C08, false },
	{ "HOST_GS_SELECTOR", 0x0C0A, false },
	/* 32-bit */
	{ "EXIT_REASON", 0x4402, true }, /* [VM_EXIT_REASON] */
	{ "VM_EXIT_INTR_INFO", 0x4404, true },
	{ "VM_EXIT_INSTRUCTION_LEN", 0x440C, true },
	{ "IDT_VECTORING_INFO_FIELD", 0x4408, true },
	{ "IDT_VECTORING_ERROR_CODE", 0x440A, true },
	{ "VM_EXIT_INTR_ERROR_CODE", 0x4406, true },
	{ "GUEST_CS_ACCESS_RIGHTS", 0x4816, true }, /* [GUEST_CS_AR_BYTES] */
	{ "GUEST_SS_ACCESS_RIGHTS", 0x4818, true }, /* [GUEST_SS_AR_BYTES] */
	{ "CPU_BASED_VM_EXEC_CONTROL", 0x4002, false },
	{ "PIN_BASED_VM_EXEC_CONTROL", 0x4000, false },
	{ "EXCEPTION_BITMAP", 0x4004, false },
	{ "VM_ENTRY_EXCEPTION_ERROR_CODE", 0x4018, false },
	{ "VM_ENTRY_INTR_INFO_FIELD", 0x4016, false },
	{ "VM_ENTRY_INSTRUCTION_LEN", 0x401A, false },
	{ "TPR_THRESHOLD", 0x401C, false },
	{ "GUEST_INTERRUPTIBILITY_STATE", 0x4824, false }, /* [GUEST_INTERRUPTIBILITY_INFO] */
	{ "VMX_PREEMPTION_TIMER_VALUE", 0x482E, false },
	/* natural width */
	{ "EXIT_QUALIFICATION", 0x6400, true },
	{ "GUEST_LINEAR_ADDRESS", 0x640A, true },
	{ "GUEST_RIP", 0x681E, false },
	{ "GUEST_RSP", 0x681C, false },
	{ "GUEST_CR0", 0x6800, false },
	{ "GUEST_CR3", 0x6802, false },
	{ "GUEST_CR4", 0x6804, false },
	{ "GUEST_RFLAGS", 0x6820, false },
	{ "CR0_GUEST_HOST_MASK", 0x6000, false },
	{ "CR0_READ_SHADOW", 0x6004, false },
	{ "CR4_READ_SHADOW", 0x6006, false },
	{ "HOST_FS_BASE", 0x6C06, false },
	{ "HOST_GS_BASE", 0x6C08, false },
	/* 64-bit */
	{ "GUEST_PHYSICAL_ADDRESS", 0x2400, true },
	{ "GUEST_PHYSICAL_ADDRESS_HIGH", 0x2401, true },
};
const size_t shadow_set_kvm_count = sizeof(shadow_set_kvm) / sizeof(shadow_set_kvm[0]);

unsigned shadow_set_resolve(const struct shadow_set_field *set, size_t n, const struct vmx_caps *caps,
			    enum shadow_sync_dir d, uint32_t *out, unsigned max, unsigned *listed)
{
	unsigned k = 0, l = 0;

	for (size_t i = 0; i < n; i++) {
		uint32_t e = set[i].enc;

		/* A read-only field is never copied back: the guest hypervisor cannot write it. */
		if (d == SHADOW_SYNC_READ && set[i].ro)
			continue;
		l++;
		if (vmcs_enc_high(e) || !shadow_field_supported(caps, e))
			continue;
		/* VMWRITE of a VM-exit information field needs MISC bit 29 (SDM §30.3 VMWRITE, A.6). */
		if (d == SHADOW_SYNC_WRITE && shadow_field_read_only(e) && !caps->vmwrite_any)
			continue;
		if (k < max)
			out[k++] = e;
	}
	if (listed)
		*listed = l;
	return k;
}

bool shadow_breakeven_milli(int64_t sync_read, int64_t sync_write, int64_t exiting, int64_t shadowed,
			    int64_t *milli)
{
	int64_t num = (sync_read + sync_write) * 1000, den = exiting - shadowed;

	if (den <= 0)
		return false;
	*milli = (num >= 0 ? num + den / 2 : num - den / 2) / den;
	return true;
}
