/** @file
 * Shadow suite, semantics (SDM Vol. 3C §24.10, §25.1.3, §25.6.15, §28.2.1,
 * §28.2.5, §30.3 VMREAD/VMWRITE). A guest in VMX non-root operation with
 * "VMCS shadowing" = 1 executes VMREAD and VMWRITE; the expectation for
 * every access is computed by shadow_expect() (vmx/shadow.c, unit-tested).
 *
 * Per-field cases: for each of six bitmap settings (the four permutations
 * read bit 0/1 x write bit 0/1 with the same bits for every field, and two
 * where the bits alternate from field to field) the guest
 * reads then writes every supported encoding (FULL and _HIGH). A bit-1
 * access must exit with reason 23/25, instruction information naming the
 * registers used (Reg1 = R10, Reg2 = R9, register form), exit
 * qualification 0 (no displacement) and the instruction's length and RIP;
 * a bit-0 access must succeed on the shadow VMCS: the value read equals
 * what root VMREAD of the shadow gives (the model tracks the guest's own
 * writes), and after the run root VMPTRLD of the shadow finds exactly the
 * values the guest wrote. One `case` record per encoding holds its six
 * settings (expected/observed "R<r>W<w> read/write; ...; ALT1 ..; ALT2 ..").
 * Then single-access cases: operand bits 63:15, link pointer ~0, unsupported
 * encodings, memory operands, shadowing off, and VMWRITE to a read-only
 * field (MISC bit 29).
 */
#include <string.h>
#include "suites/shadow.h"
#include "lib/fmt.h"
#include "platform/mem.h"
#include "vmx/controls.h"
#include "vmx/fields.h"
#include "vmx/vmcs.h"

enum item_op { OP_READ, OP_WRITE, OP_READ_MEM, OP_WRITE_MEM };

struct item {
	uint64_t enc, wval, rval, rflags;
	enum item_op op;
	struct shadow_exit_note note;
};

static struct item items[2 * SHADOW_MAX_ENCS];
static unsigned nitems;
static uint64_t membuf[32]; /* memory operand at membuf + 0x48 */

/* per encoding, per permutation */
#define NPERM 6
struct field_result {
	struct outcome er[NPERM], orr[NPERM], ew[NPERM], ow[NPERM];
	char detail[120];
};
static struct field_result res[SHADOW_MAX_ENCS];
/* per FULL slot: the model and the root-canonical patterns */
static uint64_t model[SHADOW_MAX_ENCS], rw[SHADOW_MAX_ENCS], rfinal[SHADOW_MAX_ENCS];

static void guest_items(void *arg)
{
	struct shadow_suite *s = arg;

	for (unsigned i = 0; i < nitems; i++) {
		struct item *it = &items[i];

		s->note = &it->note;
		switch (it->op) {
		case OP_READ: it->rflags = shadow_g_read(it->enc, &it->rval); break;
		case OP_WRITE: it->rflags = shadow_g_write(it->enc, it->wval); break;
		case OP_READ_MEM:
			membuf[9] = 0x5a5a5a5a5a5a5a5aull;
			it->rflags = shadow_g_read_mem(it->enc, membuf);
			it->rval = membuf[9];
			break;
		case OP_WRITE_MEM:
			membuf[9] = it->wval;
			it->rflags = shadow_g_write_mem(it->enc, membuf);
			break;
		}
		/* VMfailValid: let the host read where the error number went. */
		if (!it->note.reason && (it->rflags & VMX_RFLAGS_ZF))
			shadow_g_errno();
	}
	s->note = NULL;
}

static int run_items(struct shadow_suite *s)
{
	int rc;

	for (unsigned i = 0; i < nitems; i++)
		memset(&items[i].note, 0, sizeof(items[i].note));
	/* sentinel errors (2) in both VMCSs, so a stale 12/13 cannot pass */
	vmcs_clear(1, NULL);
	if (vmcs_load(s->shadow_pa, NULL) == 0) {
		vmcs_clear(1, NULL);
		vmcs_load(s->vmcs_pa, NULL);
	}
	s->mode = SHADOW_MODE_RECORD;
	rc = shadow_guest_call(s, guest_items, s);
	s->note = NULL;
	return rc;
}

