/** @file
 * VMCS instruction wrappers and regions (see vmcs.h).
 */
#include <string.h>
#include "vmx/vmcs.h"
#include "vmx/shadow.h"
#include "vmx/vmxon.h"
#include "platform/mem.h"
#include "platform/trap.h"

void vmcs_region_init(void *region, uint32_t revision, bool shadow)
{
	memset(region, 0, PAGE_SIZE);
	*(volatile uint32_t *)region = (revision & ~SHADOW_VMCS_INDICATOR) | (shadow ? SHADOW_VMCS_INDICATOR : 0);
}

void *vmcs_region_alloc(uint32_t revision, bool shadow)
{
	void *p = page_alloc();

	if (p)
		vmcs_region_init(p, revision, shadow);
	return p;
}

struct insn_arg {
	uint64_t op;     /**< memory operand / field encoding */
	uint64_t val;    /**< value written or read */
	uint64_t rflags;
};

static void do_vmclear(void *p)
{
	struct insn_arg *a = p;

	__asm__ volatile("vmclear %1\n\tpushfq\n\tpopq %0" : "=r"(a->rflags) : "m"(a->op)
			 : "cc", "memory");
}

static void do_vmptrld(void *p)
{
	struct insn_arg *a = p;

	__asm__ volatile("vmptrld %1\n\tpushfq\n\tpopq %0" : "=r"(a->rflags) : "m"(a->op)
			 : "cc", "memory");
}

static void do_vmptrst(void *p)
{
	struct insn_arg *a = p;

	__asm__ volatile("vmptrst %1\n\tpushfq\n\tpopq %0" : "=r"(a->rflags), "=m"(a->val)
			 :: "cc", "memory");
}

static void do_vmread(void *p)
{
	struct insn_arg *a = p;
	uint64_t v = 0;

	__asm__ volatile("vmread %2, %0\n\tpushfq\n\tpopq %1" : "+r"(v), "=r"(a->rflags)
			 : "r"(a->op) : "cc", "memory");
	a->val = v;
}

static void do_vmwrite(void *p)
{
	struct insn_arg *a = p;

	__asm__ volatile("vmwrite %1, %2\n\tpushfq\n\tpopq %0" : "=r"(a->rflags)
			 : "r"(a->val), "r"(a->op) : "cc", "memory");
}

static int run(void (*fn)(void *), struct insn_arg *a, struct vmx_outcome *o)
{
	struct vmx_outcome tmp;
	int vec = trap_call(fn, a, NULL);

	if (!o)
		o = &tmp;
	vmx_outcome_set(o, vec, a->rflags);
	return o->result == VMX_OK ? 0 : -1;
}

int vmcs_clear(uint64_t pa, struct vmx_outcome *o)
{
	struct insn_arg a = { pa, 0, 0 };

	return run(do_vmclear, &a, o);
}

int vmcs_load(uint64_t pa, struct vmx_outcome *o)
{
	struct insn_arg a = { pa, 0, 0 };

	return run(do_vmptrld, &a, o);
}

int vmcs_store(uint64_t *pa, struct vmx_outcome *o)
{
	struct insn_arg a = { 0, ~0ull, 0 };
	int rc = run(do_vmptrst, &a, o);

	*pa = a.val;
	return rc;
}

int vmcs_read(uint32_t enc, uint64_t *val, struct vmx_outcome *o)
{
	struct insn_arg a = { enc, 0, 0 };
	int rc = run(do_vmread, &a, o);

	if (val)
		*val = a.val;
	return rc;
}

int vmcs_write(uint32_t enc, uint64_t val, struct vmx_outcome *o)
{
	struct insn_arg a = { enc, val, 0 };

	return run(do_vmwrite, &a, o);
}

uint64_t vmcs_read_or(uint32_t enc, uint64_t dflt)
{
	uint64_t v;

	return vmcs_read(enc, &v, NULL) == 0 ? v : dflt;
}

struct generic_arg {
	void (*fn)(void *arg, uint64_t *rflags);
	void *arg;
	uint64_t rflags;
};

static void do_generic(void *p)
{
	struct generic_arg *g = p;

	g->fn(g->arg, &g->rflags);
}

int vmx_insn_run(void (*fn)(void *arg, uint64_t *rflags), void *arg, struct vmx_outcome *o)
{
	struct generic_arg g = { fn, arg, 0 };
	struct vmx_outcome tmp;
	int vec = trap_call(do_generic, &g, NULL);

	if (!o)
		o = &tmp;
	vmx_outcome_set(o, vec, g.rflags);
	return o->result == VMX_OK ? 0 : -1;
}
