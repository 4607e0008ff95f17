/** @file
 * Exits suite: exceptions (SDM Vol. 3C §25.2: the exception bitmap; #UD,
 * #BP and INT1 with their instruction length (§27.2.4), #DE, #GP, #PF with
 * its qualification = the linear address (§27.2.1) and the error-code
 * mask/match rule), the exit interruption information and error code
 * (§27.2.2), and the triple fault (exit reason 2).
 */
#include "suites/exits.h"

EXITS_SNIPPET(nop); EXITS_SNIPPET(ud2); EXITS_SNIPPET(int3); EXITS_SNIPPET(icebp);
EXITS_SNIPPET(div0); EXITS_SNIPPET(load); EXITS_SNIPPET(store);

/* Exit interruption information (§24.9.2): valid, type, vector, error code delivered. */
#define INTR(type, vec) (0x80000000u | (type) << 8 | (vec))
#define INTR_EC 0x800u
#define HW 3u   /* hardware exception */
#define SWX 6u  /* software exception */
#define PSWX 5u /* privileged software exception */

/* Unmapped (PML4 entry 254 is empty: the payload maps only its first 512 GiB). */
#define UNMAPPED 0x7f0000001000ull

/* Exception rows: p.which picks one. */
enum { EX_UD, EX_BP, EX_INT1, EX_DE, EX_GP, EX_PF_READ, EX_PF_WRITE };

static void su_exc(struct exits_ctx *c)
{
	switch (c->k->p.which) {
	case EX_UD:
		xc_expect(c, EXIT_REASON_EXCEPTION_NMI, XCHK_INTR);
		c->e.intr = INTR(HW, 6);
		break;
	case EX_BP:
		xc_expect(c, EXIT_REASON_EXCEPTION_NMI, XCHK_INTR | XCHK_LEN);
		c->e.intr = INTR(SWX, 3);
		break;
	case EX_INT1:
		xc_expect(c, EXIT_REASON_EXCEPTION_NMI, XCHK_INTR | XCHK_LEN);
		c->e.intr = INTR(PSWX, 1);
		break;
	case EX_DE:
		c->regs.rcx = 0;
		xc_expect(c, EXIT_REASON_EXCEPTION_NMI, XCHK_INTR);
		c->e.intr = INTR(HW, 0);
		break;
	case EX_GP:
		c->regs.rax = 0x8000000000000000ull;
		xc_expect(c, EXIT_REASON_EXCEPTION_NMI, XCHK_INTR | XCHK_EC);
		c->e.intr = INTR(HW, 13) | INTR_EC;
		c->e.ec = 0;
		break;
	case EX_PF_READ:
	case EX_PF_WRITE:
		c->regs.rax = UNMAPPED;
		xc_expect(c, EXIT_REASON_EXCEPTION_NMI, XCHK_INTR | XCHK_EC | XCHK_QUAL);
		c->e.intr = INTR(HW, 14) | INTR_EC;
		c->e.ec = c->k->p.which == EX_PF_WRITE ? 2 : 0;
		c->e.qual = UNMAPPED;
		break;
	}
}

/*
 * #PF and the error-code mask/match rule (§25.2): with bit 14 of the
 * exception bitmap 1, a #PF exits iff (PFEC & MASK) == MATCH; with it 0,
 * iff they differ. A #PF that does not exit goes to the guest's IDT, whose
 * gate 14 leads to the call back (exs_nop): "ok".
 * p.value: bit 14 of the bitmap in bit 0, MASK in 15:8, MATCH in 23:16.
 */
