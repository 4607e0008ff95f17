/** @file
 * The case now running, per CPU (see suite.h): an exception record names it.
 */
#include <stddef.h>

#include "platform/desc.h"
#include "suites/suite.h"

static const char *running_case[CPU_MAX];

void suite_set_case(const char *id)
{
	running_case[cpu_index()] = id;
}

const char *suite_case(void)
{
	return running_case[cpu_index()];
}
