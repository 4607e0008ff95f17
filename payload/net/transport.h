/** @file
 * What the upload sink needs from a network stack: one request out, one
 * response back, within a time limit. The UEFI TCP4 transport
 * (net/efi_tcp4.c) implements it on the payload; the unit tests use a fake.
 */
#ifndef VMXB_NET_TRANSPORT_H
#define VMXB_NET_TRANSPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "net/url.h"

/** One request/response exchange on a fresh connection. */
struct net_exchange {
	const struct net_url *to;
	const void *head;          /**< request head (http_upload_head) */
	size_t head_len;
	const void *body;          /**< request body (a batch) */
	size_t body_len;
	char *resp;                /**< response bytes received */
	size_t resp_cap;
	size_t resp_len;
	bool closed;               /**< the peer closed after resp_len bytes */
	uint32_t timeout_ms;       /**< for the whole exchange, connect included */
};

enum net_rc {
	NET_OK = 0,         /**< sent, and a response (complete or cut by a close) read */
	NET_TIMEOUT = -1,   /**< no (complete) answer in time */
	NET_RESET = -2,     /**< refused or reset by the peer */
	NET_ERROR = -3,     /**< the local stack failed (no route, no resources...) */
};

struct net_transport {
	const char *name;
	/** Connect, send head and body, read until http_resp_parse() is not HTTP_MORE. */
	enum net_rc (*exchange)(void *ctx, struct net_exchange *x);
	/** Wait @p ms before a retry (the network stack may need its timer meanwhile). */
	void (*pause)(void *ctx, uint32_t ms);
	void *ctx;
	char detail[64];    /**< the last failure in the stack's words, for a warn record */
};

#endif
