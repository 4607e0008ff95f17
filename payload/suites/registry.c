/** @file
 * The suites the payload knows, in the order they run.
 */
#include "suites/suite.h"

extern const struct suite suite_selftest_fault;

const struct suite *const suite_table[] = {
	&suite_selftest_fault,
};

const unsigned suite_count = sizeof(suite_table) / sizeof(suite_table[0]);