static struct outcome observed(const struct item *it, const char **where)
{
	*where = NULL;
	if (it->note.reason)
		return outcome_make(OUTCOME_VMEXIT, it->note.reason, 0);
	switch (vmx_result_from_rflags(it->rflags)) {
	case VMX_OK: return OUTCOME_OK_V;
	case VMX_FAIL_INVALID: return OUTCOME_INVALID_V;
	case VMX_FAIL_VALID:
		if (it->note.err_read && it->note.err_shadow != 2) {
			*where = "shadow VMCS";
			return OUTCOME_VALID_V(it->note.err_shadow);
		}
		if (it->note.err_read && it->note.err_cur != 2) {
			*where = "current (ordinary) VMCS";
			return OUTCOME_VALID_V(it->note.err_cur);
		}
		*where = "neither VMCS's VM-instruction error field changed";
		return OUTCOME_VALID_V(0);
	default:
		return outcome_make(OUTCOME_BAD_FLAGS, (uint32_t)it->rflags, 0);
	}
}

/** Exit details of a VMREAD/VMWRITE exit (§28.2.1 qualification, §28.2.5 information). NULL when right. */
static const char *check_exit(const struct item *it, char *buf, size_t n)
{
	struct shadow_insn_info d;
	const char *insn, *end;
	uint64_t qual = 0;
	bool mem = it->op == OP_READ_MEM || it->op == OP_WRITE_MEM;

	switch (it->op) {
	case OP_READ: insn = shadow_g_read_insn; end = shadow_g_read_end; break;
	case OP_WRITE: insn = shadow_g_write_insn; end = shadow_g_write_end; break;
	case OP_READ_MEM: insn = shadow_g_read_mem_insn; end = shadow_g_read_mem_end; qual = 0x48; break;
	default: insn = shadow_g_write_mem_insn; end = shadow_g_write_mem_end; qual = 0x48; break;
	}
	shadow_insn_info_decode(it->note.info, &d);
	if (it->note.rip != (uint64_t)(uintptr_t)insn || it->note.len != (uint32_t)(end - insn)) {
		fmt_snprintf(buf, n, "exit RIP/length 0x%llx/%u, instruction at 0x%llx is %u bytes",
			     (unsigned long long)it->note.rip, it->note.len,
			     (unsigned long long)(uintptr_t)insn, (unsigned)(end - insn));
		return buf;
	}
	if (it->note.qual != qual) {
		fmt_snprintf(buf, n, "exit qualification 0x%llx, displacement 0x%llx",
			     (unsigned long long)it->note.qual, (unsigned long long)qual);
		return buf;
	}
	if (d.reg2 != 9 || d.reg_form == mem ||
	    (!mem && d.reg1 != 10) ||
	    (mem && (d.addr_size != 2 || d.seg != 3 || !d.index_invalid || d.base_invalid || d.base != 6))) {
		fmt_snprintf(buf, n, "instruction information 0x%x (want %s form, Reg2 9%s)", it->note.info,
			     mem ? "memory" : "register",
			     mem ? ", 64-bit address, DS, base RSI, no index" : ", Reg1 10");
		return buf;
	}
	return NULL;
}

static unsigned slot_of(struct shadow_suite *s, uint64_t enc)
{
	return s->slot_of[enc & 0x7fff] - 1u;
}

static uint64_t pattern_pre(uint64_t enc)
{
	return 0x0123456789abcdefull ^ ((enc + 1) * 0x9e3779b97f4a7c15ull);
}

/* Root, shadow current: canonical write pattern rw[], initial values model[]. */
static void prepare_shadow(void *arg)
{
	struct shadow_suite *s = arg;

	for (unsigned i = 0; i < s->nenc; i++) {
		uint64_t e = s->enc[i], v = 0;
		unsigned k = slot_of(s, e);

		if (vmcs_enc_high((uint32_t)e))
			continue;
		vmcs_write((uint32_t)e, ~pattern_pre(e), NULL);
		vmcs_read((uint32_t)e, &v, NULL);
		rw[k] = v;
		vmcs_write((uint32_t)e, pattern_pre(e), NULL);
		vmcs_read((uint32_t)e, &v, NULL);
		model[k] = v;
	}
}

static void read_shadow(void *arg)
{
	struct shadow_suite *s = arg;

	for (unsigned i = 0; i < s->nenc; i++)
		if (!vmcs_enc_high(s->enc[i]))
			vmcs_read(s->enc[i], &rfinal[slot_of(s, s->enc[i])], NULL);
}

