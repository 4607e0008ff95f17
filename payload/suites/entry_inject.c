/** @file
 * Entry-suite injection matrix (SDM Vol. 3 §26.2.1.3): interruption type
 * (0, 2-6) x vector (0, 2, 3, 6, 8, 13, 14, 17, 31, 32) x deliver error code
 * x guest CR0.PE (1; 0 under unrestricted guest), each expectation computed
 * by inject_valid (vmx/entry_rules.c, unit-tested) from IA32_VMX_BASIC[56],
 * the monitor trap flag and MISC[30]. Types 1 and 7 have named cases
 * (ctl.inject.type1, .type7_reserved, .other_vector): Bochs 2.7 stops on an
 * injected type 7. A valid row enters: with CR0.PE 1 the event is delivered
 * through a guest IDT whose 256 gates lead to the guest's call back (ok);
 * with CR0.PE 0 the delivery reads the IVT, which the empty EPT tables do
 * not map (exit 48). Each row keeps the guest rules injection adds (RFLAGS.IF
 * 1 for external interrupts, no blocking).
 */
#include "suites/entry.h"
#include "platform/cpu.h"
#include "vmx/entry_rules.h"
#include "vmx/intr_info.h"

/* A 64-bit interrupt gate (Vol. 3A §6.14.1) to @p rip through code selector @p cs. */
static void gate(uint64_t *g, uint64_t rip, uint16_t cs)
{
	g[0] = (rip & 0xffff) | (uint64_t)cs << 16 | 0x8eull << 40 | ((rip >> 16) & 0xffff) << 48;
	g[1] = rip >> 32;
}

static void mut_injm(struct entry_ctx *c)
{
	const typeof(c->k->p.injm) *m = &c->k->p.injm;

	if (m->real_mode) {
		if (!ec_guest_legacy32(c) ||
		    !ec_enable(c, VMX_KIND_PROC2, SECONDARY_EXEC_ENABLE_EPT | SECONDARY_EXEC_UNRESTRICTED_GUEST))
			return;
		ec_write(c, EPT_POINTER, ec_eptp(c));
		ec_clear(c, GUEST_CR0, CR0_PE | CR0_PG);
		ec_write(c, GUEST_IDTR_BASE, 0);
		ec_write(c, GUEST_IDTR_LIMIT, 0x3ff);
	} else {
		uint64_t *idt = (uint64_t *)(uintptr_t)ec_page(c, 0);
		uint16_t cs = (uint16_t)ec_read(c, GUEST_CS_SELECTOR);

		for (unsigned v = 0; v < 256; v++)
			gate(&idt[2 * v], (uint64_t)(uintptr_t)vmx_guest_entry, cs);
		ec_write(c, GUEST_IDTR_BASE, ec_page(c, 0));
		ec_write(c, GUEST_IDTR_LIMIT, 0xfff);
	}
	ec_write(c, GUEST_RFLAGS, RFLAGS_FIXED | RFLAGS_IF);
	ec_write(c, VM_ENTRY_INTR_INFO_FIELD, m->info);
	ec_write(c, VM_ENTRY_EXCEPTION_ERROR_CODE, 0);
	ec_write(c, VM_ENTRY_INSTRUCTION_LEN, 1);
}

static void expect_injm(const struct entry_ctx *c, struct outcome *e)
{
	struct inject_caps k = { c->caps->entry_no_errcode,
				 controls_may_set(c->caps, VMX_KIND_PROC, 27), c->caps->zero_len_inject };

	if (!inject_valid(c->k->p.injm.info, 0, 1, !c->k->p.injm.real_mode, &k))
		*e = OUTCOME_VALID_V(VMXERR_ENTRY_INVALID_CONTROLS);
	else
		*e = c->k->p.injm.real_mode ? outcome_make(OUTCOME_VMEXIT, 48, 0) : OUTCOME_OK_V;
}

#define INJM(t, v, d, pe)                                                                     \
	{ "sweep.inject.t" #t ".v" #v ".e" #d ".pe" #pe, "26.2.1.3",                         \
	  "inject type " #t " vector " #v ", deliver error code " #d ", guest CR0.PE " #pe,  \
	  (pe) ? VMX_FEAT_ALWAYS : VMX_FEAT_EPT, mut_injm, NULL, { .kind = OUTCOME_NONE }, expect_injm, \
	  .p.injm = { INTR_INFO_VALID | INTR_INFO_TYPE(t) | (d) << 11 | (v), !(pe) } }
#define INJM_V(t, d, pe) INJM(t, 0, d, pe), INJM(t, 2, d, pe), INJM(t, 3, d, pe), INJM(t, 6, d, pe), \
	INJM(t, 8, d, pe), INJM(t, 13, d, pe), INJM(t, 14, d, pe), INJM(t, 17, d, pe),              \
	INJM(t, 31, d, pe), INJM(t, 32, d, pe)
#define INJM_T(d, pe) INJM_V(0, d, pe), INJM_V(2, d, pe), INJM_V(3, d, pe), INJM_V(4, d, pe), \
	INJM_V(5, d, pe), INJM_V(6, d, pe)

static const struct entry_case cases[] = {
	INJM_T(0, 1), INJM_T(1, 1), INJM_T(0, 0), INJM_T(1, 0),
};

ENTRY_GROUP(entry_group_inject, "sweep-inject", cases, 46);
