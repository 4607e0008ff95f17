/** @file
 * One record line of docs/record-format.md: find the tag, check the CRC,
 * parse the JSON. Knows nothing about runs (see logscan.h).
 */
#ifndef VMXB_HOST_RECLINE_H
#define VMXB_HOST_RECLINE_H

#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

/** What a physical line of the log turned out to be. */
enum recline_kind {
	RECLINE_NOISE = 0, /**< no record tag: not ours, ignored */
	RECLINE_OK,        /**< a valid record */
	RECLINE_CORRUPT,   /**< tag present, but CRC, JSON or required members wrong */
	RECLINE_VERSION,   /**< a record tag of a major version this reader does not know */
};

struct recline {
	json_t *obj;       /**< the record without its "crc" member (owned; RECLINE_OK only) */
	const char *type;  /**< points into obj */
	long long seq;
	uint32_t crc;      /**< the record's CRC (as stated and verified) */
	const char *body;  /**< the CRC'd text ('{' up to ,"crc":"), points into the line */
	size_t body_len;
	char err[320];     /**< why the line is CORRUPT or VERSION */
};

/**
 * Classify one line of @p len bytes (no need for NUL termination; trailing
 * CR/LF and blanks are ignored; any bytes before the first tag are noise,
 * and the record is everything after the first tag).
 * @return the kind; on RECLINE_OK the caller owns @p out->obj (json_decref).
 */
enum recline_kind recline_parse(const char *line, size_t len, struct recline *out);

/** Find @p needle in @p hay (binary safe). */
const char *recline_memmem(const char *hay, size_t hlen, const char *needle, size_t nlen);

#endif
