/** @file
 * CPUID leaf enumeration and signature decode (see cpuid_walk.h).
 * Sub-leaf rules follow SDM Vol. 2A, CPUID, Table 3-8.
 */
#include "platform/cpuid_walk.h"

static void get(struct cpuid_walk *w, uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	r[0] = r[1] = r[2] = r[3] = 0;
	w->query(leaf, sub, r, w->ctx);
	w->emit(leaf, sub, r, w->ctx);
	w->count++;
}

static void warn(struct cpuid_walk *w, const char *msg)
{
	if (w->warn)
		w->warn(msg, w->ctx);
}

/* Sub-leaves 0..n where n is sub-leaf 0's EAX (leaves 7, 0x14, 0x17, 0x18, 0x1D, 0x20). */
static void subs_by_eax(struct cpuid_walk *w, uint32_t leaf)
{
	uint32_t r[4];

	get(w, leaf, 0, r);
	uint32_t n = r[0];
	if (n >= CPUID_SUB_CAP) {
		warn(w, "CPUID sub-leaf count capped (sub-leaf 0 EAX too large)");
		n = CPUID_SUB_CAP - 1;
	}
	for (uint32_t s = 1; s <= n; s++)
		get(w, leaf, s, r);
}

/*
 * Sub-leaves until the terminating one (included, it shows the end):
 * leaf 4 and 0x8000001D end at cache type EAX[4:0] = 0; leaves 0xB and 0x1F
 * at level type ECX[15:8] = 0.
 */
static void subs_until_zero(struct cpuid_walk *w, uint32_t leaf, int reg, unsigned shift,
			    uint32_t mask)
{
	uint32_t r[4];

	for (uint32_t s = 0; s < CPUID_SUB_CAP; s++) {
		get(w, leaf, s, r);
		if (((r[reg] >> shift) & mask) == 0)
			return;
	}
	warn(w, "CPUID sub-leaf enumeration capped (no terminating sub-leaf)");
}

/* Sub-leaf 0, then sub-leaf k for every bit k (1..31) set in sub-leaf 0's @p reg. */
static void subs_by_mask(struct cpuid_walk *w, uint32_t leaf, int reg)
{
	uint32_t r[4];

	get(w, leaf, 0, r);
	uint32_t mask = r[reg];
	for (uint32_t s = 1; s < 32; s++)
		if (mask & (1u << s))
			get(w, leaf, s, r);
}

/*
 * Leaf 0xD: sub-leaves 0 and 1, then i = 2..63 for each state component
 * supported in XCR0 (sub 0 EDX:EAX) or IA32_XSS (sub 1 EDX:ECX).
 */
static void leaf_xsave(struct cpuid_walk *w)
{
	uint32_t r[4];

	get(w, 0xd, 0, r);
	uint64_t mask = ((uint64_t)r[3] << 32) | r[0];
	get(w, 0xd, 1, r);
	mask |= ((uint64_t)r[3] << 32) | r[2];
	for (uint32_t s = 2; s < 64; s++)
		if (mask & (1ull << s))
			get(w, 0xd, s, r);
}

static void basic_leaf(struct cpuid_walk *w, uint32_t leaf, bool sgx)
{
	uint32_t r[4];

	switch (leaf) {
	case 0x4:
		subs_until_zero(w, leaf, 0, 0, 0x1f);
		break;
	case 0x7: case 0x14: case 0x17: case 0x18: case 0x1d: case 0x20: case 0x24:
		subs_by_eax(w, leaf);
		break;
	case 0xb: case 0x1f:
		subs_until_zero(w, leaf, 2, 8, 0xff);
		break;
	case 0xd:
		leaf_xsave(w);
		break;
	case 0xf: /* RDT monitoring: resource ids in sub 0 EDX */
		subs_by_mask(w, leaf, 3);
		break;
	case 0x10: /* RDT allocation: resource ids in sub 0 EBX */
		subs_by_mask(w, leaf, 1);
		break;
	case 0x1b: /* PCONFIG: until sub-leaf type EAX[11:0] = 0 */
		subs_until_zero(w, leaf, 0, 0, 0xfff);
		break;
	case 0x23: /* architectural PMU: valid sub-leaves as bits of sub 0 EAX */
		subs_by_mask(w, leaf, 0);
		break;
	case 0x12: /* SGX: 0, 1, then EPC sections until type EAX[3:0] = 0 */
		get(w, leaf, 0, r);
		if (!sgx)
			break;
		get(w, leaf, 1, r);
		for (uint32_t s = 2; s < CPUID_SUB_CAP; s++) {
			get(w, leaf, s, r);
			if ((r[0] & 0xf) == 0)
				break;
		}
		break;
	default:
		get(w, leaf, 0, r);
	}
}

