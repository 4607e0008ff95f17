/** @file
 * Entry-suite value sweeps: where one value per rule proves little, every
 * value. EPTP memory types, page-walk lengths, A/D and reserved bits
 * (§26.2.1.1); every IA32_PAT entry with every memory type, guest and host
 * (§26.3.1.1, §26.2.2); every CR0/CR4 bit 31:0 of the guest and host fields
 * against the FIXED0/FIXED1 MSRs (§26.3.1.1, §26.2.2). Expectations come from
 * the pure rules of vmx/entry_rules.c (host unit tested) and the capability
 * MSRs; a valid value enters (its own positive twin).
 */
#include "suites/entry.h"
#include "platform/cpu.h"
#include "vmx/entry_rules.h"

#define W(enc, v) ENTRY_W(enc, v)

/* --- EPTP --- */

/* The baseline EPTP (ec_eptp: WB or UC, 4 levels) with the row's bits cleared and set. */
static uint64_t sweep_eptp(const struct entry_ctx *c, uint64_t base)
{
	return (base & ~c->k->p.mask.clear) | c->k->p.mask.set;
}

static void mut_eptp(struct entry_ctx *c)
{
	uint64_t e = sweep_eptp(c, ec_eptp(c));
	unsigned maxphy = ec_maxphyaddr();

	/* A set address bit inside the width is a valid address elsewhere: its walk reads unknown memory. */
	if ((c->k->p.mask.set >> 12) && (c->k->p.mask.set >> maxphy) == 0) {
		ec_skip(c, "bit inside the physical-address width: a valid EPTP to memory the case does not own");
		return;
	}
	if (ec_enable(c, VMX_KIND_PROC2, SECONDARY_EXEC_ENABLE_EPT))
		ec_write(c, EPT_POINTER, e);
}

/* Valid: the guest enters and its first fetch hits the empty EPT tables (exit 48); else error 7. */
static void expect_eptp(const struct entry_ctx *c, struct outcome *e)
{
	/* the same EPTP as mut_eptp builds, on a page address that is always valid */
	uint64_t base = 0x1000 | (((c->caps->ept_vpid >> EPTCAP_WB_BIT) & 1) ? 6 : 0) | (3u << 3);

	*e = eptp_valid(sweep_eptp(c, base), c->caps->ept_vpid, ec_maxphyaddr())
		     ? outcome_make(OUTCOME_VMEXIT, 48, 0)
		     : OUTCOME_VALID_V(VMXERR_ENTRY_INVALID_CONTROLS);
}

#define EPTP_ROW(id, what, clr, st)                                                        \
	{ "sweep.eptp." id, "26.2.1.1", "EPTP " what, VMX_FEAT_EPT, mut_eptp, NULL,       \
	  { .kind = OUTCOME_NONE }, expect_eptp, .p.mask = { .set = (st), .clear = (clr) } }
#define EPTP_MT(n) EPTP_ROW("memtype" #n, "memory type " #n " (walk 4)", 7, n)
#define EPTP_WALK(n) EPTP_ROW("walk" #n, "page-walk length " #n, 0x38, (uint64_t)((n) - 1) << 3)
#define EPTP_BIT(n) EPTP_ROW("bit" #n, "bit " #n " set (reserved, or beyond the width)", 0, 1ull << (n))

/* --- PAT --- */

/* A valid PAT (the power-on default: WB WT UC- UC twice) with entry i of type t. */
#define PAT_DEFAULT 0x0007040600070406ull
#define PATV(i, t) ((PAT_DEFAULT & ~(0xffull << 8 * (i))) | ((uint64_t)(t) << 8 * (i)))

static void mut_pat_guest(struct entry_ctx *c)
{
	if (ec_enable(c, VMX_KIND_ENTRY, VM_ENTRY_LOAD_IA32_PAT))
		ec_mut_write(c);
}

static void mut_pat_host(struct entry_ctx *c)
{
	if (ec_enable(c, VMX_KIND_EXIT, VM_EXIT_LOAD_IA32_PAT))
		ec_mut_write(c);
}

/* VMLAUNCH, then the payload's IA32_PAT back: a loaded PAT (guest or host) stays after the exit. */
static void act_keep_pat(struct entry_ctx *c)
{
	uint64_t pat = rdmsr(MSR_IA32_PAT);

	vmx_run(&c->regs, false, &c->observed, NULL);
	wrmsr(MSR_IA32_PAT, pat);
}

static void expect_pat_guest(const struct entry_ctx *c, struct outcome *e)
{
	*e = pat_valid(c->k->p.w.value) ? OUTCOME_OK_V
					: OUTCOME_ENTRY_FAIL_V(EXIT_REASON_INVALID_GUEST_STATE, 0);
}

static void expect_pat_host(const struct entry_ctx *c, struct outcome *e)
{
	*e = pat_valid(c->k->p.w.value) ? OUTCOME_OK_V : OUTCOME_VALID_V(VMXERR_ENTRY_INVALID_HOST);
}

