/** @file
 * Exits suite: descriptor-table exiting (SDM Vol. 3C §25.1.3): LGDT, LIDT,
 * SGDT, SIDT exit with reason 46, LLDT, LTR, SLDT, STR with reason 47; the
 * qualification is the displacement of a memory operand, 0 for a register
 * operand (§27.2.1); the instruction information (§27.2.5 Tables 27-10 and
 * 27-11): scaling 1:0, reg1 6:3 (LDTR/TR register form), address size 9:7,
 * memory/register 10 (LDTR/TR), segment 17:15, index 21:18 (22 invalid),
 * base 26:23 (27 invalid), instruction identity 29:28. Bits the SDM leaves
 * undefined for a form are masked out.
 */
#include "suites/exits.h"

EXITS_SNIPPET(sgdt); EXITS_SNIPPET(sidt); EXITS_SNIPPET(lgdt); EXITS_SNIPPET(lidt);
EXITS_SNIPPET(sgdt_a32); EXITS_SNIPPET(sldt_reg); EXITS_SNIPPET(str_reg);
EXITS_SNIPPET(lldt_reg); EXITS_SNIPPET(ltr_reg); EXITS_SNIPPET(sldt_mem); EXITS_SNIPPET(str_mem);

#define DI_MEM_MASK 0x3fc38380u  /* identity, address size, segment, 22, base, 27 */
#define DI_IDX_MASK 0x003c0003u  /* scaling and index, when an index is used */
#define DI_REG_MASK 0x30000478u  /* identity, reg1, 10 */
#define DI_LDTR_MEM 0x00000400u  /* the mem/reg bit, defined for the LDTR/TR group */

/* p.desc.ident: bit 0 LDTR/TR group (reason 47), bit 1 the row without the control, 15:8 the
 * displacement; p.desc.info: the expected information. */
static void su_desc(struct exits_ctx *c)
{
	uint32_t info = c->k->p.desc.info, ident = c->k->p.desc.ident;
	bool ldtr = ident & 1, reg = ldtr && (info & (1u << 10)), idx = !(info & (1u << 22));
	uint64_t data = xc_pa(c, XP_DATA);

	c->regs.rax = c->regs.rbx = c->regs.rcx = c->regs.rdi = data;
	c->regs.rsi = 0;
	c->regs.rdx = ldtr ? 0 : data;
	if (c->k->p.desc.ident & 2) {
		/* the no-exiting row: SGDT runs in the guest */
		xc_disable(c, VMX_KIND_PROC2, SECONDARY_EXEC_DESC_TABLE_EXITING);
		xc_expect_none(c);
		return;
	}
	xc_enable(c, VMX_KIND_PROC2, SECONDARY_EXEC_DESC_TABLE_EXITING);
	xc_expect(c, ldtr ? EXIT_REASON_LDTR_TR_ACCESS : EXIT_REASON_GDTR_IDTR_ACCESS,
		  XCHK_QUAL | XCHK_LEN | XCHK_INFO);
	c->e.info = info;
	c->e.info_mask = reg ? DI_REG_MASK :
			 DI_MEM_MASK | (ldtr ? DI_LDTR_MEM : 0) | (idx ? DI_IDX_MASK : 0);
	c->e.qual = (ident >> 8) & 0xff;
}

#define DT(id, sn, d, ldtr, disp, nfo) { "desc." id, "25.1.3, 27.2.1, 27.2.4, 27.2.5", d, XG(sn), \
	su_desc, NULL, .p.desc = { (ldtr) | (disp) << 8, (nfo) } }

static const struct exits_case desc_cases[] = {
	DT("sgdt", sgdt, "SGDT (RAX): reason 46, identity 0, base RAX, DS, 64-bit address", 0, 0, 0x00418100u),
	DT("sidt", sidt, "SIDT 8(RBX): identity 1, base RBX, qualification 8", 0, 8, 0x11c18100u),
	DT("lgdt", lgdt, "LGDT (RCX): identity 2, base RCX", 0, 0, 0x20c18100u),
	DT("lidt", lidt, "LIDT 10H(RDX,RSI,2): identity 3, scale 1, index RSI, base RDX", 0, 0x10, 0x31198101u),
	DT("sgdt-a32", sgdt_a32, "SGDT (EAX) with an address-size prefix: address size 1 (32-bit)", 0, 0,
	   0x00418080u),
	DT("sldt-reg", sldt_reg, "SLDT AX: reason 47, identity 0, register form, reg1 RAX, qualification 0", 1, 0,
	   0x00000400u),
	DT("str-reg", str_reg, "STR ECX: identity 1, reg1 RCX", 1, 0, 0x10000408u),
	DT("lldt-reg", lldt_reg, "LLDT DX: identity 2, reg1 RDX", 1, 0, 0x20000410u),
	DT("ltr-reg", ltr_reg, "LTR BX: identity 3, reg1 RBX", 1, 0, 0x30000418u),
	DT("sldt-mem", sldt_mem, "SLDT (RDI): memory form, base RDI", 1, 0, 0x03c18100u),
	DT("str-mem", str_mem, "STR 4(RSI): memory form, base RSI, qualification 4", 1, 4, 0x13418100u),
	DT("sgdt-no-exiting", sgdt, "SGDT with descriptor-table exiting 0: no exit", 2, 0, 0),
};

EXITS_GROUP(exits_desc, "desc", desc_cases, 60);
