/** @file
 * Per-CPU data (see percpu.h).
 */
#include "platform/percpu.h"

struct cpu_local cpu_locals[CPU_MAX];

void percpu_init(void)
{
	this_cpu()->index = cpu_index();
}
