/** @file
 * Topology decode from CPUID (see topology.h). Leaf layouts: SDM Vol. 2A,
 * CPUID leaves 01H, 04H, 0BH and 1FH; the method: SDM Vol. 3A §9.9.
 */
#include <string.h>

#include "platform/topology.h"

#define HTT (1u << 28) /* CPUID.1:EDX: leaf 1 EBX[23:16] is valid */

static void q(topo_cpuid_fn cpuid, void *ctx, uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	r[0] = r[1] = r[2] = r[3] = 0;
	cpuid(leaf, sub, r, ctx);
}

/* Bits needed to number @p n things (Intel's find_maskwidth). */
static unsigned width(uint32_t n)
{
	unsigned w = 0;

	while (w < 32 && (1ull << w) < n)
		w++;
	return w;
}

/*
 * Leaf 0BH or 1FH: sub-leaf i describes level i, innermost first; EAX[4:0]
 * is the shift that gives the id of the next level up, ECX[15:8] the level
 * type, 0 ending the list. The shift that names a level's own instance is
 * therefore the previous level's EAX[4:0] (0 for the first).
 */
static int decode_ext(topo_cpuid_fn cpuid, void *ctx, uint32_t leaf, struct topo_levels *lv,
		      const char **why)
{
	uint32_t r[4];
	unsigned prev = 0, sub;
	int last = -1;

	q(cpuid, ctx, leaf, 0, r);
	/* "supported if CPUID.(EAX=leaf, ECX=0):EBX != 0" (SDM Vol. 2A) */
	if ((r[1] & 0xffff) == 0 || ((r[2] >> 8) & 0xff) == 0)
		return -1; /* not enumerated: no warning, the next method is normal */
	for (sub = 0; sub < TOPO_SUB_CAP; sub++) {
		unsigned type, s;

		q(cpuid, ctx, leaf, sub, r);
		type = (r[2] >> 8) & 0xff;
		if (type == 0)
			break;
		s = r[0] & 0x1f;
		if (s < prev) {
			*why = "shifts decrease from one level to the next";
			return -1;
		}
		/* known types name a domain; unknown (future) ones only widen the id */
		if (type <= TOPO_D_DIEGRP + 1) {
			int d = (int)type - 1;

			if (d <= last) {
				*why = "level types out of order";
				return -1;
			}
			lv->shift[d] = (uint8_t)prev;
			lv->present |= 1u << d;
			last = d;
		}
		prev = s;
		lv->logical = r[1] & 0xffff;
		lv->apic_id = r[3];
	}
	if (sub == TOPO_SUB_CAP) {
		*why = "no terminating sub-leaf";
		return -1;
	}
	lv->shift[TOPO_D_PACKAGE] = (uint8_t)prev;
	return 0;
}

/*
 * Leaves 1 and 4 (before leaf 0BH): the package has room for EBX[23:16]
 * logical ids (when HTT says the field is valid) and leaf 4 EAX[31:26] + 1
 * cores; the thread bits are what is left for each core.
 */
static void decode_legacy(uint32_t max_leaf, topo_cpuid_fn cpuid, void *ctx,
			  struct topo_levels *lv)
{
	uint32_t r1[4], r4[4];
	uint32_t lps = 1, cores = 1;
	unsigned smt;

	q(cpuid, ctx, 1, 0, r1);
	lv->apic_id = r1[1] >> 24;
	/* without HTT the package holds one logical processor, whatever else is said */
	if (r1[3] & HTT)
		lps = (r1[1] >> 16) & 0xff;
	if (lps == 0)
		lps = 1;
	if (lps > 1 && max_leaf >= 4) {
		q(cpuid, ctx, 4, 0, r4);
		if (r4[0] & 0x1f)
			cores = (r4[0] >> 26) + 1;
	}
	smt = cores < lps ? width(lps / cores) : 0;
	lv->shift[TOPO_D_SMT] = 0;
	lv->shift[TOPO_D_CORE] = (uint8_t)smt;
	lv->shift[TOPO_D_PACKAGE] = (uint8_t)(smt + width(cores));
	if (width(lps) > lv->shift[TOPO_D_PACKAGE])
		lv->shift[TOPO_D_PACKAGE] = (uint8_t)width(lps);
	lv->present = 1u << TOPO_D_SMT | 1u << TOPO_D_CORE;
}

/* Leaf 4: cache id = APIC id >> width(EAX[25:14] + 1), per level (data and unified caches). */
static void decode_caches(uint32_t max_leaf, topo_cpuid_fn cpuid, void *ctx, struct topo_levels *lv)
{
	uint32_t r[4];

	if (max_leaf < 4)
		return;
	for (uint32_t sub = 0; sub < TOPO_SUB_CAP; sub++) {
		unsigned type, level;

		q(cpuid, ctx, 4, sub, r);
		type = r[0] & 0x1f;
		level = (r[0] >> 5) & 7;
		if (type == 0)
			break;
		if (type != 2 && level >= 1 && level <= 3) /* 2: instruction cache */
			lv->cache_shift[level] = (int8_t)width(((r[0] >> 14) & 0xfff) + 1);
	}
}

