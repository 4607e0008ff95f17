/** @file
 * Every record type the payload writes (docs/record-format.md): what
 * `export --type` accepts. scripts/check-rectypes.sh (run by tests/run.sh)
 * checks this list against the payload's rec_start() calls and the format
 * document, so a new record type cannot be added to one and not the others.
 */
#ifndef VMXB_HOST_RECTYPES_H
#define VMXB_HOST_RECTYPES_H

#include <stdbool.h>

#define VMXB_RECORD_TYPES(X)                                                                       \
	X(begin) X(end) X(suite) X(suite_end) X(exception) X(warn) X(selftest)                     \
	X(identity) X(cpuid) X(msr) X(smbios) X(feature_control) X(smp) X(cpu)                     \
	X(vmx_caps) X(vmxon) X(timing) X(meas) X(case)                                             \
	X(entry_summary) X(capcheck_summary) X(exits_summary)                                      \
	X(shadow_breakeven) X(shadow_summary)                                                      \
	X(migrate_setup) X(migrate_summary) X(handoff) X(hazard) X(hazard_summary)

/** @p type is a record type of the format. */
bool rectype_known(const char *type);

/** The known types, comma-separated (for error messages and --help). */
const char *rectype_list(void);

#endif