#define PAT_G(i, t)                                                                        \
	{ "sweep.pat.guest.pa" #i ".type" #t, "26.3.1.1", "load guest IA32_PAT: PA" #i " memory type " #t, \
	  VMX_FEAT_PAT, mut_pat_guest, act_keep_pat, { .kind = OUTCOME_NONE }, expect_pat_guest, \
	  W(GUEST_IA32_PAT, PATV(i, t)) }
#define PAT_H(i, t)                                                                        \
	{ "sweep.pat.host.pa" #i ".type" #t, "26.2.2", "load host IA32_PAT: PA" #i " memory type " #t, \
	  VMX_FEAT_PAT_HOST, mut_pat_host, act_keep_pat, { .kind = OUTCOME_NONE }, expect_pat_host, \
	  W(HOST_IA32_PAT, PATV(i, t)) }
#define PAT_TYPES(X, i) X(i, 0), X(i, 1), X(i, 2), X(i, 3), X(i, 4), X(i, 5), X(i, 6), X(i, 7)
#define PAT_ALL(X)                                                                          \
	PAT_TYPES(X, 0), PAT_TYPES(X, 1), PAT_TYPES(X, 2), PAT_TYPES(X, 3), PAT_TYPES(X, 4), \
	PAT_TYPES(X, 5), PAT_TYPES(X, 6), PAT_TYPES(X, 7)

/* --- CR0/CR4 fixed bits --- */

/*
 * Flip the row's bit of the row's CR field where the FIXED MSRs fix it:
 * clear a fixed-1 bit, set a fixed-0 bit; a flexible bit SKIPs. Guest CR0.PE
 * and PG SKIP too: clearing either breaks a second rule (PG needs PE; an
 * IA-32e mode guest needs PG), which guest.cr0.pg_clear and
 * guest.cr0.pg_without_pe isolate.
 */
static void mut_cr_bit(struct entry_ctx *c)
{
	uint32_t f = c->k->p.w.field;
	unsigned bit = (unsigned)c->k->p.w.value;
	bool cr4 = f == GUEST_CR4 || f == HOST_CR4;
	uint64_t fixed0 = cr4 ? c->caps->cr4_fixed0 : c->caps->cr0_fixed0;
	uint64_t fixed1 = cr4 ? c->caps->cr4_fixed1 : c->caps->cr0_fixed1;

	if (f == GUEST_CR0 && (bit == 0 || bit == 31)) {
		ec_skip(c, "clearing guest CR0.PE or PG breaks a second rule: the named guest.cr0 cases isolate them");
		return;
	}
	if ((fixed0 >> bit) & 1)
		ec_clear(c, f, 1ull << bit);
	else if (!((fixed1 >> bit) & 1))
		ec_set(c, f, 1ull << bit);
	else
		ec_skip(c, "bit is flexible in VMX operation (FIXED0 0, FIXED1 1)");
}