/*
 * Leaves 1 and 4 against the leaf decoded: a package width that differs is a
 * CPUID that contradicts itself (Bochs 2.7's leaf 0BH with cpu: count=1:2:2
 * says one core of two threads per package while leaf 1 says four ids).
 */
static void cross_check(uint32_t max_leaf, topo_cpuid_fn cpuid, void *ctx,
			const struct topo_levels *base, struct topo_levels *t)
{
	struct topo_levels l = *base;
	uint32_t r1[4];

	q(cpuid, ctx, 1, 0, r1);
	if (!(r1[3] & HTT) || ((r1[1] >> 16) & 0xff) >= 128)
		return; /* no count, or one that leaf 1's 8 bits cannot hold */
	decode_legacy(max_leaf, cpuid, ctx, &l);
	t->legacy_package_shift = l.shift[TOPO_D_PACKAGE];
	if (l.shift[TOPO_D_PACKAGE] != t->shift[TOPO_D_PACKAGE])
		t->contradiction = t->source == TOPO_SRC_LEAF_1F ?
			"leaf 1FH and leaves 1/4 give different package widths" :
			"leaf 0BH and leaves 1/4 give different package widths";
}

int topo_decode(topo_cpuid_fn cpuid, void *ctx, struct topo_levels *lv)
{
	struct topo_levels t;
	uint32_t r[4], max_leaf;
	const char *why = NULL;

	memset(lv, 0, sizeof(*lv));
	memset(lv->cache_shift, -1, sizeof(lv->cache_shift));
	q(cpuid, ctx, 0, 0, r);
	max_leaf = r[0];
	if (max_leaf < 1)
		return -1;
	decode_caches(max_leaf, cpuid, ctx, lv);
	t = *lv;
	/* 1FH first: it is the one that can say module, tile and die */
	if (max_leaf >= 0x1f && decode_ext(cpuid, ctx, 0x1f, &t, &why) == 0) {
		t.source = TOPO_SRC_LEAF_1F;
	} else {
		if (why)
			lv->warning = "leaf 1FH refused (malformed), leaf 0BH or leaves 1/4 used";
		t = *lv;
		why = NULL;
		if (max_leaf >= 0xb && decode_ext(cpuid, ctx, 0xb, &t, &why) == 0) {
			t.source = TOPO_SRC_LEAF_B;
		} else {
			if (why)
				lv->warning = "leaf 0BH refused (malformed), leaves 1/4 used";
			t = *lv;
			decode_legacy(max_leaf, cpuid, ctx, &t);
			t.source = TOPO_SRC_LEGACY;
		}
	}
	if (t.source != TOPO_SRC_LEGACY)
		cross_check(max_leaf, cpuid, ctx, lv, &t);
	/* a domain not enumerated is as wide as the next one up */
	t.present |= 1u << TOPO_D_PACKAGE;
	for (int d = TOPO_D_PACKAGE - 1; d >= 0; d--)
		if (!(t.present & (1u << d)))
			t.shift[d] = t.shift[d + 1];
	/* threads and cores always exist: one the leaf skips is as wide as the next one up */
	t.present |= 1u << TOPO_D_SMT | 1u << TOPO_D_CORE;
	*lv = t;
	return 0;
}

enum topo_relation topo_relation(const struct topo_levels *lv, uint32_t a, uint32_t b)
{
	if (a == b)
		return TOPO_SAME_CPU;
	/* domain d maps to relation d (core → smt-sibling, module → same-module, ...) */
	for (int d = TOPO_D_CORE; d <= TOPO_D_PACKAGE; d++)
		if ((lv->present & (1u << d)) && (a >> lv->shift[d]) == (b >> lv->shift[d]))
			return (enum topo_relation)d;
	return TOPO_OTHER_PACKAGE;
}

const char *topo_relation_name(enum topo_relation r)
{
	static const char *const names[TOPO_REL_COUNT] = {
		"same-cpu", "smt-sibling", "same-module", "same-tile",
		"same-die", "same-die-group", "same-package", "other-package",
	};

	return (unsigned)r < TOPO_REL_COUNT ? names[r] : "?";
}

const char *topo_domain_name(enum topo_domain d)
{
	static const char *const names[TOPO_D_COUNT] = {
		"smt", "core", "module", "tile", "die", "die-group", "package",
	};

	return (unsigned)d < TOPO_D_COUNT ? names[d] : "?";
}

void topo_split(const struct topo_levels *lv, uint32_t apic_id, uint32_t id[TOPO_D_COUNT])
{
	for (int d = 0; d < TOPO_D_COUNT; d++) {
		int up = d + 1;

		id[d] = 0;
		if (!(lv->present & (1u << d)))
			continue;
		if (d == TOPO_D_PACKAGE) {
			id[d] = apic_id >> lv->shift[d];
			continue;
		}
		while (!(lv->present & (1u << up)))
			up++; /* ends at the package, always present */
		id[d] = (uint32_t)((apic_id >> lv->shift[d]) &
				   ((1ull << (lv->shift[up] - lv->shift[d])) - 1));
	}
}

bool topo_share_cache(const struct topo_levels *lv, unsigned level, uint32_t a, uint32_t b)
{
	if (level < 1 || level > 3 || lv->cache_shift[level] < 0)
		return false;
	return (a >> lv->cache_shift[level]) == (b >> lv->cache_shift[level]);
}
