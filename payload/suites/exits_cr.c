/** @file
 * Exits suite: control-register and debug-register accesses (SDM Vol. 3C
 * §25.1.3: CR0/CR4 guest/host masks and read shadows, CR3-load/-store and
 * CR8-load/-store exiting, CLTS, LMSW, MOV-DR exiting), their qualifications
 * (§27.2.1 Table 27-3 for CRs: bits 3:0 the register, 5:4 the access type,
 * 6 the LMSW operand type, 11:8 the general register, 31:16 the LMSW source;
 * Table 27-4 for DRs: bits 2:0 the register, 4 the direction, 11:8 the
 * general register) and lengths (§27.2.4).
 */
#include "suites/exits.h"
#include "platform/cpu.h"

#define CR0_TS (1ull << 3)
#define CR0_MP (1ull << 1)
#define CR4_PCE (1ull << 8)

#define X(r, n) EXITS_SNIPPET(to_cr0_##r); EXITS_SNIPPET(to_cr3_##r); EXITS_SNIPPET(to_cr4_##r); \
	EXITS_SNIPPET(to_cr8_##r); EXITS_SNIPPET(from_cr3_##r); EXITS_SNIPPET(from_cr8_##r); \
	EXITS_SNIPPET(from_dr7_##r);
EXITS_GPRS(X)
#undef X
EXITS_SNIPPET(from_cr0_rbx); EXITS_SNIPPET(from_cr4_rbx); EXITS_SNIPPET(clts);
EXITS_SNIPPET(lmsw_ax); EXITS_SNIPPET(lmsw_mem);
#define D(n) EXITS_SNIPPET(to_dr##n); EXITS_SNIPPET(from_dr##n);
D(0) D(1) D(2) D(3) D(6) D(7)
#undef D

/* Access types (Table 27-3 bits 5:4). */
enum { CR_TO, CR_FROM, CR_CLTS, CR_LMSW };

static uint64_t cr_qual(unsigned cr, unsigned type, unsigned gpr)
{
	return cr | type << 4 | gpr << 8;
}

/*
 * MOV to CR0/CR4: every bit owned by the host (mask all ones), the shadow
 * the live value; the guest writes the live value with TS (CR0) or PCE
 * (CR4) flipped, so a masked bit differs from the shadow: exit (§25.1.3).
 * MOV to CR3 with CR3-load exiting and no CR3 targets exits whatever the
 * value; the guest writes its own CR3. MOV to CR8 writes 0 (the TPR the
 * payload runs with) with CR8-load exiting.
 */
static void su_to_cr(struct exits_ctx *c)
{
	unsigned cr = c->k->p.crg.cr, gpr = c->k->p.crg.gpr;
	uint64_t v = 0;

	switch (cr) {
	case 0:
		xc_write(c, CR0_GUEST_HOST_MASK, ~0ull);
		xc_write(c, CR0_READ_SHADOW, read_cr0());
		v = read_cr0() ^ CR0_TS;
		break;
	case 4:
		xc_write(c, CR4_GUEST_HOST_MASK, ~0ull);
		xc_write(c, CR4_READ_SHADOW, read_cr4());
		v = read_cr4() ^ CR4_PCE;
		break;
	case 3:
		xc_enable(c, VMX_KIND_PROC, CPU_BASED_CR3_LOAD_EXITING);
		xc_write(c, CR3_TARGET_COUNT, 0);
		v = read_cr3();
		break;
	case 8:
		xc_disable(c, VMX_KIND_PROC, CPU_BASED_TPR_SHADOW);
		xc_enable(c, VMX_KIND_PROC, CPU_BASED_CR8_LOAD_EXITING);
		break;
	}
	if (gpr != 4) /* RSP keeps the guest's stack pointer: it differs from the shadow too */
		xc_gpr(c, gpr, v);
	xc_expect(c, EXIT_REASON_CR_ACCESS, XCHK_QUAL | XCHK_LEN);
	c->e.qual = cr_qual(cr, CR_TO, gpr);
}

/* MOV from CR3 (CR3-store exiting) and CR8 (CR8-store exiting). */
static void su_from_cr(struct exits_ctx *c)
{
	unsigned cr = c->k->p.crg.cr, gpr = c->k->p.crg.gpr;

	if (cr == 3) {
		xc_enable(c, VMX_KIND_PROC, CPU_BASED_CR3_STORE_EXITING);
	} else {
		xc_disable(c, VMX_KIND_PROC, CPU_BASED_TPR_SHADOW);
		xc_enable(c, VMX_KIND_PROC, CPU_BASED_CR8_STORE_EXITING);
	}
	xc_expect(c, EXIT_REASON_CR_ACCESS, XCHK_QUAL | XCHK_LEN);
	c->e.qual = cr_qual(cr, CR_FROM, gpr);
}

/* Variants of the mask/shadow rows (p.which). */
enum {
	MS_CR0_SAME,     /* MOV to CR0, masked bits equal to the shadow: no exit */
	MS_CR0_UNMASKED, /* only an unmasked bit changes: no exit */
	MS_CR4_SAME,
	MS_CR4_UNMASKED,
	MS_CR0_READ,     /* MOV from CR0 reads the shadow for masked bits, never exits */
	MS_CR4_READ,
	MS_CLTS_EXIT,    /* CLTS: TS set in mask and shadow: exit */
	MS_CLTS_SHADOW0, /* TS in the mask, shadow TS 0: no exit */
	MS_CLTS_UNMASKED,/* TS not in the mask: no exit */
	MS_LMSW_EXIT,    /* LMSW changes a masked bit of 3:1: exit */
	MS_LMSW_PE,      /* LMSW sets PE (masked, shadow PE 0): exit */
	MS_LMSW_NOEXIT,  /* LMSW writes the shadow's own bits: no exit */
	MS_LMSW_MEM,     /* LMSW (RBX): operand type 1, the linear address saved */
};

static void su_mask(struct exits_ctx *c)
{
	uint64_t cr0 = read_cr0(), cr4 = read_cr4();
	unsigned w = c->k->p.which;

	switch (w) {
	case MS_CR0_SAME:
		xc_write(c, CR0_GUEST_HOST_MASK, CR0_TS);
		xc_write(c, CR0_READ_SHADOW, cr0);
		c->regs.rax = cr0;
		xc_expect_none(c);
		break;
	case MS_CR0_UNMASKED:
		xc_write(c, CR0_GUEST_HOST_MASK, CR0_PE);
		xc_write(c, CR0_READ_SHADOW, cr0);
		c->regs.rax = cr0 ^ CR0_TS;
		xc_expect_none(c);
		break;
	case MS_CR4_SAME:
		xc_write(c, CR4_GUEST_HOST_MASK, CR4_PCE);
		xc_write(c, CR4_READ_SHADOW, cr4);
		c->regs.rax = cr4;
		xc_expect_none(c);
		break;
	case MS_CR4_UNMASKED:
		xc_write(c, CR4_GUEST_HOST_MASK, 1ull << 5); /* PAE: must stay as is anyway */
		xc_write(c, CR4_READ_SHADOW, cr4);
		c->regs.rax = cr4 ^ CR4_PCE;
		xc_expect_none(c);
		break;
	case MS_CR0_READ:
	case MS_CR4_READ:
		xc_write(c, w == MS_CR0_READ ? CR0_GUEST_HOST_MASK : CR4_GUEST_HOST_MASK,
			 w == MS_CR0_READ ? CR0_TS : CR4_PCE);
		xc_write(c, w == MS_CR0_READ ? CR0_READ_SHADOW : CR4_READ_SHADOW,
			 w == MS_CR0_READ ? cr0 ^ CR0_TS : cr4 ^ CR4_PCE);
		xc_expect_none(c);
		xc_text(c->extra_exp, "read=shadow");
		break;
	case MS_CLTS_EXIT:
	case MS_CLTS_SHADOW0:
	case MS_CLTS_UNMASKED:
		xc_write(c, CR0_GUEST_HOST_MASK, w == MS_CLTS_UNMASKED ? 0 : CR0_TS);
		xc_write(c, CR0_READ_SHADOW, w == MS_CLTS_SHADOW0 ? cr0 & ~CR0_TS : cr0 | CR0_TS);
		if (w == MS_CLTS_EXIT) {
			xc_expect(c, EXIT_REASON_CR_ACCESS, XCHK_QUAL | XCHK_LEN);
			c->e.qual = cr_qual(0, CR_CLTS, 0);
		} else {
			xc_expect_none(c);
		}
		break;
	case MS_LMSW_EXIT:
	case MS_LMSW_PE:
	case MS_LMSW_NOEXIT:
	case MS_LMSW_MEM:
		/* LMSW exits when a bit of 3:0 is masked and the source differs from
		 * the shadow there, except PE: only a 0 -> 1 change exits (§25.1.3). */
		xc_write(c, CR0_GUEST_HOST_MASK, w == MS_LMSW_PE ? CR0_PE : 0xf);
		xc_write(c, CR0_READ_SHADOW, w == MS_LMSW_PE ? cr0 & ~CR0_PE : cr0);
		c->regs.rax = (cr0 & 0xffff) ^ (w == MS_LMSW_EXIT ? CR0_MP : 0);
		if (w == MS_LMSW_MEM) {
			*(uint16_t *)c->page[XP_DATA] = (uint16_t)((cr0 & 0xffff) ^ CR0_TS);
			c->regs.rbx = xc_pa(c, XP_DATA);
		}
		if (w == MS_LMSW_NOEXIT) {
			xc_expect_none(c);
			break;
		}
		xc_expect(c, EXIT_REASON_CR_ACCESS, XCHK_QUAL | XCHK_LEN |
			  (w == MS_LMSW_MEM ? XCHK_GLA : 0));
		c->e.qual = cr_qual(0, CR_LMSW, 0) |
			    (w == MS_LMSW_MEM ? 1u << 6 | ((cr0 & 0xffff) ^ CR0_TS) << 16 :
			     (c->regs.rax & 0xffff) << 16);
		c->e.gla = c->regs.rbx;
		break;
	}
}

static void ck_read(struct exits_ctx *c, bool exited)
{
	unsigned w = c->k->p.which;
	uint64_t live = w == MS_CR0_READ ? read_cr0() : read_cr4();
	uint64_t bit = w == MS_CR0_READ ? CR0_TS : CR4_PCE;

	if (exited)
		return;
	if (c->regs.rbx == (live ^ bit))
		xc_text(c->extra_obs, "read=shadow");
	else if (c->regs.rbx == live)
		xc_text(c->extra_obs, "read=live");
	else
		xc_text(c->extra_obs, "read=other");
}

/* MOV DR with MOV-DR exiting (§25.1.3): Table 27-4, direction 0 to DR, 1 from DR. */
static void su_dr(struct exits_ctx *c)
{
	unsigned dr = c->k->p.crg.cr & 7, from = c->k->p.crg.cr >> 3, gpr = c->k->p.crg.gpr;

	xc_enable(c, VMX_KIND_PROC, CPU_BASED_MOV_DR_EXITING);
	c->regs.rax = dr == 7 ? 0x400 : dr == 6 ? 0xffff0ff0 : 0;
	xc_expect(c, EXIT_REASON_MOV_DR, XCHK_QUAL | XCHK_LEN);
	c->e.qual = dr | from << 4 | gpr << 8;
}

#define SDM_CR "25.1.3, 27.2.1, 27.2.4"
#define ROW_TO(r, n, crn) { "cr.mov-to-cr" #crn "." #r, SDM_CR, \
	"MOV to CR" #crn " from " #r ": reason 28, qualification CR" #crn " type 0 register " #n, \
	XG(to_cr##crn##_##r), su_to_cr, NULL, .p.crg = { crn, n } },
#define ROW_FROM(r, n, crn) { "cr.mov-from-cr" #crn "." #r, SDM_CR, \
	"MOV from CR" #crn " to " #r ": reason 28, qualification CR" #crn " type 1 register " #n, \
	XG(from_cr##crn##_##r), su_from_cr, NULL, .p.crg = { crn, n } },
#define TO0(r, n) ROW_TO(r, n, 0)
#define TO3(r, n) ROW_TO(r, n, 3)
#define TO4(r, n) ROW_TO(r, n, 4)
#define TO8(r, n) ROW_TO(r, n, 8)
#define FROM3(r, n) ROW_FROM(r, n, 3)
#define FROM8(r, n) ROW_FROM(r, n, 8)
#define FROMDR7(r, n) { "dr.mov-from-dr7." #r, "25.1.3, 27.2.1, 27.2.4", \
	"MOV from DR7 to " #r ": reason 29, qualification DR7 direction 1 register " #n, \
	XG(from_dr7_##r), su_dr, NULL, .p.crg = { 7 | 8, n } },
#define DRN(n) { "dr.mov-to-dr" #n, "25.1.3, 27.2.1, 27.2.4", \
	"MOV to DR" #n " from RAX: reason 29, qualification DR" #n " direction 0", \
	XG(to_dr##n), su_dr, NULL, .p.crg = { n, 0 } }, \
	{ "dr.mov-from-dr" #n, "25.1.3, 27.2.1, 27.2.4", \
	"MOV from DR" #n " to RDX: reason 29, qualification DR" #n " direction 1 register 2", \
	XG(from_dr##n), su_dr, NULL, .p.crg = { n | 8, 2 } },

static const struct exits_case cr_cases[] = {
	EXITS_GPRS(TO0)
	EXITS_GPRS(TO3)
	EXITS_GPRS(TO4)
	EXITS_GPRS(TO8)
	EXITS_GPRS(FROM3)
	EXITS_GPRS(FROM8)
	{ "cr.cr0.masked-same", "25.1.3", "MOV to CR0 leaving the masked bits as the shadow has them: no exit",
	  XG(to_cr0_rax), su_mask, NULL, .p.which = MS_CR0_SAME },
	{ "cr.cr0.unmasked-change", "25.1.3", "MOV to CR0 changing only a bit outside the mask: no exit",
	  XG(to_cr0_rax), su_mask, NULL, .p.which = MS_CR0_UNMASKED },
	{ "cr.cr4.masked-same", "25.1.3", "MOV to CR4 leaving the masked bits as the shadow has them: no exit",
	  XG(to_cr4_rax), su_mask, NULL, .p.which = MS_CR4_SAME },
	{ "cr.cr4.unmasked-change", "25.1.3", "MOV to CR4 changing only a bit outside the mask: no exit",
	  XG(to_cr4_rax), su_mask, NULL, .p.which = MS_CR4_UNMASKED },
	{ "cr.cr0.read-shadow", "25.3", "MOV from CR0 does not exit and reads masked bits from the read shadow",
	  XG(from_cr0_rbx), su_mask, ck_read, .p.which = MS_CR0_READ },
	{ "cr.cr4.read-shadow", "25.3", "MOV from CR4 does not exit and reads masked bits from the read shadow",
	  XG(from_cr4_rbx), su_mask, ck_read, .p.which = MS_CR4_READ },
	{ "cr.clts.exit", SDM_CR, "CLTS with TS set in the CR0 mask and shadow: reason 28, type 2",
	  XG(clts), su_mask, NULL, .p.which = MS_CLTS_EXIT },
	{ "cr.clts.shadow0", "25.1.3", "CLTS with TS in the mask but 0 in the shadow: no exit",
	  XG(clts), su_mask, NULL, .p.which = MS_CLTS_SHADOW0 },
	{ "cr.clts.unmasked", "25.1.3", "CLTS with TS not in the mask: no exit",
	  XG(clts), su_mask, NULL, .p.which = MS_CLTS_UNMASKED },
	{ "cr.lmsw.reg", SDM_CR, "LMSW AX changing masked MP: reason 28, type 3, source data in 31:16",
	  XG(lmsw_ax), su_mask, NULL, .p.which = MS_LMSW_EXIT },
	{ "cr.lmsw.pe", SDM_CR, "LMSW setting PE that is masked and 0 in the shadow: exit",
	  XG(lmsw_ax), su_mask, NULL, .p.which = MS_LMSW_PE },
	{ "cr.lmsw.same", "25.1.3", "LMSW writing the shadow's own bits 3:0: no exit",
	  XG(lmsw_ax), su_mask, NULL, .p.which = MS_LMSW_NOEXIT },
	{ "cr.lmsw.mem", SDM_CR,
	  "LMSW (RBX): type 3, operand type 1 (memory), guest-linear address = RBX",
	  XG(lmsw_mem), su_mask, NULL, .p.which = MS_LMSW_MEM },
	DRN(0) DRN(1) DRN(2) DRN(3) DRN(6) DRN(7)
	EXITS_GPRS(FROMDR7)
};

EXITS_GROUP(exits_cr, "cr", cr_cases, 20);
