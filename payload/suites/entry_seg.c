/** @file
 * Entry-suite cases: the privilege rules between guest segments and the
 * virtual-8086 segment rules (SDM Vol. 3 §26.3.1.2). Each row changes
 * selectors or access rights so that exactly one rule breaks: a conforming
 * CS lets SS.DPL move without breaking "CS.DPL = SS.DPL"; the virtual-8086
 * rows start from a valid virtual-8086 guest (guest.v8086.valid enters).
 * A failed check gives exit 33, qualification 0.
 */
#include "suites/entry.h"
#include "platform/cpu.h"
#include "vmx/intr_info.h"

#define GFAIL EXPECT_GUEST_FAIL
#define AR_UNUSABLE 0x10000u
/* Access rights: 64-bit code (L, P, S, type 11 non-conforming / 15 conforming) with a DPL. */
#define AR_CODE64_NC(dpl) (0xa09bu | (dpl) << 5)
#define AR_CODE64_CONF(dpl) (0xa09fu | (dpl) << 5)
#define AR_DATA(dpl) (0xc093u | (dpl) << 5)

enum seg_kind {
	SEG_CONF_VALID,       /* conforming CS, DPL 0 = SS.DPL: enters */
	SEG_CONF_DPL_GT_SS,   /* conforming CS with DPL 3 > SS.DPL 0 */
	SEG_SS_DPL_NE_RPL,    /* SS.DPL 3, SS.RPL 0 (CS conforming DPL 0, so CS.DPL <= SS.DPL holds) */
	SEG_DS_DPL_LT_RPL,    /* DS selector RPL 3 above its DPL 0 */
};

static void mut_seg(struct entry_ctx *c)
{
	switch ((enum seg_kind)c->k->p.which) {
	case SEG_CONF_VALID:
		ec_write(c, GUEST_CS_ACCESS_RIGHTS, AR_CODE64_CONF(0));
		break;
	case SEG_CONF_DPL_GT_SS:
		ec_write(c, GUEST_CS_ACCESS_RIGHTS, AR_CODE64_CONF(3));
		break;
	case SEG_SS_DPL_NE_RPL:
		if (ec_read(c, GUEST_SS_ACCESS_RIGHTS) & AR_UNUSABLE) {
			ec_skip(c, "the baseline SS is unusable: its DPL is not checked");
			return;
		}
		ec_write(c, GUEST_CS_ACCESS_RIGHTS, AR_CODE64_CONF(0));
		ec_write(c, GUEST_SS_ACCESS_RIGHTS, AR_DATA(3));
		break;
	case SEG_DS_DPL_LT_RPL:
		if (ec_read(c, GUEST_DS_ACCESS_RIGHTS) & AR_UNUSABLE) {
			ec_skip(c, "the baseline DS is unusable: its DPL is not checked");
			return;
		}
		ec_set(c, GUEST_DS_SELECTOR, 3);
		break;
	}
}

/*
 * A valid virtual-8086 guest (RFLAGS.VM = 1 outside IA-32e mode, the six
 * segments as §26.3.1.2 wants them) on an empty page directory (scratch page
 * 0), so a guest that enters takes a #PF on its first fetch and exits with
 * reason 0, vector 14, qualification = the linear address 0x1000 (RIP): the
 * twin's outcome does not depend on the payload's page tables.
 * Then the row's one change to DS.
 */
enum v86_kind { V86_VALID, V86_BASE, V86_LIMIT, V86_AR };

static void mut_v8086(struct entry_ctx *c)
{
	if (!ec_guest_legacy32(c))
		return;
	ec_guest_v8086_segments(c);
	ec_write(c, GUEST_RFLAGS, RFLAGS_VM | RFLAGS_FIXED);
	ec_write(c, GUEST_CR3, ec_page(c, 0));
	ec_write(c, GUEST_RIP, 0x1000); /* inside CS's 64 KiB limit: the fetch reaches paging */
	switch ((enum v86_kind)c->k->p.which) {
	case V86_VALID: break;
	case V86_BASE: ec_write(c, GUEST_DS_BASE, 0x10); break;   /* selector 0: base must be 0 */
	case V86_LIMIT: ec_write(c, GUEST_DS_LIMIT, 0xfffe); break;
	case V86_AR: ec_write(c, GUEST_DS_ACCESS_RIGHTS, 0xf1); break; /* read-only data, accessed */
	}
}