/*
 * Permutations 0-3: read bit p&1, write bit p&2 for every field. 4 and 5
 * ("ALT1", "ALT2"): the bits alternate along the field list (read bit =
 * list-index parity, write bit the opposite; ALT2 the inverse), so each
 * field's bit differs from its neighbours' (a FULL encoding's from its
 * _HIGH half's, in the same byte): a CPU testing the wrong bit fails there.
 */
static const char *perm_name(unsigned p)
{
	static const char *const n[NPERM] = { "R0W0", "R1W0", "R0W1", "R1W1", "ALT1", "ALT2" };

	return n[p];
}

static void perm_bits(unsigned p, unsigned i, bool *rb, bool *wb)
{
	if (p < 4) {
		*rb = p & 1;
		*wb = p & 2;
	} else {
		*rb = (i & 1) ^ (p == 5);
		*wb = !*rb;
	}
}

static void note_detail(struct field_result *r, unsigned p, const char *what)
{
	if (!r->detail[0])
		fmt_snprintf(r->detail, sizeof(r->detail), "%s: %s", perm_name(p), what);
}

static bool run_permutation(struct shadow_suite *s, unsigned p)
{
	struct shadow_env env = { true, true, s->caps.vmwrite_any, s->rbm, s->wbm };
	char buf[120];
	bool rb, wb;

	perm_bits(p, 0, &rb, &wb);
	shadow_bitmaps(s, rb, wb);
	for (unsigned i = 0; p >= 4 && i < s->nenc; i++) {
		perm_bits(p, i, &rb, &wb);
		shadow_bitmap_set(s->rbm, s->enc[i], rb);
		shadow_bitmap_set(s->wbm, s->enc[i], wb);
	}
	if (shadow_with_current_shadow(s, prepare_shadow, s))
		return false;
	nitems = 0;
	for (unsigned i = 0; i < s->nenc; i++) {
		uint64_t e = s->enc[i], w = rw[slot_of(s, e)];

		items[nitems++] = (struct item){ .enc = e, .op = OP_READ };
		items[nitems++] = (struct item){ .enc = e, .op = OP_WRITE,
						 .wval = vmcs_enc_high((uint32_t)e) ? w >> 32 : w };
	}
	if (run_items(s) || shadow_with_current_shadow(s, read_shadow, s))
		return false;
	for (unsigned i = 0; i < s->nenc; i++) {
		struct item *r = &items[2 * i], *w = &items[2 * i + 1];
		struct field_result *fr = &res[i];
		uint64_t e = s->enc[i];
		unsigned k = slot_of(s, e);
		const char *where, *bad;

		fr->er[p] = shadow_expect(&env, SHADOW_READ, e, true);
		fr->orr[p] = observed(r, &where);
		fr->ew[p] = shadow_expect(&env, SHADOW_WRITE, e, true);
		fr->ow[p] = observed(w, &where);
		if (where && fr->ow[p].kind == OUTCOME_VMFAIL_VALID) {
			fmt_snprintf(buf, sizeof(buf), "VMWRITE error number found in the %s", where);
			note_detail(fr, p, buf);
		}
		if (r->note.reason && (bad = check_exit(r, buf, sizeof(buf))))
			note_detail(fr, p, bad);
		if (w->note.reason && (bad = check_exit(w, buf, sizeof(buf))))
			note_detail(fr, p, bad);
		if (fr->orr[p].kind == OUTCOME_OK && fr->er[p].kind == OUTCOME_OK &&
		    e != VM_INSTRUCTION_ERROR && r->rval != shadow_read_value(e, model[k])) {
			fmt_snprintf(buf, sizeof(buf), "VMREAD gave 0x%llx, the shadow VMCS holds 0x%llx",
				     (unsigned long long)r->rval,
				     (unsigned long long)shadow_read_value(e, model[k]));
			note_detail(fr, p, buf);
		}
		if (fr->ow[p].kind == OUTCOME_OK)
			model[k] = shadow_write_value(e, model[k], w->wval);
	}
	/* What root finds in the shadow VMCS afterwards: exactly the guest's writes. */
	for (unsigned i = 0; i < s->nenc; i++) {
		uint64_t e = s->enc[i];
		unsigned k = slot_of(s, e);

		/* The VM-instruction error field is the CPU's own: VMfailValid and the
		 * sentinel (VMCLEAR of a bad address) write it, so its value is not compared. */
		if (vmcs_enc_high((uint32_t)e) || e == VM_INSTRUCTION_ERROR || rfinal[k] == model[k])
			continue;
		fmt_snprintf(buf, sizeof(buf), "root VMREAD of the shadow after the run: 0x%llx, want 0x%llx",
			     (unsigned long long)rfinal[k], (unsigned long long)model[k]);
		note_detail(&res[i], p, buf);
	}
	return true;
}

