/** @file
 * Shadow suite: the nested hypervisor's emulation of an exiting VMREAD or
 * VMWRITE on its in-memory vmcs12 (see shadow_nested.h).
 */
#include <string.h>
#include "suites/shadow_nested.h"
#include "vmx/fields.h"
#include "vmx/shadow.h"

void shadow_vmcs12_init(struct shadow_vmcs12 *v, const uint32_t *enc, unsigned n)
{
	memset(v->slot_of, 0, sizeof(v->slot_of));
	v->nslots = 0;
	for (unsigned i = 0; i < n; i++) {
		uint32_t e = enc[i];

		if (vmcs_enc_high(e))
			v->slot_of[e] = v->slot_of[e & ~1u];
		else
			v->slot_of[e] = (uint16_t)++v->nslots;
	}
	memset(v->val, 0, sizeof(v->val));
}

static uint64_t gpr_dummy;

/* SDM register numbering (instruction information): 0 RAX, 1 RCX, 2 RDX, 3 RBX, 4 RSP, ... */
static uint64_t *gpr(struct vmx_gprs *g, unsigned r)
{
	switch (r & 15) {
	case 0: return &g->rax;
	case 1: return &g->rcx;
	case 2: return &g->rdx;
	case 3: return &g->rbx;
	case 5: return &g->rbp;
	case 6: return &g->rsi;
	case 7: return &g->rdi;
	case 8: return &g->r8;
	case 9: return &g->r9;
	case 10: return &g->r10;
	case 11: return &g->r11;
	case 12: return &g->r12;
	case 13: return &g->r13;
	case 14: return &g->r14;
	case 15: return &g->r15;
	default: return &gpr_dummy; /* RSP is in the VMCS; the measured code never uses it */
	}
}

int shadow_nested_exit(struct shadow_vmcs12 *v, struct vmx_loop *l, uint32_t reason)
{
	struct shadow_insn_info d;
	uint64_t qual = vmx_loop_vmread(EXIT_QUALIFICATION);
	uint64_t rfl = vmx_loop_vmread(GUEST_RFLAGS) & ~(uint64_t)VMX_RFLAGS_ARITH;
	uint64_t enc, *op;
	unsigned k;

	shadow_insn_info_decode((uint32_t)vmx_loop_vmread(VMX_INSTRUCTION_INFO), &d);
	enc = *gpr(&l->g, d.reg2);
	k = enc >> 15 ? 0 : v->slot_of[enc];
	if (d.reg_form) {
		op = gpr(&l->g, d.reg1);
	} else {
		/* 64-bit address: displacement + base + index << scale; the guest is identity-mapped */
		uint64_t a = qual;

		if (!d.base_invalid)
			a += *gpr(&l->g, d.base);
		if (!d.index_invalid)
			a += *gpr(&l->g, d.index) << d.scale;
		op = (uint64_t *)(uintptr_t)a;
	}
	if (!k)
		rfl |= VMX_RFLAGS_ZF; /* VMfailValid(12) as the guest hypervisor would see it */
	else if (reason == EXIT_REASON_VMREAD)
		*op = shadow_read_value(enc, v->val[k - 1]);
	else
		v->val[k - 1] = shadow_write_value(enc, v->val[k - 1], *op);
	vmx_loop_vmwrite(GUEST_RFLAGS, rfl);
	vmx_loop_skip_insn();
	return 0;
}
