/** @file
 * The one writer of `case` records (docs/record-format.md) and the tally of
 * a suite's verdicts for its summary record. Every suite that judges cases
 * writes them here, so the record's members, their order and the verdict
 * words (suites/verdict.h) are the same for all.
 */
#ifndef VMXB_SUITES_CASE_H
#define VMXB_SUITES_CASE_H

#include "record/record.h"
#include "suites/verdict.h"

/** One suite's case writer: its name in every record, and what it counted. */
struct case_writer {
	const char *suite;
	unsigned n;                      /**< cases written */
	unsigned count[VERDICT_COUNT];   /**< per verdict */
};

/** Start counting afresh for @p suite. */
void case_writer_init(struct case_writer *w, const char *suite);

/**
 * Emit one `case` record and count it. @p expected and @p observed are
 * outcome text forms (vmx/outcome.h), left out when NULL; @p reason is left
 * out when NULL or empty.
 */
void case_emit(struct case_writer *w, const char *id, const char *sdm, const char *desc,
	       const char *expected, const char *observed, enum verdict v, const char *reason);

/** The tally into a summary record: "cases", then one member per verdict. */
void case_tally_rec(struct rec *r, const struct case_writer *w);

/** The tally on the console: "SUITE: N cases, N PASS, N DEVIATION, N SKIP". */
void case_tally_print(const struct case_writer *w);

#endif