static void field_cases(struct shadow_suite *s)
{
	static const unsigned order[NPERM] = { 0, 2, 1, 3, 4, 5 };
	char id[64], name[48], exp[256], obs[256], desc[120];

	memset(res, 0, sizeof(res));
	for (unsigned p = 0; p < NPERM; p++)
		if (!run_permutation(s, p)) {
			shadow_case(s, "field.all", "30.3", "VMREAD/VMWRITE of every supported field",
				    NULL, NULL, "SKIP", s->why[0] ? s->why : "shadow VMCS not usable");
			return;
		}
	for (unsigned i = 0; i < s->nenc; i++) {
		struct field_result *fr = &res[i];
		size_t ne = 0, no = 0;
		bool same = true;

		vmcs_field_format(s->enc[i], name, sizeof(name));
		for (unsigned j = 0; j < NPERM; j++) {
			unsigned p = order[j];
			char a[40], b[40], c[40], d[40];

			ne += fmt_snprintf(exp + ne, sizeof(exp) - ne, "%s%s %s/%s", j ? "; " : "",
					   perm_name(p), outcome_format(&fr->er[p], a, sizeof(a)),
					   outcome_format(&fr->ew[p], b, sizeof(b)));
			no += fmt_snprintf(obs + no, sizeof(obs) - no, "%s%s %s/%s", j ? "; " : "",
					   perm_name(p), outcome_format(&fr->orr[p], c, sizeof(c)),
					   outcome_format(&fr->ow[p], d, sizeof(d)));
			same = same && outcome_equal(&fr->er[p], &fr->orr[p]) &&
			       outcome_equal(&fr->ew[p], &fr->ow[p]);
		}
		fmt_snprintf(id, sizeof(id), "field.%s", name);
		fmt_snprintf(desc, sizeof(desc), "VMREAD/VMWRITE of %s (%s, %s) in VMX non-root, 6 bitmap settings",
			     name, vmcs_width_name(vmcs_enc_width(s->enc[i])),
			     vmcs_type_name(vmcs_enc_type(s->enc[i])));
		shadow_case(s, id, "30.3", desc, exp, obs,
			    same && !fr->detail[0] ? "PASS" : "DEVIATION", fr->detail);
	}
}

/* ---- single accesses ---- */

struct root_read {
	uint64_t enc, val;
	int rc;
};

static void root_read_fn(void *arg)
{
	struct root_read *r = arg;

	r->rc = vmcs_read((uint32_t)r->enc, &r->val, NULL);
}

/** Root VMREAD of @p enc in the shadow VMCS. @return 0 or -1 */
static int shadow_root_read(struct shadow_suite *s, uint64_t enc, uint64_t *val)
{
	struct root_read r = { enc, 0, -1 };

	if (shadow_with_current_shadow(s, root_read_fn, &r) || r.rc)
		return -1;
	*val = r.val;
	return 0;
}

struct one_case {
	const char *id, *sdm, *desc;
	uint64_t enc;
	enum item_op op;
	bool read_exit, write_exit; /* bitmaps */
	int setup;                  /* SETUP_* */
};
enum { SETUP_NONE, SETUP_LINK_ONES, SETUP_SHADOWING_OFF };