/* A row: register (cr0, cr4), whose field (guest, host), the failure kind (GUEST, HOST), bit n. */
#define CR_ROW(reg, who, F, sdm, kind, n)                                                 \
	{ "sweep." #reg "." #who ".bit" #n, sdm, #who " " #reg " bit " #n " against IA32_VMX_" #F "_FIXED0/1", \
	  VMX_FEAT_ALWAYS, mut_cr_bit, ec_act_keep_crs, EXPECT_##kind##_FAIL, NULL, .p.w = { F##_FIELD_##who, n } }
#define CR0_FIELD_guest GUEST_CR0
#define CR0_FIELD_host HOST_CR0
#define CR4_FIELD_guest GUEST_CR4
#define CR4_FIELD_host HOST_CR4
#define CR32(X, ...)                                                                         \
	X(__VA_ARGS__, 0), X(__VA_ARGS__, 1), X(__VA_ARGS__, 2), X(__VA_ARGS__, 3), X(__VA_ARGS__, 4), \
	X(__VA_ARGS__, 5), X(__VA_ARGS__, 6), X(__VA_ARGS__, 7), X(__VA_ARGS__, 8), X(__VA_ARGS__, 9), \
	X(__VA_ARGS__, 10), X(__VA_ARGS__, 11), X(__VA_ARGS__, 12), X(__VA_ARGS__, 13),                \
	X(__VA_ARGS__, 14), X(__VA_ARGS__, 15), X(__VA_ARGS__, 16), X(__VA_ARGS__, 17),                \
	X(__VA_ARGS__, 18), X(__VA_ARGS__, 19), X(__VA_ARGS__, 20), X(__VA_ARGS__, 21),                \
	X(__VA_ARGS__, 22), X(__VA_ARGS__, 23), X(__VA_ARGS__, 24), X(__VA_ARGS__, 25),                \
	X(__VA_ARGS__, 26), X(__VA_ARGS__, 27), X(__VA_ARGS__, 28), X(__VA_ARGS__, 29),                \
	X(__VA_ARGS__, 30), X(__VA_ARGS__, 31)

/* --- segment access-rights types --- */

#define AR_UNUSABLE 0x10000u
static const uint32_t seg_ar_field[] = {
	[SEG_CS] = GUEST_CS_ACCESS_RIGHTS, [SEG_SS] = GUEST_SS_ACCESS_RIGHTS,
	[SEG_DS] = GUEST_DS_ACCESS_RIGHTS, [SEG_TR] = GUEST_TR_ACCESS_RIGHTS,
	[SEG_LDTR] = GUEST_LDTR_ACCESS_RIGHTS,
};

/* The row's segment with the row's type and every other access-rights bit as
 * the baseline has it; LDTR is made usable first (present, S 0, limit 0xFFF). */
static void mut_seg_type(struct entry_ctx *c)
{
	enum seg_reg s = (enum seg_reg)c->k->p.w.field;
	uint32_t f = seg_ar_field[s], ar;

	if (s == SEG_LDTR) {
		ec_write(c, GUEST_LDTR_SELECTOR, 0x28);
		ec_write(c, GUEST_LDTR_LIMIT, 0xfff);
		ec_write(c, GUEST_LDTR_BASE, 0);
		ar = 0x82;
	} else {
		ar = (uint32_t)ec_read(c, f);
		if (ar & AR_UNUSABLE) {
			ec_skip(c, "the baseline segment is unusable: its type is not checked");
			return;
		}
	}
	ec_write(c, f, (ar & ~0xfu) | (uint32_t)c->k->p.w.value);
}

static void expect_seg_type(const struct entry_ctx *c, struct outcome *e)
{
	*e = seg_type_valid((enum seg_reg)c->k->p.w.field, (unsigned)c->k->p.w.value, true, false)
		     ? OUTCOME_OK_V
		     : OUTCOME_ENTRY_FAIL_V(EXIT_REASON_INVALID_GUEST_STATE, 0);
}

#define SEG_T(name, s, t)                                                                 \
	{ "sweep.seg." name ".type" #t, "26.3.1.2", name " access-rights type " #t " (the rest as the baseline)", \
	  VMX_FEAT_ALWAYS, mut_seg_type, NULL, { .kind = OUTCOME_NONE }, expect_seg_type, .p.w = { s, t } }
#define SEG16(name, s)                                                                     \
	SEG_T(name, s, 0), SEG_T(name, s, 1), SEG_T(name, s, 2), SEG_T(name, s, 3), SEG_T(name, s, 4), \
	SEG_T(name, s, 5), SEG_T(name, s, 6), SEG_T(name, s, 7), SEG_T(name, s, 8), SEG_T(name, s, 9), \
	SEG_T(name, s, 10), SEG_T(name, s, 11), SEG_T(name, s, 12), SEG_T(name, s, 13),           \
	SEG_T(name, s, 14), SEG_T(name, s, 15)

static const struct entry_case cases[] = {
	EPTP_MT(0), EPTP_MT(1), EPTP_MT(2), EPTP_MT(3), EPTP_MT(4), EPTP_MT(5), EPTP_MT(6), EPTP_MT(7),
	EPTP_WALK(1), EPTP_WALK(2), EPTP_WALK(3), EPTP_WALK(4), EPTP_WALK(5), EPTP_WALK(6),
	EPTP_WALK(7), EPTP_WALK(8),
	EPTP_ROW("ad", "bit 6 (accessed/dirty flags) set", 0, 1u << 6),
	EPTP_BIT(8), EPTP_BIT(9), EPTP_BIT(10), EPTP_BIT(11),
	EPTP_BIT(32), EPTP_BIT(33), EPTP_BIT(34), EPTP_BIT(35), EPTP_BIT(36), EPTP_BIT(37),
	EPTP_BIT(38), EPTP_BIT(39), EPTP_BIT(40), EPTP_BIT(41), EPTP_BIT(42), EPTP_BIT(43),
	EPTP_BIT(44), EPTP_BIT(45), EPTP_BIT(46), EPTP_BIT(47), EPTP_BIT(48), EPTP_BIT(49),
	EPTP_BIT(50), EPTP_BIT(51), EPTP_BIT(52), EPTP_BIT(53), EPTP_BIT(54), EPTP_BIT(55),
	EPTP_BIT(56), EPTP_BIT(57), EPTP_BIT(58), EPTP_BIT(59), EPTP_BIT(60), EPTP_BIT(61),
	EPTP_BIT(62), EPTP_BIT(63),
	PAT_ALL(PAT_G),
	PAT_ALL(PAT_H),
	SEG16("cs", SEG_CS), SEG16("ss", SEG_SS), SEG16("ds", SEG_DS), SEG16("tr", SEG_TR),
	SEG16("ldtr", SEG_LDTR),
	CR32(CR_ROW, cr0, guest, CR0, "26.3.1.1", GUEST),
	CR32(CR_ROW, cr4, guest, CR4, "26.3.1.1", GUEST),
	CR32(CR_ROW, cr0, host, CR0, "26.2.2", HOST),
	CR32(CR_ROW, cr4, host, CR4, "26.2.2", HOST),
};

ENTRY_GROUP(entry_group_sweep, "sweep", cases, 45);
