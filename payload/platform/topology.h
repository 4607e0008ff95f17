/** @file
 * Processor topology from CPUID: which bits of an x2APIC (or APIC) id name
 * the thread, the core, the module, the tile, the die and the package, and
 * so how close two logical processors are.
 *
 * Method (SDM Vol. 3A §9.9, and Intel's "Intel 64 Architecture Processor
 * Topology Enumeration"): leaf 1FH when it is enumerated, else leaf 0BH,
 * else leaves 1 and 4 (the maximum addressable ids per package and cores
 * per package). The shifts are decoded once (struct topo_levels), from the
 * CPU that runs the decoder; pairs are then classified from their ids alone.
 * The SDM has the shifts read on every CPU; they are the same on every
 * processor Intel has shipped, hybrid ones included (a payload can decode on
 * each AP and compare).
 *
 * Pure: CPUID comes through a callback (the instruction on the payload, a
 * recorded dump in unit tests).
 */
#ifndef VMXB_PLATFORM_TOPOLOGY_H
#define VMXB_PLATFORM_TOPOLOGY_H

#include <stdbool.h>
#include <stdint.h>

/** Execute CPUID(leaf, sub) into r[0..3] = EAX, EBX, ECX, EDX (as cpuid_walk's query). */
typedef void (*topo_cpuid_fn)(uint32_t leaf, uint32_t sub, uint32_t r[4], void *ctx);

/** Where the shifts came from. */
enum topo_source {
	TOPO_SRC_NONE,    /**< no leaf 1: nothing known */
	TOPO_SRC_LEGACY,  /**< leaves 1 and 4 */
	TOPO_SRC_LEAF_B,  /**< leaf 0BH (SMT and core levels) */
	TOPO_SRC_LEAF_1F, /**< leaf 1FH (V2 extended topology: module, tile, die too) */
};

/**
 * Topology domains, innermost first. The values below TOPO_D_PACKAGE are the
 * leaf 1FH level types minus 1 (SDM Vol. 2A, CPUID leaf 1FH, ECX[15:8]).
 */
enum topo_domain {
	TOPO_D_SMT,     /**< one logical processor */
	TOPO_D_CORE,
	TOPO_D_MODULE,
	TOPO_D_TILE,
	TOPO_D_DIE,
	TOPO_D_DIEGRP,
	TOPO_D_PACKAGE,
	TOPO_D_COUNT
};

/** Sub-leaves of 0BH/1FH read at most before the leaf is taken as broken. */
#define TOPO_SUB_CAP 16u

struct topo_levels {
	enum topo_source source;
	unsigned present; /**< bit d set: domain d enumerated (SMT, core and package always are) */
	/**
	 * id >> shift[d] names the instance of domain d that holds the logical
	 * processor. A domain not enumerated has the shift of the next one up
	 * (one module per die, one die per package...).
	 */
	uint8_t shift[TOPO_D_COUNT];
	int8_t cache_shift[4];  /**< [1..3]: same for the L1D/L2/L3 sharing (leaf 4), -1 unknown */
	unsigned logical;       /**< logical processors in the package, as the leaf says (0 for legacy) */
	uint32_t apic_id;       /**< the decoding CPU's x2APIC id (0BH/1FH EDX) or initial APIC id */
	const char *warning;    /**< a leaf present but refused, and why; NULL when none */
	/**
	 * Leaf 1FH/0BH decoded, and leaves 1 and 4 (which every Intel part
	 * since leaf 0BH still fills, and which agree with it on every real
	 * dump in tests/data) give another package width: NULL when they agree
	 * or leaf 1's 8-bit count cannot say (128 ids or more).
	 */
	const char *contradiction;
	uint8_t legacy_package_shift; /**< the package shift leaves 1 and 4 give (for the record) */
};

/**
 * Decode the shifts with @p cpuid on the calling CPU. A leaf 1FH or 0BH
 * that is malformed (shifts decreasing, level types out of order, no
 * terminating sub-leaf) is refused with a warning and the next method used.
 * @return 0, or -1 when CPUID has no leaf 1 (source TOPO_SRC_NONE).
 */
int topo_decode(topo_cpuid_fn cpuid, void *ctx, struct topo_levels *out);

/**
 * Relation between two logical processors: the smallest enumerated domain
 * both are in. Ordered by distance; the names (topo_relation_name) are the
 * words records use.
 */
enum topo_relation {
	TOPO_SAME_CPU,      /**< "same-cpu": the same APIC id */
	TOPO_SMT_SIBLING,   /**< "smt-sibling": two threads of one core */
	TOPO_SAME_MODULE,   /**< "same-module": cores of one module (leaf 1FH only) */
	TOPO_SAME_TILE,     /**< "same-tile" (leaf 1FH only) */
	TOPO_SAME_DIE,      /**< "same-die" (leaf 1FH only) */
	TOPO_SAME_DIEGRP,   /**< "same-die-group" (leaf 1FH only) */
	TOPO_SAME_PACKAGE,  /**< "same-package": nothing smaller in common, or not enumerated */
	TOPO_OTHER_PACKAGE, /**< "other-package" */
	TOPO_REL_COUNT
};

/** How close the logical processors with ids @p a and @p b are. */
enum topo_relation topo_relation(const struct topo_levels *lv, uint32_t a, uint32_t b);

/** "smt-sibling"...; "?" for a value out of range. */
const char *topo_relation_name(enum topo_relation r);

/** "smt", "core", "module", "tile", "die", "die-group", "package"; "?" out of range. */
const char *topo_domain_name(enum topo_domain d);

/**
 * Split @p apic_id: id[d] is the index of its domain-d instance within the
 * next enumerated domain up (id[TOPO_D_SMT]: thread within the core;
 * id[TOPO_D_PACKAGE]: the package). 0 for domains not enumerated.
 */
void topo_split(const struct topo_levels *lv, uint32_t apic_id, uint32_t id[TOPO_D_COUNT]);

/** Do @p a and @p b share their level-@p level cache (1..3)? false when leaf 4 does not say. */
bool topo_share_cache(const struct topo_levels *lv, unsigned level, uint32_t a, uint32_t b);

#endif
