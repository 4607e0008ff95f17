/** @file
 * Suite durations (suite_time.h).
 */
#include <stdlib.h>
#include <string.h>

#include "lib/suite_time.h"

static const char *str(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

/* Integer member >= 0, or -1. */
static json_int_t stamp(json_t *rec, const char *k)
{
	json_t *v = json_object_get(rec, k);

	return json_is_integer(v) && json_integer_value(v) >= 0 ? json_integer_value(v) : -1;
}

json_t *suite_times(json_t *recs)
{
	json_t *out = json_object(), *open = json_object(), *rec;
	json_int_t hz = 0;
	size_t i;

	if (!out || !open)
		abort();
	json_array_foreach(recs, i, rec) {
		const char *t = str(rec, "type"), *name = str(rec, "name");
		json_int_t tsc = stamp(rec, "tsc"), us = stamp(rec, "us"), h = stamp(rec, "tsc_hz");
		json_t *start;

		if (!hz && h > 0 && t && (!strcmp(t, "timing") || !strcmp(t, "meas")))
			hz = h;
		if (!t || !name || tsc < 0)
			continue;
		if (!strcmp(t, "suite")) {
			if (json_object_set_new(open, name, json_pack("[II]", tsc, us)))
				abort();
		} else if (!strcmp(t, "suite_end") && (start = json_object_get(open, name))) {
			json_int_t t0 = json_integer_value(json_array_get(start, 0));
			json_int_t u0 = json_integer_value(json_array_get(start, 1));

			if (tsc >= t0 &&
			    json_object_set_new(out, name,
						json_pack("[II]", tsc - t0, us >= 0 && u0 >= 0 && us >= u0
									 ? us - u0 : -1)))
				abort();
		}
	}
	/* the rate, where the records' us did not give it, from the run's tsc_hz */
	if (hz > 0) {
		const char *name;
		json_t *d;

		json_object_foreach(out, name, d) {
			json_int_t ticks = json_integer_value(json_array_get(d, 0));

			if (json_integer_value(json_array_get(d, 1)) < 0)
				json_array_set_new(d, 1,
						   json_integer((json_int_t)((double)ticks * 1e6 / (double)hz)));
		}
	}
	json_decref(open);
	return out;
}

void suite_time_fmt(json_t *entry, char *buf, size_t bufsz)
{
	json_int_t ticks = json_integer_value(json_array_get(entry, 0));
	json_int_t us = json_integer_value(json_array_get(entry, 1));

	if (us < 0)
		snprintf(buf, bufsz, "%lld TSC ticks", (long long)ticks);
	else if (us >= 1000000)
		snprintf(buf, bufsz, "%.2f s", (double)us / 1e6);
	else if (us >= 1000)
		snprintf(buf, bufsz, "%.1f ms", (double)us / 1e3);
	else
		snprintf(buf, bufsz, "%lld µs", (long long)us);
}
