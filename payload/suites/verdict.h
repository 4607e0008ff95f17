/** @file
 * The verdicts of a `case` record (docs/record-format.md): one list, read
 * by the payload's case writer (suites/case.h) and by host code that reads
 * the records. Pure (only <stdbool.h> and <string.h>): the host may include
 * it too (-Ipayload).
 */
#ifndef VMXB_SUITES_VERDICT_H
#define VMXB_SUITES_VERDICT_H

#include <stdbool.h>
#include <string.h>

/* X(ID, the word in a case record's "verdict", its count's member in a suite's summary) */
#define VERDICTS(X)                               \
	X(PASS, "PASS", "pass")                   \
	X(DEVIATION, "DEVIATION", "deviation")    \
	X(SKIP, "SKIP", "skip")

enum verdict {
#define X(id, word, key) VERDICT_##id,
	VERDICTS(X)
#undef X
	VERDICT_COUNT
};

/** PASS when what was observed is what was expected (and nothing else was wrong), else DEVIATION. */
static inline enum verdict verdict_of(bool as_expected)
{
	return as_expected ? VERDICT_PASS : VERDICT_DEVIATION;
}

/** The record word of @p v ("PASS", ...), NULL when @p v is none. */
static inline const char *verdict_name(enum verdict v)
{
	switch (v) {
#define X(id, word, key) case VERDICT_##id: return word;
	VERDICTS(X)
#undef X
	default:
		return NULL;
	}
}

/** The summary record's member counting @p v ("pass", ...), NULL when @p v is none. */
static inline const char *verdict_key(enum verdict v)
{
	switch (v) {
#define X(id, word, key) case VERDICT_##id: return key;
	VERDICTS(X)
#undef X
	default:
		return NULL;
	}
}

/** The verdict a record word names. @return a VERDICT_*, or -1 when @p word is none */
static inline int verdict_parse(const char *word)
{
#define X(id, w, key) if (word && !strcmp(word, w)) return VERDICT_##id;
	VERDICTS(X)
#undef X
	return -1;
}

#endif
