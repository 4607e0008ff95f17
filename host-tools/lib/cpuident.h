/** @file
 * CPU identification of a run: the payload's "cpuid" records converted to
 * libcpuid's raw data, cpu_identify(), and a cross-check of libcpuid's
 * codename against our own (family, model) table (uarch.h).
 */
#ifndef VMXB_HOST_CPUIDENT_H
#define VMXB_HOST_CPUIDENT_H

#include <stdbool.h>
#include <stdint.h>
#include <jansson.h>
#include <libcpuid/libcpuid.h>

/** One CPUID result: leaf, sub-leaf, EAX..EDX. */
struct cpuid_leaf {
	uint32_t leaf, sub;
	uint32_t r[4];
};

/**
 * The results of a run, in record order, with a hash index so lookups stay
 * O(1) however many cpuid records a (forged) run holds. Empty when v is NULL
 * (the index fields are then ignored), so `{ 0 }` or v = NULL, n = 0 starts one.
 */
struct cpuid_dump {
	struct cpuid_leaf *v;
	size_t n;
	size_t cap;        /**< entries allocated in v */
	uint32_t *slot;    /**< open-addressing index: v index + 1, 0 = empty */
	size_t nslot;      /**< power of two, > 2 n */
};

/** Parse a hex string "0x.." (as the records carry registers) into @p out. @return 0 / -EINVAL */
int hexstr_u64(const char *s, uint64_t *out);

/**
 * Collect the "cpuid" records of a run (array of record objects). The first
 * result for a (leaf, sub) wins. @return 0, or -EINVAL naming the bad record in @p err.
 */
int cpuid_dump_from_records(json_t *records, struct cpuid_dump *d, char *err, size_t errsz);
void cpuid_dump_free(struct cpuid_dump *d);
/** Add one result (used by tests building a dump). */
void cpuid_dump_add(struct cpuid_dump *d, uint32_t leaf, uint32_t sub, const uint32_t r[4]);
/** The result for (leaf, sub), or NULL. */
const struct cpuid_leaf *cpuid_dump_get(const struct cpuid_dump *d, uint32_t leaf, uint32_t sub);

/** Fill libcpuid's raw data the way cpuid_get_raw_data() would have on that CPU. */
void cpuid_dump_to_raw(const struct cpuid_dump *d, struct cpu_raw_data_t *raw);

/** What we say about the CPU of a run. */
struct cpu_ident {
	bool have_cpuid;          /**< the run had cpuid records */
	char vendor[13];
	unsigned family, model, stepping; /**< display values (SDM Vol. 2A CPUID) */
	char brand[49];
	bool hypervisor;          /**< CPUID.1:ECX[31] */
	char codename[64];        /**< our best name: the table's, else libcpuid's, else "unknown" */
	char libcpuid_codename[64];
	char uarch[48];           /**< the table's name, "" when not in the table */
	bool doubtful;            /**< libcpuid's answer should not be trusted alone */
	char reason[256];
};

/** Identify from a dump (never fails: missing data gives an "unknown", doubtful answer). */
void cpu_ident_from_dump(const struct cpuid_dump *d, struct cpu_ident *id);

/** Identify the CPU of a run's records. @return 0, or -EINVAL on a malformed cpuid record. */
int cpu_ident_from_records(json_t *records, struct cpu_ident *id, char *err, size_t errsz);

/** The identification as the "cpu" object of a stored run. */
json_t *cpu_ident_json(const struct cpu_ident *id);

/** Write libcpuid's raw format (what cpuid_tool --save writes, --load reads); "-" = stdout. */
int cpuid_dump_write_raw(const struct cpuid_dump *d, const char *path);

#endif
