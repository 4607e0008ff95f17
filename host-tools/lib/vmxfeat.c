/** @file
 * Named VMX features (vmxfeat.h).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/vmxfeat.h"
#include "vmx/controls.h"

/* The vmx_caps member holding each control kind (allowed0/allowed1). */
static const char *ctl_member(enum vmx_ctl_kind k)
{
	switch (k) {
	case VMX_KIND_PIN: return "pinbased";
	case VMX_KIND_PROC: return "procbased";
	case VMX_KIND_PROC2: return "procbased2";
	case VMX_KIND_EXIT: return "exit";
	case VMX_KIND_ENTRY: return "entry";
	default: return NULL; /* tertiary and VMFUNC: not in the vmx_caps record as controls */
	}
}

/* IA32_VMX_EPT_VPID_CAP bits (SDM Vol. 3 Appendix A.10) and IA32_VMX_VMFUNC (A.11). */
static const struct {
	const char *member, *name;
	uint8_t bit;
} capbits[] = {
	{ "ept_vpid", "EPT execute-only translations", 0 },
	{ "ept_vpid", "EPT page-walk length 4", 6 },
	{ "ept_vpid", "EPT page-walk length 5", 7 },
	{ "ept_vpid", "EPT paging structures UC", 8 },
	{ "ept_vpid", "EPT paging structures WB", 14 },
	{ "ept_vpid", "EPT 2-MByte pages", 16 },
	{ "ept_vpid", "EPT 1-GByte pages", 17 },
	{ "ept_vpid", "INVEPT", 20 },
	{ "ept_vpid", "EPT accessed and dirty flags", 21 },
	{ "ept_vpid", "EPT violation advanced exit information", 22 },
	{ "ept_vpid", "EPT supervisor shadow-stack control", 23 },
	{ "ept_vpid", "INVEPT single-context", 25 },
	{ "ept_vpid", "INVEPT all-context", 26 },
	{ "ept_vpid", "INVVPID", 32 },
	{ "ept_vpid", "INVVPID individual-address", 40 },
	{ "ept_vpid", "INVVPID single-context", 41 },
	{ "ept_vpid", "INVVPID all-context", 42 },
	{ "ept_vpid", "INVVPID single-context-retaining-globals", 43 },
	{ "vmfunc", "VMFUNC EPTP switching", 0 },
};
#define NCAPBITS (sizeof(capbits) / sizeof(capbits[0]))

/* vmx_caps members decoded from IA32_VMX_BASIC (A.1) and IA32_VMX_MISC (A.6), and CR fixed bits (A.7, A.8). */
static const struct {
	const char *group, *member;
} fields[] = {
	{ "basic", "revision" },       { "basic", "vmcs_size" },       { "basic", "memtype" },
	{ "basic", "true_ctls" },      { "basic", "io_exit_info" },    { "basic", "entry_no_errcode" },
	{ "basic", "phys_addr_32" },   { "basic", "dual_monitor" },    { "misc", "preempt_rate" },
	{ "misc", "store_lma" },       { "misc", "activity_states" },  { "misc", "pt_in_vmx" },
	{ "misc", "smbase_rdmsr" },    { "misc", "cr3_targets" },      { "misc", "max_msr_list" },
	{ "misc", "smm_monitor_ctl" }, { "misc", "misc_vmwrite_ro" },  { "misc", "zero_len_inject" },
	{ "misc", "mseg_revision" },   { "misc", "shadowing" },        { "vmcs_enum", "vmcs_enum_max" },
	{ "cr_fixed", "cr0_fixed0" },  { "cr_fixed", "cr0_fixed1" },   { "cr_fixed", "cr4_fixed0" },
	{ "cr_fixed", "cr4_fixed1" },
};
#define NFIELDS (sizeof(fields) / sizeof(fields[0]))

/* The controls first (those the vmx_caps record has), in controls.def order. */
static size_t nctl(void)
{
	size_t n = 0;

	for (size_t i = 0; i < controls_bit_count; i++)
		n += ctl_member(controls_bits[i].kind) != NULL;
	return n;
}

static const struct controls_bit_info *ctl_at(size_t i)
{
	for (size_t k = 0; k < controls_bit_count; k++)
		if (ctl_member(controls_bits[k].kind) && i-- == 0)
			return &controls_bits[k];
	return NULL;
}

size_t vmxfeat_count(void)
{
	return nctl() + NCAPBITS + NFIELDS;
}

struct vmxfeat vmxfeat_at(size_t i)
{
	size_t c = nctl();

	if (i < c) {
		const struct controls_bit_info *b = ctl_at(i);

		return (struct vmxfeat){ ctl_member(b->kind), b->name };
	}
	i -= c;
	if (i < NCAPBITS)
		return (struct vmxfeat){ capbits[i].member, capbits[i].name };
	i -= NCAPBITS;
	if (i < NFIELDS)
		return (struct vmxfeat){ fields[i].group, fields[i].member };
	return (struct vmxfeat){ "", "" };
}

size_t vmxfeat_find(const char *group, const char *name)
{
	for (size_t i = 0; i < vmxfeat_count(); i++) {
		struct vmxfeat f = vmxfeat_at(i);

		if (!strcmp(f.group, group) && !strcmp(f.name, name))
			return i;
	}
	return (size_t)-1;
}

/* A hex string member ("0x7f") or NULL-safe failure. */
static int hex_member(json_t *o, const char *k, uint64_t *v)
{
	const char *s = json_string_value(json_object_get(o, k));
	char *end;

	if (!s || strncmp(s, "0x", 2))
		return -1;
	*v = strtoull(s + 2, &end, 16);
	return *end || end == s + 2 ? -1 : 0;
}

const char *vmxfeat_value(json_t *caps, size_t i, char *out, size_t outsz)
{
	size_t c = nctl();
	uint64_t a0, a1, v;
	json_t *m;

	snprintf(out, outsz, "n/a");
	if (!json_is_object(caps))
		return out;
	if (i < c) {
		const struct controls_bit_info *b = ctl_at(i);
		json_t *o = json_object_get(caps, ctl_member(b->kind));

		if (hex_member(o, "allowed0", &a0) || hex_member(o, "allowed1", &a1))
			return out;
		snprintf(out, outsz, "%s", (a0 >> b->bit) & 1 ? "always"
			 : (a1 >> b->bit) & 1 ? "yes" : "no");
		return out;
	}
	i -= c;
	if (i < NCAPBITS) {
		if (!hex_member(caps, capbits[i].member, &v))
			snprintf(out, outsz, "%s", (v >> capbits[i].bit) & 1 ? "yes" : "no");
		return out;
	}
	i -= NCAPBITS;
	if (i >= NFIELDS)
		return out;
	m = json_object_get(caps, fields[i].member);
	if (json_is_boolean(m))
		snprintf(out, outsz, "%s", json_is_true(m) ? "yes" : "no");
	else if (json_is_integer(m))
		snprintf(out, outsz, "%" JSON_INTEGER_FORMAT, json_integer_value(m));
	else if (json_is_string(m) && !hex_member(caps, fields[i].member, &v))
		snprintf(out, outsz, "0x%" PRIx64, v);
	return out;
}
