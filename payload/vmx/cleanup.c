/** @file
 * Leaving VMX operation after a suite (see cleanup.h).
 */
#include <stddef.h>

#include "platform/percpu.h"
#include "vmx/cleanup.h"
#include "vmx/vmcs.h"
#include "vmx/vmxon.h"

const char *vmx_cpu_cleanup(void)
{
	struct vmx_cpu *c = this_cpu()->vmx;
	struct vmx_outcome o;
	uint64_t cur = ~0ull;
	bool cleared = false;

	if (!c || !c->on)
		return NULL;
	/* VMPTRST gives ~0 when there is no current VMCS (§30.3) */
	if (vmcs_store(&cur, &o) == 0 && cur != ~0ull)
		cleared = vmcs_clear(cur, &o) == 0;
	vmx_disable(c);
	return cleared ? "VMCLEAR and VMXOFF" : "VMXOFF";
}
