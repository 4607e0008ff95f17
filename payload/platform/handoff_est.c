/** @file
 * TSC offset between two CPUs from hand-off round trips (see handoff.h). Pure.
 */
#include "platform/handoff.h"

bool handoff_tsc_offset(const struct handoff_ping *p, unsigned n, int64_t *offset,
			uint64_t *uncertainty)
{
	const struct handoff_ping *best = 0;

	for (unsigned i = 0; i < n; i++) {
		if (p[i].t1 < p[i].t0)
			continue;
		if (!best || p[i].t1 - p[i].t0 < best->t1 - best->t0)
			best = &p[i];
	}
	if (!best)
		return false;
	/* midpoint without overflow: t0 + (t1 - t0) / 2 */
	*offset = (int64_t)(best->tb - (best->t0 + (best->t1 - best->t0) / 2));
	*uncertainty = (best->t1 - best->t0 + 1) / 2;
	return true;
}
