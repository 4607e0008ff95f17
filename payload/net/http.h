/** @file
 * The two ends of an upload request (docs/upload.md): the request head the
 * payload writes, and the collector's response, which is untrusted (any
 * machine on the lab network may answer). Pure.
 */
#ifndef VMXB_NET_HTTP_H
#define VMXB_NET_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HTTP_HEAD_MAX 512      /**< room for a request head */
#define HTTP_RESP_MAX 1024     /**< response bytes kept; the rest is not read */
#define HTTP_TEXT_MAX 96       /**< response body text kept for a warn record */

/** What goes into the head of one POST /upload. */
struct http_upload {
	const char *host;      /**< "A.B.C.D:PORT" */
	const char *session;   /**< 16 hex digits */
	uint32_t seq;          /**< seq of the first record in the body */
	const char *mac;       /**< 64 hex digits, or NULL without a key */
	size_t body_len;
};

/**
 * Write the request head (request line and headers up to the empty line)
 * into @p out of @p cap bytes. Returns its length, 0 if it does not fit.
 */
size_t http_upload_head(char *out, size_t cap, const struct http_upload *r);

enum http_body {
	HTTP_BODY_OTHER,          /**< anything else: text holds it, cleaned */
	HTTP_BODY_OK,             /**< "ok N" */
	HTTP_BODY_STORED,         /**< "stored RUNID" */
	HTTP_BODY_ALREADY,        /**< "already stored RUNID" */
};

struct http_resp {
	int status;               /**< 100-599 */
	enum http_body body;
	uint32_t n;               /**< N of "ok N" */
	char text[HTTP_TEXT_MAX]; /**< the body's first line, printable ASCII only, cut */
};

enum http_parse {
	HTTP_DONE,     /**< a whole response: @p r is filled */
	HTTP_MORE,     /**< not finished yet: read more, unless the peer closed */
	HTTP_BAD,      /**< not an HTTP/1.x response (or cut short by a close) */
};

/**
 * Parse the @p len bytes received so far. @p closed: the peer closed the
 * connection (then a response without Content-Length ends there, and an
 * unfinished one is HTTP_BAD). Never reads past @p len.
 */
enum http_parse http_resp_parse(const char *buf, size_t len, bool closed, struct http_resp *r);

#endif
