/** @file
 * The suites the payload knows, in the order they run (suites= selects,
 * it does not reorder). Self-tests run first, and only when named, so a run
 * that asks for one also shows the real suites still running after a
 * contained fault.
 */
#include "suites/suite.h"

extern const struct suite suite_selftest_fault;
extern const struct suite suite_selftest_smi;
extern const struct suite suite_caps;
extern const struct suite suite_entry;
extern const struct suite suite_noise;
extern const struct suite suite_shadow;

const struct suite *const suite_selftest_table[] = {
	&suite_selftest_fault,
	&suite_selftest_smi,
};

const unsigned suite_selftest_count =
	sizeof(suite_selftest_table) / sizeof(suite_selftest_table[0]);

const struct suite *const suite_table[] = {
	&suite_caps,
	&suite_entry,
	&suite_noise,
	&suite_shadow,
};

const unsigned suite_count = sizeof(suite_table) / sizeof(suite_table[0]);