static void one(struct shadow_suite *s, const struct one_case *c, bool supported)
{
	bool write = c->op == OP_WRITE || c->op == OP_WRITE_MEM;
	struct shadow_env env = { c->setup != SETUP_SHADOWING_OFF, c->setup != SETUP_LINK_ONES,
				  s->caps.vmwrite_any, s->rbm, s->wbm };
	uint64_t proc2 = vmcs_read_or(SECONDARY_VM_EXEC_CONTROL, 0);
	struct outcome e, o;
	uint64_t before = 0, after = 0;
	const char *where = NULL, *bad = NULL;
	char es[40], os[40], buf[160], reason[200];
	int rc = 0;

	shadow_bitmaps(s, c->read_exit, c->write_exit);
	e = shadow_expect(&env, write ? SHADOW_WRITE : SHADOW_READ, c->enc, supported);
	if (c->setup == SETUP_LINK_ONES)
		rc = vmcs_write(VMCS_LINK_POINTER, ~0ull, NULL);
	if (c->setup == SETUP_SHADOWING_OFF) /* link ~0 too: no shadow VMCS without shadowing (§26.3.1.5) */
		rc = vmcs_write(SECONDARY_VM_EXEC_CONTROL, proc2 & ~SECONDARY_EXEC_SHADOW_VMCS, NULL) ||
		     vmcs_write(VMCS_LINK_POINTER, ~0ull, NULL);
	nitems = 1;
	items[0] = (struct item){ .enc = c->enc, .op = c->op, .wval = 0x1234 };
	/* the shadow's value before, for a successful read (root VMREAD sees the same field) */
	if (supported && shadow_root_read(s, c->enc, &before))
		before = ~0ull;
	if (!rc)
		rc = run_items(s);
	vmcs_write(VMCS_LINK_POINTER, s->shadow_pa, NULL);
	vmcs_write(SECONDARY_VM_EXEC_CONTROL, proc2, NULL);
	if (rc) {
		shadow_case(s, c->id, c->sdm, c->desc, outcome_format(&e, es, sizeof(es)), NULL, "SKIP",
			    s->why[0] ? s->why : "set-up failed");
		return;
	}
	o = observed(&items[0], &where);
	if (items[0].note.reason)
		bad = check_exit(&items[0], buf, sizeof(buf));
	/* A successful access must have used the shadow VMCS: check the value from root. */
	if (o.kind == OUTCOME_OK && e.kind == OUTCOME_OK && !write && items[0].rval != before) {
		fmt_snprintf(buf, sizeof(buf), "read 0x%llx, the shadow VMCS holds 0x%llx",
			     (unsigned long long)items[0].rval, (unsigned long long)before);
		bad = buf;
	}
	if (o.kind == OUTCOME_OK && e.kind == OUTCOME_OK && write &&
	    c->enc != VM_INSTRUCTION_ERROR &&
	    (shadow_root_read(s, c->enc, &after) ||
	     after != shadow_read_value(c->enc, shadow_write_value(c->enc, 0, items[0].wval)))) {
		fmt_snprintf(buf, sizeof(buf), "root VMREAD of the shadow after the write: 0x%llx, want 0x%llx",
			     (unsigned long long)after, (unsigned long long)items[0].wval);
		bad = buf;
	}
	reason[0] = 0;
	if (where || bad)
		fmt_snprintf(reason, sizeof(reason), "%s%s%s", where ? "error number in the " : "",
			     where ? where : "", bad ? bad : "");
	shadow_case(s, c->id, c->sdm, c->desc, outcome_format(&e, es, sizeof(es)),
		    outcome_format(&o, os, sizeof(os)),
		    outcome_equal(&e, &o) && !bad ? "PASS" : "DEVIATION", reason);
}

