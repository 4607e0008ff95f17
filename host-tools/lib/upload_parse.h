/** @file
 * One upload batch (docs/upload.md) read and checked on its own, before it
 * touches any session: the header values, and a body of complete record
 * lines with consecutive seq starting at X-Vmxb-Seq.
 */
#ifndef VMXB_HOST_UPLOAD_PARSE_H
#define VMXB_HOST_UPLOAD_PARSE_H

#include <stdbool.h>
#include <stddef.h>

/** One record line of the body: [off, off + len) including its '\n'. */
struct upload_line {
	size_t off, len;
};

struct upload_batch {
	long long seq;            /**< X-Vmxb-Seq: seq of the first record */
	struct upload_line *lines; /**< one per record (owned) */
	size_t n;
	bool has_begin, has_end;  /**< the batch holds the begin (seq 0) / the end record */
	/* from the begin record (when has_begin), owned, NULL when absent */
	char *bound_session;      /**< its "upload_session" */
	char *label, *mac;
	char *suite;              /**< the name of the batch's last "suite" record, or NULL */
};

/**
 * Parse @p seq_hdr (canonical decimal) and @p body (@p len bytes) into @p b.
 * @return 0, or -1 with a one-line reason in @p why (HTTP 400).
 */
int upload_parse(const char *seq_hdr, const char *body, size_t len, struct upload_batch *b,
		 char *why, size_t whysz);
void upload_batch_free(struct upload_batch *b);

#endif
