/** @file
 * vmx_run: one VM entry attempt, classified into an outcome (see guest.h).
 */
#include "vmx/guest.h"
#include "vmx/intr_info.h"
#include "vmx/fields.h"
#include "vmx/vmcs.h"
#include "vmx/vmxon.h"
#include "platform/desc.h"
#include "platform/trap.h"
#include <stddef.h>

/* vmx/gprs_asm.h hard-codes this layout for guest.S and loop.S. */
_Static_assert(offsetof(struct vmx_gprs, rax) == 0, "gprs_asm.h G_RAX");
_Static_assert(offsetof(struct vmx_gprs, rdi) == 40, "gprs_asm.h G_RDI");
_Static_assert(offsetof(struct vmx_gprs, rbp) == 48, "gprs_asm.h G_RBP");
_Static_assert(offsetof(struct vmx_gprs, r15) == 112, "gprs_asm.h G_R15");

uint64_t vmx_enter(struct vmx_gprs *g);
extern uint32_t vmx_enter_mode;
extern uint16_t vmx_enter_ss;

struct enter_arg {
	struct vmx_gprs *g;
	uint64_t ret;
};

static void enter_tramp(void *p)
{
	struct enter_arg *a = p;

	a->ret = vmx_enter(a->g);
}

int vmx_run(struct vmx_gprs *g, bool resume, struct outcome *out, struct vmx_exit *ex)
{
	return vmx_run_mode(g, resume ? VMX_RUN_RESUME : 0, out, ex);
}

int vmx_run_mode(struct vmx_gprs *g, unsigned mode, struct outcome *out, struct vmx_exit *ex)
{
	struct enter_arg a = { g, 0 };
	struct desc_ptr gdt, idt;
	struct vmx_exit tmp = { 0 };
	uint64_t flags;
	int vec;

	if (!ex)
		ex = &tmp;
	*ex = (struct vmx_exit){ 0 };
	__asm__ volatile("sgdt %0; sidt %1; pushfq; popq %2" : "=m"(gdt), "=m"(idt), "=r"(flags));
	vmx_enter_mode = mode;
	__asm__ volatile("mov %%ss, %0" : "=r"(vmx_enter_ss));
	vec = trap_call(enter_tramp, &a, NULL);
	/* A VM exit leaves GDTR/IDTR limits at 0xFFFF and RFLAGS at 0x2 (§27.5), and
	 * SS as HOST_SS_SELECTOR says (a case may make it null): restore all. */
	__asm__ volatile("lgdt %0; lidt %1; mov %3, %%ss; pushq %2; popfq"
			 :: "m"(gdt), "m"(idt), "r"(flags), "r"((uint64_t)vmx_enter_ss)
			 : "memory", "cc");
	if (vec != FAULT_NONE) {
		*out = OUTCOME_EXCEPTION_V((uint32_t)vec);
		return -1;
	}
	if (a.ret != 0) {
		struct vmx_outcome o;

		if (a.ret >> 63) {
			/* HOST_RSP could not be written (VMfailValid): nothing was
			 * attempted, so no outcome can be claimed. */
			*out = outcome_make(OUTCOME_NONE, 0, 0);
			return -1;
		}
		vmx_outcome_set(&o, FAULT_NONE, a.ret);
		*out = outcome_from_insn(&o);
		return -1;
	}
	ex->exited = true;
	ex->reason = (uint32_t)vmcs_read_or(EXIT_REASON, ~0ull);
	ex->qual = vmcs_read_or(EXIT_QUALIFICATION, 0);
	ex->guest_rip = vmcs_read_or(GUEST_RIP, 0);
	ex->insn_len = (uint32_t)vmcs_read_or(VM_EXIT_INSTRUCTION_LEN, 0);
	ex->intr_info = (uint32_t)vmcs_read_or(VM_EXIT_INTR_INFO, 0);
	if (ex->reason & EXIT_REASON_FAILED_ENTRY) {
		*out = OUTCOME_ENTRY_FAIL_V(ex->reason & 0xffff, ex->qual);
		return -1;
	}
	switch (ex->reason & 0xffff) {
	case EXIT_REASON_VMCALL:
		if (g->rax == GUEST_CALL_ALIVE || g->rax == GUEST_CALL_DONE) {
			*out = OUTCOME_OK_V;
			return 0;
		}
		break;
	case EXIT_REASON_PREEMPTION_TIMER:
		*out = outcome_make(OUTCOME_TIMEOUT, 0, 0);
		return -1;
	}
	*out = outcome_make(OUTCOME_VMEXIT, ex->reason & 0xffff, 0);
	/* An exception or NMI exit names its vector (§27.2.2); the qualification
	 * is defined for #DB and #PF only (§27.2.1). */
	if ((ex->reason & 0xffff) == EXIT_REASON_EXCEPTION_NMI && (ex->intr_info & INTR_INFO_VALID)) {
		uint32_t v = ex->intr_info & INTR_INFO_VECTOR_MASK;

		*out = outcome_exc_exit(v, v == 1 || v == 14, ex->qual);
	}
	return -1;
}