static const struct one_case fixed_cases[] = {
	{ "enc.bit15.read", "30.3", "VMREAD, encoding operand bit 15 set, bitmap bit clear: VM exit 23",
	  0x8000 | GUEST_RIP, OP_READ, false, false, SETUP_NONE },
	{ "enc.bit15.write", "30.3", "VMWRITE, encoding operand bit 15 set, bitmap bit clear: VM exit 25",
	  0x8000 | GUEST_RIP, OP_WRITE, false, false, SETUP_NONE },
	{ "enc.bit32.read", "30.3", "VMREAD, encoding operand bit 32 set (64-bit operand): VM exit 23",
	  (1ull << 32) | GUEST_RIP, OP_READ, false, false, SETUP_NONE },
	{ "enc.bit63.write", "30.3", "VMWRITE, encoding operand bit 63 set: VM exit 25",
	  (1ull << 63) | GUEST_RIP, OP_WRITE, false, false, SETUP_NONE },
	{ "link.ones.read", "30.3", "VMREAD with VMCS link pointer ~0 (shadowing on, bit clear): VMfailInvalid",
	  GUEST_RIP, OP_READ, false, false, SETUP_LINK_ONES },
	{ "link.ones.write", "30.3", "VMWRITE with VMCS link pointer ~0 (shadowing on, bit clear): VMfailInvalid",
	  GUEST_RIP, OP_WRITE, false, false, SETUP_LINK_ONES },
	{ "shadowing.off.read", "25.1.3", "VMREAD with VMCS shadowing 0 and bitmap bits clear: VM exit 23",
	  GUEST_RIP, OP_READ, false, false, SETUP_SHADOWING_OFF },
	{ "shadowing.off.write", "25.1.3", "VMWRITE with VMCS shadowing 0 and bitmap bits clear: VM exit 25",
	  GUEST_RIP, OP_WRITE, false, false, SETUP_SHADOWING_OFF },
	{ "mem.read.exit", "28.2.1", "VMREAD to memory (disp 0x48) exiting: qualification = displacement, memory-form instruction information",
	  GUEST_RIP, OP_READ_MEM, true, true, SETUP_NONE },
	{ "mem.write.exit", "28.2.1", "VMWRITE from memory (disp 0x48) exiting: qualification = displacement, memory-form instruction information",
	  GUEST_RIP, OP_WRITE_MEM, true, true, SETUP_NONE },
	{ "mem.read.shadowed", "30.3", "VMREAD to memory, bitmap bit clear: reads the shadow VMCS",
	  GUEST_RIP, OP_READ_MEM, false, false, SETUP_NONE },
	{ "mem.write.shadowed", "30.3", "VMWRITE from memory, bitmap bit clear: writes the shadow VMCS",
	  GUEST_RIP, OP_WRITE_MEM, false, false, SETUP_NONE },
	{ "readonly.write", "30.3", "VMWRITE to EXIT_QUALIFICATION (read-only data field) in the shadow: follows IA32_VMX_MISC bit 29 (set: succeeds; clear: VMfailValid 13)",
	  EXIT_QUALIFICATION, OP_WRITE, false, false, SETUP_NONE },
};

/* Encodings that are no field of this CPU (error 12 when shadowed, §30.3). */
static void unsupported_cases(struct shadow_suite *s)
{
	struct one_case c = { NULL, "30.3", NULL, 0, OP_READ, false, false, SETUP_NONE };
	char id[64], desc[140], name[48];
	uint32_t encs[3];
	const char *what[3] = { "index above IA32_VMX_VMCS_ENUM's highest index",
				"_HIGH access type of a natural-width field",
				"field of a feature this CPU lacks" };
	unsigned n = 0;

	encs[n++] = s->caps.vmcs_enum_max < 0x1ff ?
			    0x6800u | ((s->caps.vmcs_enum_max + 1) << 1) : 0x6bfeu;
	encs[n++] = GUEST_RIP | 1u;
	encs[n] = 0;
	for (size_t i = 0; i < vmcs_field_count; i++) {
		uint32_t e = vmcs_fields[i].enc;

		if (!shadow_field_supported(&s->caps, e) && !shadow_field_unknown(e) &&
		    (!s->caps.vmcs_enum_avail || vmcs_enc_index(e) <= s->caps.vmcs_enum_max)) {
			encs[n++] = e;
			break;
		}
	}
	for (unsigned i = 0; i < n; i++)
		for (unsigned w = 0; w < 2; w++) {
			vmcs_field_format(encs[i], name, sizeof(name));
			fmt_snprintf(id, sizeof(id), "unsupported.%s.%s", i == 0 ? "index" : i == 1 ? "high" : name,
				     w ? "write" : "read");
			fmt_snprintf(desc, sizeof(desc), "%s of %s (%s), bitmap bit clear: VMfailValid(12)",
				     w ? "VMWRITE" : "VMREAD", name, what[i]);
			c.id = id;
			c.desc = desc;
			c.enc = encs[i];
			c.op = w ? OP_WRITE : OP_READ;
			one(s, &c, shadow_field_supported(&s->caps, encs[i]));
		}
}

/*
 * Every table encoding this CPU lacks (feature absent or index above
 * VMCS_ENUM; Appendix B: "exists only on processors that support ..."),
 * read and written once each with bitmap bits 0: VMfailValid(12) for all.
 * One aggregated case; the reason names the encodings that differ.
 */
