/** @file
 * Generation references (genref.h).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "lib/cpuident.h"
#include "lib/genref.h"
#include "lib/vmxfeat.h"
#include "lib/uarch.h"
#include "vmx/caps.h"

static const struct genref refs[] = {
#include "realcpus.h"
};
#define NREFS (sizeof(refs) / sizeof(refs[0]))

size_t genref_count(void)
{
	return NREFS;
}

const struct genref *genref_at(size_t i)
{
	return i < NREFS ? &refs[i] : NULL;
}

/* Display family/model/stepping of CPUID.1:EAX (SDM Vol. 2A, CPUID). */
static int order_of_eax(uint32_t eax)
{
	unsigned fam = (eax >> 8) & 0xf, model = (eax >> 4) & 0xf;

	if (fam == 6 || fam == 0xf)
		model |= (eax >> 12) & 0xf0;
	if (fam == 0xf)
		fam += (eax >> 20) & 0xff;
	return uarch_core_order(uarch_lookup("GenuineIntel", fam, model, eax & 0xf));
}

const struct genref *genref_for(const char *vendor, unsigned family, unsigned model,
				unsigned stepping)
{
	int want = uarch_core_order(uarch_lookup(vendor, family, model, stepping)), best = -1;
	const struct genref *pick = NULL;

	if (want < 0)
		return NULL;
	for (size_t i = 0; i < NREFS; i++) {
		int o = order_of_eax(refs[i].eax1);

		if (o >= 0 && o <= want && o > best) {
			best = o;
			pick = &refs[i];
		}
	}
	return pick;
}

static json_t *ctl(const struct vmx_ctl *c)
{
	char a0[24], a1[24];

	snprintf(a0, sizeof(a0), "0x%" PRIx32, c->allowed0);
	snprintf(a1, sizeof(a1), "0x%" PRIx32, c->allowed1);
	return c->avail ? json_pack("{s:s, s:s}", "allowed0", a0, "allowed1", a1) : json_null();
}

json_t *genref_caps(const struct genref *g)
{
	struct vmx_msrs m;
	struct vmx_caps c;
	char ev[24], vf[24];
	json_t *o;

	memcpy(m.val, g->val, sizeof(m.val));
	memcpy(m.present, g->present, sizeof(m.present));
	if (vmx_caps_decode(&m, &c))
		return json_pack("{s:b}", "vmx", false);
	snprintf(ev, sizeof(ev), "0x%" PRIx64, c.ept_vpid_avail ? c.ept_vpid : 0);
	snprintf(vf, sizeof(vf), "0x%" PRIx64, c.vmfunc_avail ? c.vmfunc : 0);
	/* the members of a vmx_caps record that vmxfeat reads for controls and capability bits */
	o = json_pack("{s:b, s:o, s:o, s:o, s:o, s:o, s:s, s:s}", "vmx", true,
		      "pinbased", ctl(&c.pinbased), "procbased", ctl(&c.procbased),
		      "procbased2", ctl(&c.procbased2), "exit", ctl(&c.exit), "entry", ctl(&c.entry),
		      "ept_vpid", ev, "vmfunc", vf);
	return o;
}

/*
 * Controls that serve a CPU feature, and the CPUID bit that enumerates it
 * (SDM Vol. 2A CPUID; the controls' definitions in Vol. 3 §24.6.2, §24.7.1,
 * §24.8.1): without the feature the control is not expected.
 */
static const struct {
	const char *control;
	uint32_t leaf, sub;
	uint8_t reg, bit; /* reg: 0 EAX, 1 EBX, 2 ECX, 3 EDX */
} needs[] = {
	{ "SECONDARY_EXEC_RDRAND_EXITING", 1, 0, 2, 30 },
	{ "SECONDARY_EXEC_ENABLE_INVPCID", 7, 0, 1, 10 },
	{ "SECONDARY_EXEC_ENCLS_EXITING", 7, 0, 1, 2 },       /* SGX */
	{ "SECONDARY_EXEC_ENCLV_EXITING", 7, 0, 1, 2 },
	{ "SECONDARY_EXEC_RDSEED_EXITING", 7, 0, 1, 18 },
	{ "SECONDARY_EXEC_CONCEAL_VMX_FROM_PT", 7, 0, 1, 25 }, /* Intel PT */
	{ "SECONDARY_EXEC_PT_USE_GPA", 7, 0, 1, 25 },
	{ "VM_EXIT_CONCEAL_VMX_FROM_PT", 7, 0, 1, 25 },
	{ "VM_ENTRY_CONCEAL_VMX_FROM_PT", 7, 0, 1, 25 },
	{ "VM_EXIT_CLEAR_IA32_BNDCFGS", 7, 0, 1, 14 },         /* MPX */
	{ "VM_ENTRY_LOAD_IA32_BNDCFGS", 7, 0, 1, 14 },
	{ "SECONDARY_EXEC_ENABLE_XSAVES", 0xd, 1, 0, 3 },
	{ "SECONDARY_EXEC_ENABLE_USR_WAIT_PAUSE", 7, 0, 2, 5 }, /* WAITPKG */
	{ "VM_EXIT_LOAD_CET_STATE", 7, 0, 2, 7 },              /* CET shadow stacks */
	{ "VM_ENTRY_LOAD_CET_STATE", 7, 0, 2, 7 },
	{ "VM_EXIT_LOAD_IA32_PKRS", 7, 0, 2, 31 },             /* PKS */
	{ "VM_ENTRY_LOAD_IA32_PKRS", 7, 0, 2, 31 },
};

bool genref_unusual(json_t *ref_caps, size_t i, const char *v, const struct cpuid_dump *d)
{
	struct vmxfeat f = vmxfeat_at(i);
	char rv[64];

	if (!ref_caps || strcmp(v, "no"))
		return false;
	vmxfeat_value(ref_caps, i, rv, sizeof(rv));
	if (strcmp(rv, "yes") && strcmp(rv, "always"))
		return false;
	for (size_t k = 0; d && k < sizeof(needs) / sizeof(needs[0]); k++) {
		const struct cpuid_leaf *l;

		if (strcmp(needs[k].control, f.name))
			continue;
		l = cpuid_dump_get(d, needs[k].leaf, needs[k].sub);
		if (!l || !((l->r[needs[k].reg] >> needs[k].bit) & 1))
			return false; /* the CPU lacks the feature the control serves */
	}
	return true;
}
