/** @file
 * Shadow suite, single-access cases (docs/shadow-suite.md): operand bits
 * 63:15 (SDM §30.3), link pointer ~0, shadowing off (§25.1.3), memory
 * operands (§27.2.1 qualification = displacement, §27.2.5), VMWRITE to a
 * read-only field (IA32_VMX_MISC bit 29), unsupported encodings
 * (VMfailValid 12, Appendix B), and CPL 3 (the VM-exit test precedes the
 * CPL check; #GP(0) otherwise).
 */
#include <string.h>
#include "suites/shadow.h"
#include "suites/shadow_items.h"
#include "lib/fmt.h"
#include "platform/mem.h"
#include "vmx/controls.h"
#include "vmx/fields.h"
#include "vmx/vmcs.h"

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
	enum shadow_item_op op;
	bool read_exit, write_exit; /* bitmaps */
	int setup;                  /* SETUP_* */
	bool qual;                  /* the case is about the §27.2.1 qualification */
};
enum { SETUP_NONE, SETUP_LINK_ONES, SETUP_SHADOWING_OFF };

static void one(struct shadow_suite *s, const struct one_case *c, bool supported)
{
	struct shadow_item_list *l = s->items;
	bool write = c->op == SI_WRITE || c->op == SI_WRITE_MEM;
	struct shadow_env env = { c->setup != SETUP_SHADOWING_OFF, c->setup != SETUP_LINK_ONES,
				  s->caps.vmwrite_any, s->rbm, s->wbm };
	uint64_t proc2 = vmcs_read_or(SECONDARY_VM_EXEC_CONTROL, 0);
	struct outcome e, o;
	uint64_t before = 0, after = 0;
	const char *where = NULL, *bad = NULL;
	char es[64], os[64], buf[160], reason[200];
	int rc = 0;

	shadow_bitmaps(s, c->read_exit, c->write_exit);
	e = shadow_expect(&env, write ? SHADOW_WRITE : SHADOW_READ, c->enc, supported);
	if (c->setup == SETUP_LINK_ONES)
		rc = vmcs_write(VMCS_LINK_POINTER, ~0ull, NULL);
	if (c->setup == SETUP_SHADOWING_OFF) /* link ~0 too: no shadow VMCS without shadowing (§26.3.1.5) */
		rc = vmcs_write(SECONDARY_VM_EXEC_CONTROL, proc2 & ~SECONDARY_EXEC_SHADOW_VMCS, NULL) ||
		     vmcs_write(VMCS_LINK_POINTER, ~0ull, NULL);
	l->n = 1;
	l->it[0] = (struct shadow_item){ .enc = c->enc, .op = c->op, .wval = 0x1234 };
	/* the shadow's value before, for a successful read (root VMREAD sees the same field) */
	if (supported && shadow_root_read(s, c->enc, &before))
		before = ~0ull;
	/* a register operand right after a displacement was certain to be decoded (shadow_stale.c) */
	if (!rc && c->qual && (c->op == SI_READ || c->op == SI_WRITE))
		shadow_stale_fill();
	if (!rc)
		rc = shadow_items_run(s);
	vmcs_write(VMCS_LINK_POINTER, s->shadow_pa, NULL);
	vmcs_write(SECONDARY_VM_EXEC_CONTROL, proc2, NULL);
	if (rc) {
		case_emit(s->cases, c->id, c->sdm, c->desc, outcome_format(&e, es, sizeof(es)), NULL, VERDICT_SKIP,
			  s->why[0] ? s->why : "set-up failed");
		return;
	}
	o = shadow_item_observed(&l->it[0], &where);
	if (l->it[0].note.reason)
		bad = shadow_item_check_exit(&l->it[0], c->qual, buf, sizeof(buf));
	/* A successful access must have used the shadow VMCS: check the value from root. */
	if (o.kind == OUTCOME_OK && e.kind == OUTCOME_OK && !write && l->it[0].rval != before) {
		fmt_snprintf(buf, sizeof(buf), "read 0x%llx, the shadow VMCS holds 0x%llx",
			     (unsigned long long)l->it[0].rval, (unsigned long long)before);
		bad = buf;
	}
	if (o.kind == OUTCOME_OK && e.kind == OUTCOME_OK && write &&
	    c->enc != VM_INSTRUCTION_ERROR &&
	    (shadow_root_read(s, c->enc, &after) ||
	     after != shadow_read_value(c->enc, shadow_write_value(c->enc, 0, l->it[0].wval)))) {
		fmt_snprintf(buf, sizeof(buf), "root VMREAD of the shadow after the write: 0x%llx, want 0x%llx",
			     (unsigned long long)after, (unsigned long long)l->it[0].wval);
		bad = buf;
	}
	reason[0] = 0;
	if (where || bad)
		fmt_snprintf(reason, sizeof(reason), "%s%s%s", where ? "error number in the " : "",
			     where ? where : "", bad ? bad : "");
	outcome_format(&e, es, sizeof(es));
	outcome_format(&o, os, sizeof(os));
	if (c->qual && o.kind == OUTCOME_VMEXIT) {
		/* the rule is the qualification: both strings show it, so a wrong one is seen */
		size_t ne = strlen(es), no = strlen(os);

		fmt_snprintf(es + ne, sizeof(es) - ne, " qualification 0x%llx",
			     (unsigned long long)shadow_item_displacement(&l->it[0]));
		fmt_snprintf(os + no, sizeof(os) - no, " qualification 0x%llx",
			     (unsigned long long)l->it[0].note.qual);
	}
	case_emit(s->cases, c->id, c->sdm, c->desc, es, os, verdict_of(outcome_equal(&e, &o) && !bad),
		  reason);
}

