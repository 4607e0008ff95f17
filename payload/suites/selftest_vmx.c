/** @file
 * selftest-vmx-abort: a suite that dies inside VMX operation leaves nothing
 * behind for the next one.
 *
 * Runs only when named (suites=selftest-vmx-abort,caps). It enters VMX
 * operation, makes a VMCS current (VMPTRLD), then faults on purpose. The
 * runner must record the exception, end the suite "aborted" with
 * `cleanup` "VMCLEAR and VMXOFF" (vmx/cleanup.c), and the next suite's
 * VMXON must succeed (it would fail with VMfailValid(15), "VMXON executed
 * in VMX root operation", SDM Vol. 3C §30.4, if the CPU were left in VMX
 * operation).
 */
#include <stdint.h>
#include "platform/mem.h"
#include "platform/paging.h"
#include "record/record.h"
#include "suites/suite.h"
#include "vmx/vmcs.h"
#include "vmx/vmxon.h"

static struct vmx_cpu cpu;

static void selftest_vmx_run(const struct suite_ctx *ctx)
{
	struct vmx_outcome o;
	void *vmcs;
	struct rec *r;

	(void)ctx;
	if (vmx_enable(&cpu) != 0) {
		r = rec_start("selftest");
		rec_str(r, "check", "vmx-abort");
		rec_str(r, "skipped", cpu.reason ? cpu.reason : "VMXON failed");
		rec_close(r);
		return;
	}
	vmcs = vmcs_region_alloc(cpu.revision, false);
	r = rec_start("selftest");
	rec_str(r, "check", "vmx-abort");
	rec_bool(r, "vmptrld", vmcs && vmcs_load(virt_to_phys(vmcs), &o) == 0);
	rec_close(r);

	/* The deliberate, uncontained fault, in VMX root operation with a current VMCS. */
	suite_set_case("fault-in-vmx-operation");
	(void)*(volatile uint64_t *)(uintptr_t)(PAGING_MAPPED_END + 0x1000);
}

SUITE(selftest_vmx_abort, 03) = {
	.name = "selftest-vmx-abort",
	.selftest = true,
	.summary = "an aborted suite's VMX state is cleaned up before the next (faults on purpose)",
	.run = selftest_vmx_run,
};
