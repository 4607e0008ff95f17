/** @file
 * A meas record's distribution (meas_hist.h).
 */
#include <stdlib.h>

#include "lib/hist.h"
#include "lib/meas_hist.h"

size_t meas_hist(json_t *rec, double *val, double *cnt, size_t max)
{
	const char *p = json_string_value(json_object_get(rec, "hist"));
	json_int_t reps = json_integer_value(json_object_get(rec, "reps"));
	size_t n = 0;
	long last = -1;

	if (!p || reps < 1)
		return 0;
	/* "BUCKET:COUNT,BUCKET:COUNT,...": untrusted, so anything else means no distribution */
	while (*p) {
		char *end;
		long bucket = strtol(p, &end, 10), count;

		if (end == p || *end != ':' || bucket <= last || bucket >= (long)HIST_BUCKETS || n == max)
			return 0;
		p = end + 1;
		count = strtol(p, &end, 10);
		if (end == p || count < 1 || (*end && *end != ','))
			return 0;
		p = *end ? end + 1 : end;
		last = bucket;
		val[n] = ((double)hist_lo((unsigned)bucket) +
			  (double)(hist_hi((unsigned)bucket) - hist_lo((unsigned)bucket) - 1) / 2) /
			 (double)reps;
		cnt[n] = (double)count;
		n++;
	}
	return n;
}