static const struct one_case fixed_cases[] = {
	{ "enc.bit15.read", "30.3", "VMREAD, encoding operand bit 15 set, bitmap bit clear: VM exit 23",
	  0x8000 | GUEST_RIP, SI_READ, false, false, SETUP_NONE, false },
	{ "enc.bit15.write", "30.3", "VMWRITE, encoding operand bit 15 set, bitmap bit clear: VM exit 25",
	  0x8000 | GUEST_RIP, SI_WRITE, false, false, SETUP_NONE, false },
	{ "enc.bit32.read", "30.3", "VMREAD, encoding operand bit 32 set (64-bit operand): VM exit 23",
	  (1ull << 32) | GUEST_RIP, SI_READ, false, false, SETUP_NONE, false },
	{ "enc.bit63.write", "30.3", "VMWRITE, encoding operand bit 63 set: VM exit 25",
	  (1ull << 63) | GUEST_RIP, SI_WRITE, false, false, SETUP_NONE, false },
	{ "link.ones.read", "30.3", "VMREAD with VMCS link pointer ~0 (shadowing on, bit clear): VMfailInvalid",
	  GUEST_RIP, SI_READ, false, false, SETUP_LINK_ONES, false },
	{ "link.ones.write", "30.3", "VMWRITE with VMCS link pointer ~0 (shadowing on, bit clear): VMfailInvalid",
	  GUEST_RIP, SI_WRITE, false, false, SETUP_LINK_ONES, false },
	{ "shadowing.off.read", "25.1.3", "VMREAD with VMCS shadowing 0 and bitmap bits clear: VM exit 23",
	  GUEST_RIP, SI_READ, false, false, SETUP_SHADOWING_OFF, false },
	{ "shadowing.off.write", "25.1.3", "VMWRITE with VMCS shadowing 0 and bitmap bits clear: VM exit 25",
	  GUEST_RIP, SI_WRITE, false, false, SETUP_SHADOWING_OFF, false },
	{ "mem.read.exit", "27.2.1", "VMREAD to memory (disp 0x48) exiting: qualification = displacement, memory-form instruction information",
	  GUEST_RIP, SI_READ_MEM, true, true, SETUP_NONE, true },
	{ "mem.write.exit", "27.2.1", "VMWRITE from memory (disp 0x48) exiting: qualification = displacement, memory-form instruction information",
	  GUEST_RIP, SI_WRITE_MEM, true, true, SETUP_NONE, true },
	{ "qual.read.register", "27.2.1", "VMREAD to a register exiting, after instructions with displacement 0x615: no displacement, qualification 0",
	  GUEST_RIP, SI_READ, true, true, SETUP_NONE, true },
	{ "qual.write.register", "27.2.1", "VMWRITE from a register exiting, after instructions with displacement 0x615: no displacement, qualification 0",
	  GUEST_RIP, SI_WRITE, true, true, SETUP_NONE, true },
	{ "mem.read.shadowed", "30.3", "VMREAD to memory, bitmap bit clear: reads the shadow VMCS",
	  GUEST_RIP, SI_READ_MEM, false, false, SETUP_NONE, false },
	{ "mem.write.shadowed", "30.3", "VMWRITE from memory, bitmap bit clear: writes the shadow VMCS",
	  GUEST_RIP, SI_WRITE_MEM, false, false, SETUP_NONE, false },
	{ "readonly.write", "30.3", "VMWRITE to EXIT_QUALIFICATION (read-only data field) in the shadow: follows IA32_VMX_MISC bit 29 (set: succeeds; clear: VMfailValid 13)",
	  EXIT_QUALIFICATION, SI_WRITE, false, false, SETUP_NONE, false },
};

