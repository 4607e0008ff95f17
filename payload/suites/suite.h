/** @file
 * A suite: a named set of checks the payload can run (suites=NAME,...).
 * suites/registry.c lists them in the order they run.
 */
#ifndef VMXB_SUITES_SUITE_H
#define VMXB_SUITES_SUITE_H

#include "platform/options.h"

struct suite {
	const char *name;
	const char *summary;
	/** Emit the suite's records. Exceptions escaping it abort the suite only. */
	void (*run)(const struct options *opt);
};

/**
 * Name the case now running (NULL: none), so an unexpected exception's
 * record says "where":"suite/case". main.c clears it between suites.
 */
void suite_set_case(const char *id);

extern const struct suite *const suite_table[];
extern const unsigned suite_count;

/** Self-tests: run only when named in suites= ("all" leaves them out), first. */
extern const struct suite *const suite_selftest_table[];
extern const unsigned suite_selftest_count;

#endif
