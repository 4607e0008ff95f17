/** @file
 * The distribution a `meas` record carries (`hist`, docs/record-format.md):
 * "BUCKET:COUNT,..." sparse log buckets (payload/lib/hist.h) of the samples,
 * ascending, each sample the ticks of `reps` operations. Read back here as per-operation values (the
 * bucket's middle divided by reps) with their counts.
 */
#ifndef VMXB_HOST_MEAS_HIST_H
#define VMXB_HOST_MEAS_HIST_H

#include <stddef.h>
#include <jansson.h>

/**
 * Fill @p val / @p cnt (at most @p max entries, ascending) from @p rec's hist.
 * @return the number of entries, 0 when the record has no (valid) hist.
 */
size_t meas_hist(json_t *rec, double *val, double *cnt, size_t max);

#endif