/* Encodings that are no field of this CPU (error 12 when shadowed, §30.3). */
static void unsupported_cases(struct shadow_suite *s)
{
	struct one_case c = { NULL, "30.3", NULL, 0, SI_READ, false, false, SETUP_NONE, false };
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
			c.op = w ? SI_WRITE : SI_READ;
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
	struct shadow_item_list *l = s->items;
	struct shadow_env env = { true, true, s->caps.vmwrite_any, s->rbm, s->wbm };
	char reason[200], name[48], exp[40], obs[48];
	unsigned bad = 0, total;
	size_t n = 0;

	l->n = 0;
	for (size_t i = 0; i < vmcs_field_count && l->n + 4 <= 2 * SHADOW_MAX_ENCS; i++) {
		uint32_t e = vmcs_fields[i].enc;

		for (unsigned h = 0; h < 2; h++) {
			uint32_t x = h ? VMCS_HIGH(e) : e;

			if (h && vmcs_enc_width(e) != VMCS_W64)
				continue;
			if (shadow_field_supported(&s->caps, x) || shadow_field_unknown(x))
				continue;
			l->it[l->n++] = (struct shadow_item){ .enc = x, .op = SI_READ };
			l->it[l->n++] = (struct shadow_item){ .enc = x, .op = SI_WRITE, .wval = 0 };
		}
	}
	total = l->n;
	shadow_bitmaps(s, false, false);
	if (!total) {
		case_emit(s->cases, "unsupported.all", "30.3", "every table field this CPU lacks: VMfailValid(12)",
			  NULL, NULL, VERDICT_SKIP, "the CPU has every field of the table");
		return;
	}
	if (shadow_items_run(s)) {
		case_emit(s->cases, "unsupported.all", "30.3", "every table field this CPU lacks: VMfailValid(12)",
			  NULL, NULL, VERDICT_SKIP, s->why[0] ? s->why : "guest run failed");
		return;
	}
	reason[0] = 0;
	for (unsigned i = 0; i < total; i++) {
		const char *where;
		struct outcome e = shadow_expect(&env, l->it[i].op == SI_WRITE ? SHADOW_WRITE : SHADOW_READ,
						 l->it[i].enc, false);
		struct outcome o = shadow_item_observed(&l->it[i], &where);
		char os[40];

		if (outcome_equal(&e, &o))
			continue;
		bad++;
		vmcs_field_format((uint32_t)l->it[i].enc, name, sizeof(name));
		if (n < sizeof(reason) - 1)
			n += fmt_snprintf(reason + n, sizeof(reason) - n, "%s%s %s: %s", n ? "; " : "",
					  l->it[i].op == SI_WRITE ? "VMWRITE" : "VMREAD", name,
					  outcome_format(&o, os, sizeof(os)));
	}
	fmt_snprintf(exp, sizeof(exp), "%u x vmfail-valid:12", total);
	fmt_snprintf(obs, sizeof(obs), "%u x vmfail-valid:12, %u other", total - bad, bad);
	case_emit(s->cases, "unsupported.all", "30.3, App. B",
		  "VMREAD and VMWRITE of every table field this CPU lacks (feature or VMCS_ENUM), bitmap bits 0: VMfailValid(12)",
		  exp, obs, verdict_of(!bad), reason);
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
		case_emit(s->cases, id, "30.3", desc, outcome_format(&e, es, sizeof(es)), NULL, VERDICT_SKIP,
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
		/* hardware exception (type 3), error code 0 delivered (§27.2.2) */
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
		case_emit(s->cases, id, "30.3", desc, outcome_format(&e, es, sizeof(es)), NULL, VERDICT_SKIP,
			  s->why[0] ? s->why : "CPL-3 guest did not run");
		return;
	}
	case_emit(s->cases, id, "30.3", desc, outcome_format(&e, es, sizeof(es)),
		  outcome_format(&o, os, sizeof(os)),
		  verdict_of(outcome_equal(&e, &o) && !reason[0]), reason);
}

void shadow_single_run(struct shadow_suite *s)
{
	for (unsigned i = 0; i < sizeof(fixed_cases) / sizeof(fixed_cases[0]); i++)
		one(s, &fixed_cases[i], shadow_field_supported(&s->caps, fixed_cases[i].enc));
	unsupported_cases(s);
	unsupported_all(s);
	cpl3_case(s, "cpl3.read.exit", false, true);
	cpl3_case(s, "cpl3.write.exit", true, true);
	cpl3_case(s, "cpl3.read.gp", false, false);
	cpl3_case(s, "cpl3.write.gp", true, false);
}