/*
 * A 32-bit guest under unrestricted guest, EPT on empty tables (ec_eptp):
 * one that enters exits on its first access with an EPT violation (48).
 * UG_REAL also clears CR0.PE and PG (real mode: SS.DPL 0 holds already).
 */
enum ug_kind {
	UG_CS_DATA_VALID,  /* CS type 3, DPL 0, SS.DPL 0: enters */
	UG_CS_DATA_DPL3,   /* CS type 3 with DPL 3 */
	UG_SS_DPL3,        /* CS type 3 (DPL 0) with SS.DPL 3 */
	UG_REAL_GP_ERR,    /* real mode, #GP injected with an error code */
	UG_REAL_GP_NOERR,  /* twin: real mode, #GP injected without one: enters, delivery faults */
	UG_REAL_VM,        /* CR0.PE 0 with RFLAGS.VM 1 (the six segments as virtual-8086 mode wants them) */
};

static void mut_ug(struct entry_ctx *c)
{
	uint32_t inject = INTR_INFO_VALID | INTR_TYPE_HARD_EXCEPTION | 13;

	if (!ec_guest_legacy32(c) ||
	    !ec_enable(c, VMX_KIND_PROC2, SECONDARY_EXEC_ENABLE_EPT | SECONDARY_EXEC_UNRESTRICTED_GUEST))
		return;
	ec_write(c, EPT_POINTER, ec_eptp(c));
	switch ((enum ug_kind)c->k->p.which) {
	case UG_CS_DATA_VALID: ec_write(c, GUEST_CS_ACCESS_RIGHTS, 0xc093); break;
	case UG_CS_DATA_DPL3: ec_write(c, GUEST_CS_ACCESS_RIGHTS, 0xc0f3); break;
	case UG_SS_DPL3:
		ec_write(c, GUEST_CS_ACCESS_RIGHTS, 0xc093);
		ec_write(c, GUEST_SS_ACCESS_RIGHTS, AR_DATA(3));
		break;
	case UG_REAL_VM:
		/* VM = 1 makes the virtual-8086 segment rules apply instead of the
		 * type/DPL ones: keep them, so only "VM = 0 when CR0.PE = 0" breaks */
		ec_clear(c, GUEST_CR0, CR0_PE | CR0_PG);
		ec_guest_v8086_segments(c);
		ec_write(c, GUEST_RFLAGS, RFLAGS_VM | RFLAGS_FIXED);
		break;
	case UG_REAL_GP_ERR:
	case UG_REAL_GP_NOERR:
		ec_clear(c, GUEST_CR0, CR0_PE | CR0_PG);
		if (c->k->p.which == UG_REAL_GP_ERR)
			inject |= INTR_INFO_DELIVER_CODE;
		ec_write(c, VM_ENTRY_INTR_INFO_FIELD, inject);
		ec_write(c, VM_ENTRY_EXCEPTION_ERROR_CODE, 0);
		ec_write(c, VM_ENTRY_INSTRUCTION_LEN, 0);
		break;
	}
}

