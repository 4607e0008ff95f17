/** @file
 * Entry-suite cases: shadow-VMCS rules (SDM Vol. 3 §24.10 VMCS types,
 * §26.3.1.5 VMCS link pointer with "VMCS shadowing" = 1, §26.1 step 4: VM
 * entry with a shadow VMCS current sets CF, VMfailInvalid).
 */
#include "suites/entry.h"
#include "vmx/shadow.h"
#include "vmx/vmcs.h"

#define LINK_FAIL EXPECT_EXIT(EXIT_REASON_INVALID_GUEST_STATE, ENTRY_FAIL_QUAL_LINK_PTR)

enum link_kind { L_ORDINARY, L_BAD_REV, L_UNALIGNED, L_WIDE, L_ONES, L_SHADOW };

/* Shadowing on with valid bitmaps, link pointer to scratch page 3 as the row says. */
static void mut_shadow_link(struct entry_ctx *c)
{
	uint32_t *p = (uint32_t *)(uintptr_t)ec_page(c, 3);
	uint64_t link = ec_page(c, 3);

	if (!ec_enable(c, VMX_KIND_PROC2, SECONDARY_EXEC_SHADOW_VMCS))
		return;
	ec_write(c, VMREAD_BITMAP, ec_page(c, 1));
	ec_write(c, VMWRITE_BITMAP, ec_page(c, 2));
	*p = c->caps->revision | SHADOW_VMCS_INDICATOR;
	switch ((enum link_kind)c->k->p.which) {
	case L_ORDINARY: *p = c->caps->revision; break;
	case L_BAD_REV: *p = ((c->caps->revision + 1) & ~SHADOW_VMCS_INDICATOR) | SHADOW_VMCS_INDICATOR; break;
	case L_UNALIGNED: link |= 0x800; break;
	case L_WIDE: link = 1ull << ec_maxphyaddr(); break;
	case L_ONES: link = ~0ull; break;
	case L_SHADOW:
		/* A properly initialised shadow VMCS: VMCLEAR it (§24.11.3). */
		vmcs_clear(link, NULL);
		break;
	}
	ec_write(c, VMCS_LINK_POINTER, link);
}

/*
 * Make a shadow VMCS current, then VMLAUNCH or VMRESUME (@p resume).
 * §26.1 checks, in order: no current VMCS (CF), current VMCS is a shadow
 * VMCS (CF), and only then MOV-SS blocking and the launch state (ZF, errors
 * 26/4/5): so neither the clear launch state (VMRESUME) nor the empty fields
 * (VMLAUNCH) may show.
 */
static void launch_shadow(struct entry_ctx *c, bool resume)
{
	uint64_t pa = ec_page(c, 3);
	struct vmx_outcome o;

	*(uint32_t *)(uintptr_t)pa = c->caps->revision | SHADOW_VMCS_INDICATOR;
	if (vmcs_clear(pa, &o) || vmcs_load(pa, &o)) {
		ec_skip(c, "the shadow VMCS could not be made current");
		return;
	}
	vmx_run(&c->regs, resume, &c->observed, NULL);
	vmcs_clear(pa, NULL);
}

static void act_vmlaunch_shadow(struct entry_ctx *c) { launch_shadow(c, false); }
static void act_vmresume_shadow(struct entry_ctx *c) { launch_shadow(c, true); }

static const struct entry_case cases[] = {
	{ "shadow.link.ordinary", "26.3.1.5", "VMCS shadowing = 1, link pointer to an ordinary VMCS: exit 33, qualification 4",
	  VMX_FEAT_SHADOWING, mut_shadow_link, NULL, LINK_FAIL, NULL, .p.which = L_ORDINARY },
	{ "shadow.link.bad_revision", "26.3.1.5", "VMCS shadowing = 1, link pointer to a shadow VMCS with a wrong revision id",
	  VMX_FEAT_SHADOWING, mut_shadow_link, NULL, LINK_FAIL, NULL, .p.which = L_BAD_REV },
	{ "shadow.link.unaligned", "26.3.1.5", "VMCS shadowing = 1, link pointer bits 11:0 not 0",
	  VMX_FEAT_SHADOWING, mut_shadow_link, NULL, LINK_FAIL, NULL, .p.which = L_UNALIGNED },
	{ "shadow.link.too_wide", "26.3.1.5", "VMCS shadowing = 1, link pointer beyond the physical-address width",
	  VMX_FEAT_SHADOWING, mut_shadow_link, NULL, LINK_FAIL, NULL, .p.which = L_WIDE },
	{ "shadow.link.ones", "26.3.1.5", "VMCS shadowing = 1, link pointer ~0 (no checks): enters",
	  VMX_FEAT_SHADOWING, mut_shadow_link, NULL, EXPECT_OK, NULL, .p.which = L_ONES },
	{ "shadow.link.valid", "26.3.1.5", "VMCS shadowing = 1, link pointer to a cleared shadow VMCS: enters",
	  VMX_FEAT_SHADOWING, mut_shadow_link, NULL, EXPECT_OK, NULL, .p.which = L_SHADOW },
	{ "shadow.vmlaunch.current_shadow", "26.1", "VMLAUNCH with a shadow VMCS current: VMfailInvalid",
	  VMX_FEAT_SHADOWING, NULL, act_vmlaunch_shadow, EXPECT_VMFAIL_INVALID, NULL, { 0 } },
	{ "shadow.vmresume.current_shadow", "26.1", "VMRESUME with a shadow VMCS current: VMfailInvalid",
	  VMX_FEAT_SHADOWING, NULL, act_vmresume_shadow, EXPECT_VMFAIL_INVALID, NULL, { 0 } },
};

ENTRY_GROUP(entry_group_shadow, "shadow", cases, 60);