static void unsupported_all(struct shadow_suite *s)
{
	struct shadow_env env = { true, true, s->caps.vmwrite_any, s->rbm, s->wbm };
	char reason[200], name[48], exp[40], obs[48];
	unsigned bad = 0, total;
	size_t n = 0;

	nitems = 0;
	for (size_t i = 0; i < vmcs_field_count && nitems + 4 <= 2 * SHADOW_MAX_ENCS; i++) {
		uint32_t e = vmcs_fields[i].enc;

		for (unsigned h = 0; h < 2; h++) {
			uint32_t x = h ? VMCS_HIGH(e) : e;

			if (h && vmcs_enc_width(e) != VMCS_W64)
				continue;
			if (shadow_field_supported(&s->caps, x) || shadow_field_unknown(x))
				continue;
			items[nitems++] = (struct item){ .enc = x, .op = OP_READ };
			items[nitems++] = (struct item){ .enc = x, .op = OP_WRITE, .wval = 0 };
		}
	}
	total = nitems;
	shadow_bitmaps(s, false, false);
	if (!total) {
		shadow_case(s, "unsupported.all", "30.3", "every table field this CPU lacks: VMfailValid(12)",
			    NULL, NULL, "SKIP", "the CPU has every field of the table");
		return;
	}
	if (run_items(s)) {
		shadow_case(s, "unsupported.all", "30.3", "every table field this CPU lacks: VMfailValid(12)",
			    NULL, NULL, "SKIP", s->why[0] ? s->why : "guest run failed");
		return;
	}
	reason[0] = 0;
	for (unsigned i = 0; i < total; i++) {
		const char *where;
		struct outcome e = shadow_expect(&env, items[i].op == OP_WRITE ? SHADOW_WRITE : SHADOW_READ,
						 items[i].enc, false);
		struct outcome o = observed(&items[i], &where);
		char os[40];

		if (outcome_equal(&e, &o))
			continue;
		bad++;
		vmcs_field_format((uint32_t)items[i].enc, name, sizeof(name));
		if (n < sizeof(reason) - 1)
			n += fmt_snprintf(reason + n, sizeof(reason) - n, "%s%s %s: %s", n ? "; " : "",
					  items[i].op == OP_WRITE ? "VMWRITE" : "VMREAD", name,
					  outcome_format(&o, os, sizeof(os)));
	}
	fmt_snprintf(exp, sizeof(exp), "%u x vmfail-valid:12", total);
	fmt_snprintf(obs, sizeof(obs), "%u x vmfail-valid:12, %u other", total - bad, bad);
	shadow_case(s, "unsupported.all", "30.3, App. B",
		    "VMREAD and VMWRITE of every table field this CPU lacks (feature or VMCS_ENUM), bitmap bits 0: VMfailValid(12)",
		    exp, obs, bad ? "DEVIATION" : "PASS", reason);
}

/* ---- CPL 3 (§30.3: the VM-exit test comes before "CPL > 0: #GP(0)") ---- */

/* Page tables for the CPL-3 guest: 4 GiB identity-mapped in 2-MiB pages, user-accessible. */
static uint64_t user_page_tables(void)
{
	static uint64_t *pml4;

	if (!pml4) {
		uint64_t *p = pages_alloc(6);

		if (!p)
			return 0;
		for (unsigned i = 0; i < 4; i++) {
			uint64_t *pd = p + (2 + i) * 512;

			for (unsigned j = 0; j < 512; j++)
				pd[j] = ((uint64_t)(i * 512 + j) << 21) | 0x87; /* P RW US PS */
			p[512 + i] = virt_to_phys(pd) | 0x7;
		}
		p[0] = virt_to_phys(p + 512) | 0x7;
		pml4 = p;
	}
	return virt_to_phys(pml4);
}

