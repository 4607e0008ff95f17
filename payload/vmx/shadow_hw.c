/** @file
 * VMCS shadowing, the hardware half: the shadow VMCS region and the
 * controls that make VMREAD/VMWRITE in VMX non-root operation use it
 * (see shadow.h).
 */
#include "vmx/shadow.h"
#include "vmx/controls.h"
#include "vmx/fields.h"
#include "vmx/vmcs.h"
#include "platform/mem.h"

void *shadow_vmcs_alloc(uint32_t revision)
{
	void *p = vmcs_region_alloc(revision, true);

	/* VMCLEAR initialises the region's implementation-specific state (§24.11.3). */
	if (p && vmcs_clear(virt_to_phys(p), NULL))
		return NULL;
	return p;
}

int shadow_enable(const struct vmx_caps *caps, uint64_t read_bm_pa, uint64_t write_bm_pa,
		  uint64_t link)
{
	uint64_t proc = 0, proc2 = 0;

	if (!caps->shadowing || !controls_may_set(caps, VMX_KIND_PROC, 31))
		return -1;
	if (vmcs_read(CPU_BASED_VM_EXEC_CONTROL, &proc, NULL))
		return -2;
	if (!(proc & CPU_BASED_ACTIVATE_SECONDARY_CONTROLS) ||
	    vmcs_read(SECONDARY_VM_EXEC_CONTROL, &proc2, NULL))
		proc2 = 0;
	if (vmcs_write(CPU_BASED_VM_EXEC_CONTROL, proc | CPU_BASED_ACTIVATE_SECONDARY_CONTROLS, NULL) ||
	    vmcs_write(SECONDARY_VM_EXEC_CONTROL, proc2 | SECONDARY_EXEC_SHADOW_VMCS, NULL) ||
	    vmcs_write(VMREAD_BITMAP, read_bm_pa, NULL) ||
	    vmcs_write(VMWRITE_BITMAP, write_bm_pa, NULL) ||
	    vmcs_write(VMCS_LINK_POINTER, link, NULL))
		return -2;
	return 0;
}