static void su_pfec(struct exits_ctx *c)
{
	uint64_t v = c->k->p.value;
	bool bit14 = v & 1;
	uint32_t mask = (v >> 8) & 0xff, match = (v >> 16) & 0xff;
	uint64_t *idt = c->page[XP_MSR_LOAD];
	uint64_t h = (uint64_t)(uintptr_t)exs_nop;
	uint16_t cs;

	__asm__ volatile("mov %%cs, %0" : "=r"(cs));
	/* 64-bit interrupt gate, DPL 0, present (§6.14.1) */
	idt[14 * 2] = (h & 0xffff) | (uint64_t)cs << 16 | 0x8e00ull << 32 | ((h >> 16) & 0xffff) << 48;
	idt[14 * 2 + 1] = h >> 32;
	xc_write(c, GUEST_IDTR_BASE, xc_pa(c, XP_MSR_LOAD));
	xc_write(c, GUEST_IDTR_LIMIT, 0xfff);
	xc_write(c, EXCEPTION_BITMAP, bit14 ? 0xffffffffu : ~(1u << 14));
	xc_write(c, PAGE_FAULT_ERROR_CODE_MASK, mask);
	xc_write(c, PAGE_FAULT_ERROR_CODE_MATCH, match);
	c->regs.rax = UNMAPPED;
	if (((0 & mask) == match) == bit14) { /* a read of a not-present page: PFEC 0 */
		xc_expect(c, EXIT_REASON_EXCEPTION_NMI, XCHK_INTR | XCHK_EC | XCHK_QUAL);
		c->e.intr = INTR(HW, 14) | INTR_EC;
		c->e.qual = UNMAPPED;
	} else {
		xc_expect_none(c);
		c->ok_at = exe_nop;
	}
}

/* Triple fault: no exception exits, the guest IDT is empty: #UD -> #GP -> #DF -> shutdown. */
static void su_triple(struct exits_ctx *c)
{
	xc_write(c, EXCEPTION_BITMAP, 0);
	xc_expect(c, EXIT_REASON_TRIPLE_FAULT, 0);
	c->e.chk = 0; /* the SDM leaves the guest RIP of a triple fault to the exception's rules */
}

#define EXC(id, sn, d, w) { "event.exception." id, "25.2, 27.2.2, 27.2.4", d, XG(sn), su_exc, NULL, .p.which = w }
#define PFEC(id, d, bit14, mask, match) { "event.pf-mask." id, "25.2, 27.2.1, 27.2.2", d, XG(load), \
	su_pfec, NULL, .p.value = (bit14) | (mask) << 8 | (match) << 16 }

static const struct exits_case exception_cases[] = {
	EXC("ud", ud2, "UD2 with #UD in the bitmap: reason 0, information type 3 vector 6", EX_UD),
	EXC("bp", int3, "INT3: reason 0, type 6 (software exception) vector 3, length 1", EX_BP),
	EXC("int1", icebp, "INT1 (F1H): type 5 (privileged software exception) vector 1, length 1", EX_INT1),
	EXC("de", div0, "DIV by 0: reason 0, type 3 vector 0", EX_DE),
	EXC("gp", load, "load from a non-canonical address: #GP, error code 0 delivered", EX_GP),
	EXC("pf-read", load, "read of an unmapped page: #PF, error code 0, qualification = the address", EX_PF_READ),
	EXC("pf-write", store, "write to an unmapped page: #PF, error code 2, qualification = the address", EX_PF_WRITE),
	PFEC("bit1-match", "bit 14 = 1, mask 2 match 0, PFEC 0: (0 & 2) == 0, the #PF exits", 1, 2, 0),
	PFEC("bit1-nomatch", "bit 14 = 1, mask 2 match 2, PFEC 0: no match, the #PF goes to the guest", 1, 2, 2),
	PFEC("bit0-nomatch", "bit 14 = 0, mask 2 match 2, PFEC 0: no match, the #PF exits", 0, 2, 2),
	PFEC("bit0-match", "bit 14 = 0, mask 0 match 0: match, the #PF goes to the guest", 0, 0, 0),
	{ "event.triple-fault", "25.2, C", "#UD with no exception exiting and an empty IDT: triple fault, reason 2",
	  XG(ud2), su_triple, NULL, { 0 } },
};

EXITS_GROUP(exits_exception, "exception", exception_cases, 50);
