/** @file
 * Which microarchitecture a (vendor, family, model[, stepping]) is, from
 * the SDM Vol. 4 Table 2-1 and public model lists, independent of libcpuid:
 * Debian's libcpuid 0.6.2 (Nov 2022) can misname CPUs it predates.
 */
#ifndef VMXB_HOST_UARCH_H
#define VMXB_HOST_UARCH_H

#include <stdbool.h>

/** A row for every model of its family. */
#define UARCH_ANY_MODEL 0x100u

struct uarch {
	const char *vendor;   /**< "GenuineIntel" or "AuthenticAMD" */
	unsigned family, model;
	unsigned step_lo, step_hi; /**< stepping range this row covers */
	const char *name;     /**< microarchitecture / family name, e.g. "Haswell" */
	const char *match;    /**< '|'-separated names libcpuid may use for it */
	bool libcpuid_knows;  /**< libcpuid 0.6.2 has a codename for it */
};

/** The row for this CPU, or NULL when the table does not know it. */
const struct uarch *uarch_lookup(const char *vendor, unsigned family, unsigned model,
				 unsigned stepping);

/**
 * Where @p u stands among Intel's big cores, oldest first (its row in the
 * table, which lists them in order of release), or -1 for Atom, AMD and NULL.
 */
int uarch_core_order(const struct uarch *u);

/** Does libcpuid's @p codename name @p u (one of its match words, case-insensitive)? */
bool uarch_matches(const struct uarch *u, const char *codename);

#endif