void cpuid_walk(struct cpuid_walk *w)
{
	uint32_t r[4];

	w->count = 0;
	get(w, 0, 0, r);
	uint32_t max = r[0];
	if (max > CPUID_BASIC_CAP) {
		warn(w, "CPUID.0:EAX beyond 0x40: basic leaves capped at 0x40");
		max = CPUID_BASIC_CAP;
	}
	bool hv = false, sgx = false;
	if (max >= 1) {
		w->query(1, 0, r, w->ctx);
		hv = r[2] >> 31;
	}
	if (max >= 7) {
		w->query(7, 0, r, w->ctx);
		sgx = (r[1] >> 2) & 1;
	}
	for (uint32_t leaf = 1; leaf <= max; leaf++)
		basic_leaf(w, leaf, sgx);

	get(w, 0x80000000u, 0, r);
	max = r[0];
	if (max > CPUID_EXT_CAP) {
		warn(w, "CPUID.80000000H:EAX beyond 0x80000040: extended leaves capped");
		max = CPUID_EXT_CAP;
	}
	/* max < 0x80000000 means no extended leaves: the loop does not run. */
	for (uint32_t leaf = 0x80000001u; leaf >= 0x80000001u && leaf <= max; leaf++) {
		if (leaf == 0x8000001du) /* AMD cache topology: until cache type 0 */
			subs_until_zero(w, leaf, 0, 0, 0x1f);
		else if (leaf == 0x80000020u) /* AMD PQoS: resource ids in sub 0 EBX */
			subs_by_mask(w, leaf, 1);
		else if (leaf == 0x80000026u) /* AMD extended topology: until level type 0 */
			subs_until_zero(w, leaf, 2, 8, 0xff);
		else
			get(w, leaf, 0, r);
	}

	if (!hv)
		return;
	get(w, 0x40000000u, 0, r);
	max = r[0];
	if (max > CPUID_HV_CAP) {
		warn(w, "CPUID.40000000H:EAX beyond 0x40000020: hypervisor leaves capped");
		max = CPUID_HV_CAP;
	}
	for (uint32_t leaf = 0x40000001u; leaf >= 0x40000001u && leaf <= max; leaf++)
		get(w, leaf, 0, r);
}

struct cpuid_sig cpuid_signature(uint32_t eax1)
{
	struct cpuid_sig s;
	unsigned fam = (eax1 >> 8) & 0xf, model = (eax1 >> 4) & 0xf;

	s.stepping = eax1 & 0xf;
	/* Extended family counts only when family is 0FH; extended model when 06H or 0FH. */
	s.family = fam == 0xf ? fam + ((eax1 >> 20) & 0xff) : fam;
	s.model = (fam == 0x6 || fam == 0xf) ? (((eax1 >> 16) & 0xf) << 4) + model : model;
	return s;
}

static void put32(char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (char)(v >> (8 * i));
}

void cpuid_vendor(const uint32_t r0[4], char out[13])
{
	put32(out, r0[1]);
	put32(out + 4, r0[3]);
	put32(out + 8, r0[2]);
	out[12] = 0;
}