static void cpl3_case(struct shadow_suite *s, const char *id, bool write, bool bit)
{
	static const uint32_t saved_enc[] = { GUEST_CS_SELECTOR, GUEST_CS_ACCESS_RIGHTS,
					      GUEST_SS_SELECTOR, GUEST_SS_ACCESS_RIGHTS, GUEST_CR3 };
	uint64_t saved[5], cr3 = user_page_tables();
	struct shadow_exit_note note;
	struct vmx_gprs g;
	struct outcome e, o;
	const char *insn = write ? shadow_g_cpl3_write : shadow_g_cpl3_read;
	const char *end = write ? shadow_g_cpl3_write_end : shadow_g_cpl3_read_end;
	char desc[160], es[40], os[40], reason[160];
	int rc = 0;

	fmt_snprintf(desc, sizeof(desc), "%s at CPL 3 in VMX non-root, bitmap bit %u: %s",
		     write ? "VMWRITE" : "VMREAD", bit,
		     bit ? "the VM exit precedes the CPL check" : "#GP(0) (CPL > 0)");
	e = bit ? outcome_make(OUTCOME_VMEXIT, write ? EXIT_REASON_VMWRITE : EXIT_REASON_VMREAD, 0)
		: OUTCOME_EXCEPTION_V(13);
	for (unsigned i = 0; i < 5; i++)
		rc |= vmcs_read(saved_enc[i], &saved[i], NULL);
	if (rc || !cr3) {
		shadow_case(s, id, "30.3", desc, outcome_format(&e, es, sizeof(es)), NULL, "SKIP",
			    "guest state could not be read, or no pages for user page tables");
		return;
	}
	/* Ring 3: selectors RPL 3, CS/SS DPL 3 (access rights bits 6:5), user page tables. */
	rc |= vmcs_write(GUEST_CS_SELECTOR, saved[0] | 3, NULL);
	rc |= vmcs_write(GUEST_CS_ACCESS_RIGHTS, saved[1] | 0x60, NULL);
	rc |= vmcs_write(GUEST_SS_SELECTOR, saved[2] | 3, NULL);
	rc |= vmcs_write(GUEST_SS_ACCESS_RIGHTS, saved[3] | 0x60, NULL);
	rc |= vmcs_write(GUEST_CR3, cr3, NULL);
	shadow_bitmaps(s, bit, bit);
	memset(&g, 0, sizeof(g));
	g.r9 = GUEST_RIP;
	g.r10 = 0x1234;
	g.r12 = write;
	memset(&note, 0, sizeof(note));
	s->mode = SHADOW_MODE_RECORD;
	s->note = &note;
	if (!rc)
		rc = shadow_guest_enter(s, (uint64_t)(uintptr_t)shadow_g_cpl3,
					(uint64_t)(uintptr_t)s->stack + PAGE_SIZE, &g);
	s->note = NULL;
	for (unsigned i = 0; i < 5; i++)
		vmcs_write(saved_enc[i], saved[i], NULL);
	reason[0] = 0;
	if (note.reason) {
		o = outcome_make(OUTCOME_VMEXIT, note.reason, 0);
		if (note.rip != (uint64_t)(uintptr_t)insn || note.len != (uint32_t)(end - insn))
			fmt_snprintf(reason, sizeof(reason), "exit RIP/length 0x%llx/%u, want 0x%llx/%u",
				     (unsigned long long)note.rip, note.len,
				     (unsigned long long)(uintptr_t)insn, (unsigned)(end - insn));
	} else if (note.exc) {
		o = OUTCOME_EXCEPTION_V(note.intr & 0xff);
		/* hardware exception (type 3), error code 0 delivered (§28.2.2) */
		if ((note.intr & 0xff) == 13 &&
		    (((note.intr >> 8) & 7) != 3 || !(note.intr & (1u << 11)) || note.errcode != 0 ||
		     note.rip != (uint64_t)(uintptr_t)insn))
			fmt_snprintf(reason, sizeof(reason),
				     "interruption information 0x%x, error code 0x%x, RIP 0x%llx (want type 3, error code 0 at 0x%llx)",
				     note.intr, note.errcode, (unsigned long long)note.rip,
				     (unsigned long long)(uintptr_t)insn);
	} else if (rc == 0) {
		o = OUTCOME_OK_V; /* the access executed at CPL 3 */
	} else {
		shadow_case(s, id, "30.3", desc, outcome_format(&e, es, sizeof(es)), NULL, "SKIP",
			    s->why[0] ? s->why : "CPL-3 guest did not run");
		return;
	}
	shadow_case(s, id, "30.3", desc, outcome_format(&e, es, sizeof(es)),
		    outcome_format(&o, os, sizeof(os)),
		    outcome_equal(&e, &o) && !reason[0] ? "PASS" : "DEVIATION", reason);
}

void shadow_sem_run(struct shadow_suite *s)
{
	field_cases(s);
	for (unsigned i = 0; i < sizeof(fixed_cases) / sizeof(fixed_cases[0]); i++)
		one(s, &fixed_cases[i], shadow_field_supported(&s->caps, fixed_cases[i].enc));
	unsupported_cases(s);
	unsupported_all(s);
	cpl3_case(s, "cpl3.read.exit", false, true);
	cpl3_case(s, "cpl3.write.exit", true, true);
	cpl3_case(s, "cpl3.read.gp", false, false);
	cpl3_case(s, "cpl3.write.gp", true, false);
}
