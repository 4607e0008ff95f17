/** @file
 * The upload sink's logic (docs/upload.md): record lines into batches,
 * batches into POST /upload requests over a transport, retries, and giving
 * up without stopping the run. Pure: the transport is a table of functions,
 * so the unit tests drive every path with a fake collector.
 *
 * Lines arrive through upload_line() (from the record writer, any CPU, its
 * lock held) and are only buffered; upload_send() sends, and is called only
 * at safe points on the boot CPU (record/record_upload.c).
 */
#ifndef VMXB_NET_UPLOAD_H
#define VMXB_NET_UPLOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "net/batch.h"
#include "net/http.h"
#include "net/transport.h"
#include "net/url.h"

#define UPLOAD_KEY_LEN 32
#define UPLOAD_SESSION_HEX 16
#define UPLOAD_RESENDS 3           /**< a batch with no answer is sent again up to 3 times */
#define UPLOAD_TIMEOUT_MS 5000     /**< per attempt, connect to response */
#define UPLOAD_PAUSE_MS 500        /**< before the first resend, doubled each time */
#define UPLOAD_WHY_MAX 192

enum upload_state {
	UPLOAD_ON,        /**< buffering and sending */
	UPLOAD_STORED,    /**< the collector stored the run */
	UPLOAD_GAVE_UP,   /**< stopped: why says why; records go on to serial only */
};

struct upload {
	struct batcher b;
	struct net_url url;
	struct net_transport *t;
	char session[UPLOAD_SESSION_HEX + 1];
	uint8_t key[UPLOAD_KEY_LEN];
	bool keyed;
	enum upload_state state;
	bool warn_pending;            /**< a give-up not yet reported in a warn record */
	char why[UPLOAD_WHY_MAX];
	char stored[HTTP_TEXT_MAX];   /**< the collector's "stored RUNID" line */
	uint32_t timeout_ms;          /**< per attempt (UPLOAD_TIMEOUT_MS) */
	/* statistics */
	uint32_t batches;             /**< batches acknowledged */
	uint32_t attempts;            /**< requests tried, resends included */
	uint32_t resends;
	uint64_t bytes_sent;          /**< heads and bodies of every attempt */
	uint64_t body_bytes;          /**< bodies acknowledged */
};

/**
 * Start: buffer in @p cap bytes at @p mem, send to @p url over @p t.
 * @p key (UPLOAD_KEY_LEN bytes) or NULL: without a key no MAC is sent.
 */
void upload_init(struct upload *u, void *mem, size_t cap, const struct net_url *url,
		 const uint8_t *key, const char session[UPLOAD_SESSION_HEX + 1],
		 struct net_transport *t);

/**
 * Take one finished record line with its seq. Never sends; a line that
 * cannot be buffered makes the sink give up (reported by the next
 * upload_send()'s caller through upload_take_warning()).
 */
void upload_line(struct upload *u, const char *line, size_t len, uint32_t seq);

/**
 * Send queued batches: the sealed ones, and with @p all the open one too.
 * Returns the number of batches sent; on a failure the sink gives up.
 */
unsigned upload_send(struct upload *u, bool all);

/** True if sealed batches wait (the open batch filled up). */
bool upload_has_full(const struct upload *u);

/** The give-up reason once (then NULL): the caller writes it into a warn record. */
const char *upload_take_warning(struct upload *u);

/** The X-Vmxb-Mac: HMAC-SHA256 over session "\n" seq "\n" body, 64 hex digits. */
void upload_mac(const uint8_t key[UPLOAD_KEY_LEN], const char *session, uint32_t seq,
		const void *body, size_t len, char out[65]);

/** A session id (16 hex digits) from @p n bytes of entropy, hashed. */
void upload_session_from(const void *entropy, size_t n, char out[UPLOAD_SESSION_HEX + 1]);

#endif
