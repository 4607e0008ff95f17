/** @file
 * Timestamps on the suite runner's `suite` and `suite_end` records: `tsc` (the
 * raw TSC) and, when CPUID gives the TSC rate, `us` since the begin record
 * (docs/record-format.md), so a log tells how long each suite ran.
 */
#ifndef VMXB_APP_SUITE_CLOCK_H
#define VMXB_APP_SUITE_CLOCK_H

#include "record/record.h"

/** Probe the TSC and its rate, and take the begin record's time (call once, before it). */
void suite_clock_start(void);
/** Add `tsc` and (rate known) `us` to @p r; nothing without a TSC. */
void suite_clock_stamp(struct rec *r);

#endif
