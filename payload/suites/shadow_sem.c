/** @file
 * Shadow suite, semantics (SDM Vol. 3C §24.10, §25.1.3, §24.6.15, §27.2.1,
 * §27.2.5, §30.3 VMREAD/VMWRITE). A guest in VMX non-root operation with
 * "VMCS shadowing" = 1 executes VMREAD and VMWRITE; the expectation for
 * every access is computed by shadow_expect() (vmx/shadow.c, unit-tested).
 *
 * Per-field cases: for each of six bitmap settings (the four permutations
 * read bit 0/1 x write bit 0/1 with the same bits for every field, and two
 * where the bits alternate from field to field) the guest
 * reads then writes every supported encoding (FULL and _HIGH). A bit-1
 * access must exit with reason 23/25, instruction information naming the
 * registers used (Reg1 = R10, Reg2 = R9, register form) and the
 * instruction's length and RIP (the exit qualification is a rule of its own:
 * shadow_one.c's qual.* cases);
 * a bit-0 access must succeed on the shadow VMCS: the value read equals
 * what root VMREAD of the shadow gives (the model tracks the guest's own
 * writes), and after the run root VMPTRLD of the shadow finds exactly the
 * values the guest wrote. One `case` record per encoding holds its six
 * settings (expected/observed "R<r>W<w> read/write; ...; ALT1 ..; ALT2 ..").
 * The guest access lists are shadow_items.c; the single-access cases
 * (operand bits 63:15, link pointer ~0, unsupported encodings, memory
 * operands, shadowing off, MISC bit 29, CPL 3) are shadow_one.c.
 */
#include <string.h>
#include "suites/shadow.h"
#include "suites/shadow_items.h"
#include "lib/fmt.h"
#include "platform/mem.h"
#include "vmx/controls.h"
#include "vmx/fields.h"
#include "vmx/vmcs.h"


/* per encoding, per permutation */
#define NPERM 6
struct field_result {
	struct outcome er[NPERM], orr[NPERM], ew[NPERM], ow[NPERM];
	char detail[120];
};
static struct field_result res[SHADOW_MAX_ENCS];
/* per FULL slot: the model and the root-canonical patterns */
static uint64_t model[SHADOW_MAX_ENCS], rw[SHADOW_MAX_ENCS], rfinal[SHADOW_MAX_ENCS];

static unsigned slot_of(struct shadow_suite *s, uint64_t enc)
{
	return s->v12.slot_of[enc & 0x7fff] - 1u;
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
	struct shadow_item_list *l = s->items;
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
	l->n = 0;
	for (unsigned i = 0; i < s->nenc; i++) {
		uint64_t e = s->enc[i], w = rw[slot_of(s, e)];

		l->it[l->n++] = (struct shadow_item){ .enc = e, .op = SI_READ };
		l->it[l->n++] = (struct shadow_item){ .enc = e, .op = SI_WRITE,
						 .wval = vmcs_enc_high((uint32_t)e) ? w >> 32 : w };
	}
	if (shadow_items_run(s) || shadow_with_current_shadow(s, read_shadow, s))
		return false;
	for (unsigned i = 0; i < s->nenc; i++) {
		struct shadow_item *r = &l->it[2 * i], *w = &l->it[2 * i + 1];
		struct field_result *fr = &res[i];
		uint64_t e = s->enc[i];
		unsigned k = slot_of(s, e);
		const char *where, *bad;

		fr->er[p] = shadow_expect(&env, SHADOW_READ, e, true);
		fr->orr[p] = shadow_item_observed(r, &where);
		fr->ew[p] = shadow_expect(&env, SHADOW_WRITE, e, true);
		fr->ow[p] = shadow_item_observed(w, &where);
		if (where && fr->ow[p].kind == OUTCOME_VMFAIL_VALID) {
			fmt_snprintf(buf, sizeof(buf), "VMWRITE error number found in the %s", where);
			note_detail(fr, p, buf);
		}
		if (r->note.reason && (bad = shadow_item_check_exit(r, false, buf, sizeof(buf))))
			note_detail(fr, p, bad);
		if (w->note.reason && (bad = shadow_item_check_exit(w, false, buf, sizeof(buf))))
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

void shadow_sem_run(struct shadow_suite *s)
{
	static const unsigned order[NPERM] = { 0, 2, 1, 3, 4, 5 };
	char id[64], name[48], exp[256], obs[256], desc[120];

	memset(res, 0, sizeof(res));
	for (unsigned p = 0; p < NPERM; p++)
		if (!run_permutation(s, p)) {
			case_emit(s->cases, "field.all", "30.3", "VMREAD/VMWRITE of every supported field",
				  NULL, NULL, VERDICT_SKIP, s->why[0] ? s->why : "shadow VMCS not usable");
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
		case_emit(s->cases, id, "30.3", desc, exp, obs,
			  verdict_of(same && !fr->detail[0]), fr->detail);
	}
}
