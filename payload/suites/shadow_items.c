/** @file
 * Shadow suite: guest accesses as a list (see shadow_items.h): the guest's
 * loop over the list, and the classification and exit-detail checks of
 * each access.
 */
#include <string.h>
#include "suites/shadow_items.h"
#include "lib/fmt.h"
#include "vmx/vmcs.h"

static uint64_t membuf[32]; /* memory operand at membuf + 0x48 */

static void guest_items(void *arg)
{
	struct shadow_suite *s = arg;
	struct shadow_item_list *l = s->items;

	for (unsigned i = 0; i < l->n; i++) {
		struct shadow_item *it = &l->it[i];

		s->note = &it->note;
		switch (it->op) {
		case SI_READ: it->rflags = shadow_g_read(it->enc, &it->rval); break;
		case SI_WRITE: it->rflags = shadow_g_write(it->enc, it->wval); break;
		case SI_READ_MEM:
			membuf[9] = 0x5a5a5a5a5a5a5a5aull;
			it->rflags = shadow_g_read_mem(it->enc, membuf);
			it->rval = membuf[9];
			break;
		case SI_WRITE_MEM:
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

int shadow_items_run(struct shadow_suite *s)
{
	struct shadow_item_list *l = s->items;
	int rc;

	for (unsigned i = 0; i < l->n; i++)
		memset(&l->it[i].note, 0, sizeof(l->it[i].note));
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

struct outcome shadow_item_observed(const struct shadow_item *it, const char **where)
{
	*where = NULL;
	if (it->note.reason)
		return outcome_make(OUTCOME_VMEXIT, it->note.reason, 0);
	switch (vmx_result_from_rflags(it->rflags)) {
	case VMX_OK: return OUTCOME_OK_V;
	case VMX_FAIL_INVALID: return OUTCOME_INVALID_V;
	case VMX_FAIL_VALID:
		if (it->note.err_read && it->note.err_shadow != SHADOW_ERR_SENTINEL) {
			*where = "shadow VMCS";
			return OUTCOME_VALID_V(it->note.err_shadow);
		}
		if (it->note.err_read && it->note.err_cur != SHADOW_ERR_SENTINEL) {
			*where = "current (ordinary) VMCS";
			return OUTCOME_VALID_V(it->note.err_cur);
		}
		*where = "neither VMCS's VM-instruction error field changed";
		return OUTCOME_VALID_V(0);
	default:
		return outcome_make(OUTCOME_BAD_FLAGS, (uint32_t)it->rflags, 0);
	}
}

uint64_t shadow_item_displacement(const struct shadow_item *it)
{
	return it->op == SI_READ_MEM || it->op == SI_WRITE_MEM ? 0x48 : 0;
}

/**
 * Exit details of a VMREAD/VMWRITE exit (§27.2.4 length and RIP, §27.2.5
 * information, and with @p qual the §27.2.1 qualification). NULL when right.
 * The qualification is a rule of its own (the qual.* and mem.*.exit cases):
 * a case about something else leaves it out, so that Bochs's stale
 * displacement (BENCHMARKS.md) cannot change that case's verdict.
 */
const char *shadow_item_check_exit(const struct shadow_item *it, bool check_qual, char *buf, size_t n)
{
	struct shadow_insn_info d;
	const char *insn, *end;
	uint64_t qual = shadow_item_displacement(it);
	bool mem = it->op == SI_READ_MEM || it->op == SI_WRITE_MEM;

	switch (it->op) {
	case SI_READ: insn = shadow_g_read_insn; end = shadow_g_read_end; break;
	case SI_WRITE: insn = shadow_g_write_insn; end = shadow_g_write_end; break;
	case SI_READ_MEM: insn = shadow_g_read_mem_insn; end = shadow_g_read_mem_end; break;
	default: insn = shadow_g_write_mem_insn; end = shadow_g_write_mem_end; break;
	}
	shadow_insn_info_decode(it->note.info, &d);
	if (it->note.rip != (uint64_t)(uintptr_t)insn || it->note.len != (uint32_t)(end - insn)) {
		fmt_snprintf(buf, n, "exit RIP/length 0x%llx/%u, instruction at 0x%llx is %u bytes",
			     (unsigned long long)it->note.rip, it->note.len,
			     (unsigned long long)(uintptr_t)insn, (unsigned)(end - insn));
		return buf;
	}
	if (check_qual && it->note.qual != qual) {
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