static const struct entry_case cases[] = {
	{ "guest.cs.conforming_valid", "26.3.1.2", "conforming CS (type 15) with DPL 0 = SS.DPL enters",
	  VMX_FEAT_ALWAYS, mut_seg, NULL, EXPECT_OK, NULL, .p.which = SEG_CONF_VALID },
	{ "guest.cs.conforming_dpl_gt_ss", "26.3.1.2", "conforming CS with DPL 3 above SS.DPL 0",
	  VMX_FEAT_ALWAYS, mut_seg, NULL, GFAIL, NULL, .p.which = SEG_CONF_DPL_GT_SS },
	{ "guest.ss.dpl_ne_rpl", "26.3.1.2", "SS.DPL 3 with SS.RPL 0 (conforming CS DPL 0, no unrestricted guest)",
	  VMX_FEAT_ALWAYS, mut_seg, NULL, GFAIL, NULL, .p.which = SEG_SS_DPL_NE_RPL },
	{ "guest.ds.dpl_lt_rpl", "26.3.1.2", "usable data DS with RPL 3 above its DPL 0 (no unrestricted guest)",
	  VMX_FEAT_ALWAYS, mut_seg, NULL, GFAIL, NULL, .p.which = SEG_DS_DPL_LT_RPL },
	{ "guest.v8086.valid", "26.3.1.2", "virtual-8086 guest with valid segments enters; its first fetch (0:1000H) faults: #PF exit, qualification 0x1000",
	  VMX_FEAT_ALWAYS, mut_v8086, NULL, EXPECT_EXC_EXIT_Q(VEC_PF, 0x1000), NULL, .p.which = V86_VALID },
	{ "guest.v8086.base", "26.3.1.2", "virtual-8086 guest: DS base 0x10 with selector 0",
	  VMX_FEAT_ALWAYS, mut_v8086, NULL, GFAIL, NULL, .p.which = V86_BASE },
	{ "guest.v8086.limit", "26.3.1.2", "virtual-8086 guest: DS limit 0xFFFE",
	  VMX_FEAT_ALWAYS, mut_v8086, NULL, GFAIL, NULL, .p.which = V86_LIMIT },
	{ "guest.v8086.ar", "26.3.1.2", "virtual-8086 guest: DS access rights 0xF1",
	  VMX_FEAT_ALWAYS, mut_v8086, NULL, GFAIL, NULL, .p.which = V86_AR },
	{ "guest.ug.cs_data_valid", "26.3.1.2", "unrestricted guest: CS type 3 with DPL 0 enters (EPT violation exit)",
	  VMX_FEAT_EPT, mut_ug, NULL, EXPECT_VMEXIT(48), NULL, .p.which = UG_CS_DATA_VALID },
	{ "guest.ug.cs_data_dpl3", "26.3.1.2", "unrestricted guest: CS type 3 with DPL 3",
	  VMX_FEAT_EPT, mut_ug, NULL, GFAIL, NULL, .p.which = UG_CS_DATA_DPL3 },
	{ "guest.ug.ss_dpl3_cs_data", "26.3.1.2", "unrestricted guest: SS.DPL 3 with CS type 3",
	  VMX_FEAT_EPT, mut_ug, NULL, GFAIL, NULL, .p.which = UG_SS_DPL3 },
	{ "guest.ug.rflags_vm_real", "26.3.1.4", "unrestricted guest with CR0.PE 0 and RFLAGS.VM 1 (virtual-8086 segments kept)",
	  VMX_FEAT_EPT, mut_ug, NULL, GFAIL, NULL, .p.which = UG_REAL_VM },
	{ "ctl.inject.real_mode_errcode", "26.2.1.3", "unrestricted guest with CR0.PE 0: #GP injected with 'deliver error code' (whatever BASIC[56])",
	  VMX_FEAT_EPT, mut_ug, NULL, EXPECT_CTL_FAIL, NULL, .p.which = UG_REAL_GP_ERR },
	{ "ctl.inject.real_mode_noerr", "26.2.1.3", "unrestricted guest with CR0.PE 0: #GP injected without an error code enters (delivery faults: exit 0)",
	  VMX_FEAT_EPT, mut_ug, NULL, EXPECT_VMEXIT(0), NULL, .p.which = UG_REAL_GP_NOERR },
};

ENTRY_GROUP(entry_group_guest_seg, "guest-seg", cases, 41);
