/** @file
 * The `case` record writer and verdict tally (see case.h).
 */
#include <string.h>
#include "suites/case.h"
#include "platform/console.h"
#include "platform/status.h"

void case_writer_init(struct case_writer *w, const char *suite)
{
	memset(w, 0, sizeof(*w));
	w->suite = suite;
}

void case_emit(struct case_writer *w, const char *id, const char *sdm, const char *desc,
	       const char *expected, const char *observed, enum verdict v, const char *reason)
{
	struct rec *r = rec_start("case");

	rec_str(r, "suite", w->suite);
	rec_str(r, "id", id);
	rec_str(r, "sdm", sdm);
	rec_str(r, "desc", desc);
	if (expected)
		rec_str(r, "expected", expected);
	if (observed)
		rec_str(r, "observed", observed);
	rec_str(r, "verdict", verdict_name(v));
	if (reason && *reason)
		rec_str(r, "reason", reason);
	rec_close(r);
	w->n++;
	w->count[v]++;
	status_case((unsigned)v);
}

void case_tally_rec(struct rec *r, const struct case_writer *w)
{
	rec_u64(r, "cases", w->n);
	for (unsigned v = 0; v < VERDICT_COUNT; v++)
		rec_u64(r, verdict_key((enum verdict)v), w->count[v]);
}

void case_tally_print(const struct case_writer *w)
{
	con_printf("%s: %u cases", w->suite, w->n);
	for (unsigned v = 0; v < VERDICT_COUNT; v++)
		con_printf(", %u %s", w->count[v], verdict_name((enum verdict)v));
	con_printf("\n");
}
