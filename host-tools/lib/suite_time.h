/** @file
 * Suite durations from the `tsc` and `us` timestamps of the `suite` and
 * `suite_end` records (docs/record-format.md), computed once when a run is
 * indexed so the runs section shows them without opening the run.
 */
#ifndef VMXB_HOST_SUITE_TIME_H
#define VMXB_HOST_SUITE_TIME_H

#include <stddef.h>
#include <jansson.h>

/**
 * The durations of a run's suites: an object NAME -> [ticks, us] in order of
 * the suites, us -1 when neither the records' `us` nor a `tsc_hz` of the run
 * (timing or meas record) give the rate. Suites without both timestamps are
 * left out. Never NULL (aborts when out of memory, as the index does).
 */
json_t *suite_times(json_t *recs);
/** One duration as text: "1.25 s", "830 ms", "120 µs", or "N TSC ticks". */
void suite_time_fmt(json_t *entry, char *buf, size_t bufsz);

#endif
