/** @file
 * vmx_loop_run: the C side of the run loop (see loop.h).
 */
#include <stddef.h>
#include "vmx/loop.h"
#include "vmx/vmcs.h"
#include "vmx/vmxon.h"
#include "platform/desc.h"
#include "platform/trap.h"

_Static_assert(offsetof(struct vmx_loop, handler) == 120, "loop.S L_HANDLER");
_Static_assert(offsetof(struct vmx_loop, resume) == 128, "loop.S L_RESUME");
_Static_assert(offsetof(struct vmx_loop, stop) == 152, "loop.S L_STOP");

uint64_t vmx_loop_enter(struct vmx_loop *l);

struct loop_arg {
	struct vmx_loop *l;
	uint64_t ret;
};

static void loop_tramp(void *p)
{
	struct loop_arg *a = p;

	a->ret = vmx_loop_enter(a->l);
}

int vmx_loop_run(struct vmx_loop *l, bool resume, struct outcome *out)
{
	struct loop_arg a = { l, 0 };
	struct desc_ptr gdt, idt;
	uint64_t flags;
	uint16_t ss;
	int vec;

	l->resume = resume;
	l->stop = 0;
	__asm__ volatile("sgdt %0; sidt %1; pushfq; popq %2; mov %%ss, %3"
			 : "=m"(gdt), "=m"(idt), "=r"(flags), "=r"(ss));
	vec = trap_call(loop_tramp, &a, NULL);
	/* A VM exit leaves GDTR/IDTR limits at 0xFFFF and RFLAGS at 2 (§27.5). */
	__asm__ volatile("lgdt %0; lidt %1; mov %3, %%ss; pushq %2; popfq"
			 :: "m"(gdt), "m"(idt), "r"(flags), "r"((uint64_t)ss) : "memory", "cc");
	if (vec != FAULT_NONE) {
		*out = OUTCOME_EXCEPTION_V((uint32_t)vec);
		return -1;
	}
	if (a.ret) {
		struct vmx_outcome o;

		vmx_outcome_set(&o, FAULT_NONE, a.ret & ~(1ull << 63));
		*out = outcome_from_insn(&o);
		return -1;
	}
	*out = OUTCOME_OK_V;
	return 0;
}
