/** @file
 * capcheck: the CR0/CR4 fixed bits of IA32_VMX_CR0_FIXED0/1 and
 * IA32_VMX_CR4_FIXED0/1 (SDM Vol. 3D A.7, A.8) against MOV to CR0/CR4 in VMX
 * root operation (§23.8: a fixed bit cannot be changed there; the write
 * faults with #GP). One case per bit, each attempt contained (trap_call) and
 * the register restored right after, so a CPU that accepts the write is
 * observed ("ok") and left as it was.
 */
#include "suites/capcheck.h"
#include "lib/fmt.h"
#include "platform/cpu.h"
#include "platform/trap.h"
#include "suites/suite.h"

struct cr_try {
	bool cr4;          /* CR4, else CR0 */
	uint64_t value, restore;
};

static void cr_write(void *arg)
{
	const struct cr_try *t = arg;

	if (t->cr4) {
		write_cr4(t->value);
		write_cr4(t->restore);
	} else {
		write_cr0(t->value);
		write_cr0(t->restore);
	}
}

static void one(struct case_writer *w, bool cr4, unsigned bit, bool set, const char *skip)
{
	char id[40], desc[96], obs[24];
	uint64_t live = cr4 ? read_cr4() : read_cr0();
	struct cr_try t = { cr4, set ? live | 1ull << bit : live & ~(1ull << bit), live };
	struct fault f;
	int v;

	fmt_snprintf(id, sizeof(id), "%s.fixed%u.bit%u", cr4 ? "cr4" : "cr0", set ? 0u : 1u, bit);
	fmt_snprintf(desc, sizeof(desc), "%s CR%u bit %u (fixed to %u by IA32_VMX_CR%u_FIXED%u) in VMX operation: #GP",
		     set ? "set" : "clear", cr4 ? 4u : 0u, bit, set ? 0u : 1u, cr4 ? 4u : 0u, set ? 1u : 0u);
	suite_set_case(id);
	if (skip) {
		case_emit(w, id, cr4 ? "A.8" : "A.7", desc, "exception:13", NULL, VERDICT_SKIP, skip);
		return;
	}
	v = trap_call(cr_write, &t, &f);
	if (v == FAULT_NONE)
		fmt_snprintf(obs, sizeof(obs), "ok");
	else
		fmt_snprintf(obs, sizeof(obs), "exception:%d", v);
	case_emit(w, id, cr4 ? "A.8" : "A.7", desc, "exception:13", obs,
		  verdict_of(v == 13), NULL);
}

void capcheck_cr(struct case_writer *w, const struct vmx_caps *caps, const struct vmx_cpu *cpu)
{
	(void)cpu;
	for (unsigned b = 0; b < 32; b++) {
		/* CR0: the fixed-1 bits. Clearing PE or PG in 64-bit mode faults for
		 * reasons of its own (Vol. 3A §2.5), so that case could not fail. */
		if ((caps->cr0_fixed0 >> b) & 1)
			one(w, false, b, false,
			    (b == 0 || b == 31) ? "clearing PE or PG in 64-bit mode faults anyway: proves nothing" : NULL);
	}
	for (unsigned b = 0; b < 32; b++) {
		if ((caps->cr4_fixed0 >> b) & 1)
			one(w, true, b, false, NULL);
		/* CR4: the bits FIXED1 leaves 0 (most are reserved anyway, where MOV
		 * faults in any mode; the case still holds the MSR to its word). */
		else if (!((caps->cr4_fixed1 >> b) & 1))
			one(w, true, b, true, NULL);
	}
	suite_set_case(NULL);
}
