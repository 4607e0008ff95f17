/** @file
 * The upload sink's logic (see upload.h and docs/upload.md).
 *
 * One request per batch on a fresh connection: the collector may drop idle
 * connections, and between safe points the firmware's stack gets no time
 * to keep one alive. A batch that gets no answer is sent again (the
 * collector acknowledges a repeated batch without storing it twice); an
 * answer that refuses it ends the upload, since the collector has then
 * dropped the session and later batches could only be refused too.
 */
#include <string.h>
#include "lib/fmt.h"
#include "net/hmac_sha256.h"
#include "net/upload.h"

static const char hexdig[] = "0123456789abcdef";

static void to_hex(const uint8_t *p, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = hexdig[p[i] >> 4];
		out[2 * i + 1] = hexdig[p[i] & 15];
	}
	out[2 * n] = '\0';
}

void upload_mac(const uint8_t key[UPLOAD_KEY_LEN], const char *session, uint32_t seq,
		const void *body, size_t len, char out[65])
{
	struct hmac_sha256 m;
	uint8_t mac[SHA256_LEN];
	char num[16];
	size_t n = fmt_snprintf(num, sizeof(num), "%u", seq);

	hmac_sha256_init(&m, key, UPLOAD_KEY_LEN);
	hmac_sha256_update(&m, session, strlen(session));
	hmac_sha256_update(&m, "\n", 1);
	hmac_sha256_update(&m, num, n);
	hmac_sha256_update(&m, "\n", 1);
	hmac_sha256_update(&m, body, len);
	hmac_sha256_final(&m, mac);
	to_hex(mac, sizeof(mac), out);
}

void upload_session_from(const void *entropy, size_t n, char out[UPLOAD_SESSION_HEX + 1])
{
	uint8_t h[SHA256_LEN];

	sha256(entropy, n, h);
	to_hex(h, UPLOAD_SESSION_HEX / 2, out);
}

void upload_init(struct upload *u, void *mem, size_t cap, const struct net_url *url,
		 const uint8_t *key, const char session[UPLOAD_SESSION_HEX + 1],
		 struct net_transport *t)
{
	memset(u, 0, sizeof(*u));
	batch_init(&u->b, mem, cap, BATCH_MAX);
	u->url = *url;
	u->t = t;
	memcpy(u->session, session, UPLOAD_SESSION_HEX);
	u->session[UPLOAD_SESSION_HEX] = '\0';
	if (key) {
		memcpy(u->key, key, UPLOAD_KEY_LEN);
		u->keyed = true;
	}
	u->timeout_ms = UPLOAD_TIMEOUT_MS;
	u->state = UPLOAD_ON;
}

static void give_up(struct upload *u, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void give_up(struct upload *u, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fmt_vsnprintf(u->why, sizeof(u->why), fmt, ap);
	va_end(ap);
	u->state = UPLOAD_GAVE_UP;
	u->warn_pending = true;
	/* the key is not needed any more: do not leave it in memory */
	memset(u->key, 0, sizeof(u->key));
}

void upload_line(struct upload *u, const char *line, size_t len, uint32_t seq)
{
	static const char *const err[] = {
		[-BATCH_FULL] = "upload buffer full (the collector is too slow or no safe point came)",
		[-BATCH_TOO_LONG] = "a record line longer than a batch",
		[-BATCH_SEQ] = "a record line out of seq order",
		[-BATCH_ENDED] = "a record line after the end record",
	};
	enum batch_err e;

	if (u->state != UPLOAD_ON)
		return;
	e = batch_add(&u->b, line, len, seq);
	if (e != BATCH_OK)
		give_up(u, "upload stopped at seq %u: %s", seq, err[-e]);
}

static const char *rc_name(enum net_rc rc)
{
	switch (rc) {
	case NET_OK:
		return "ok";
	case NET_TIMEOUT:
		return "no answer";
	case NET_RESET:
		return "connection refused or reset";
	default:
		return "network error";
	}
}

/* Check an answer to @p bt: 0 acknowledged, 1 worth a resend, -1 refused (given up). */
static int judge(struct upload *u, const struct batch *bt, const struct http_resp *r)
{
	uint32_t held = bt->first_seq + bt->records;

	if (r->status == 503 || (r->status >= 500 && r->status != 501 && r->status != 505))
		return 1; /* busy or a passing fault: the batch may be taken later */
	if (r->status != 200) {
		give_up(u, "collector refused the batch at seq %u: HTTP %d %s", bt->first_seq,
			r->status, r->text);
		return -1;
	}
	switch (r->body) {
	case HTTP_BODY_OK:
		if (bt->has_end) {
			give_up(u, "collector did not store the run after its end record: \"%s\"",
				r->text);
			return -1;
		}
		if (r->n != held) {
			give_up(u, "collector holds %u records, %u sent", r->n, held);
			return -1;
		}
		return 0;
	case HTTP_BODY_STORED:
	case HTTP_BODY_ALREADY:
		if (!bt->has_end) {
			give_up(u, "collector answered \"%s\" before the end record", r->text);
			return -1;
		}
		memcpy(u->stored, r->text, sizeof(u->stored));
		u->state = UPLOAD_STORED;
		return 0;
	default:
		give_up(u, "collector answered HTTP 200 \"%s\"", r->text);
		return -1;
	}
}

/* Send one batch with its resends; false when the sink gave up. */
static bool send_batch(struct upload *u, const struct batch *bt)
{
	const char *body = batch_bytes(&u->b, bt);
	char head[HTTP_HEAD_MAX], mac[65], resp[HTTP_RESP_MAX];
	struct http_upload h = { u->url.host, u->session, bt->first_seq, NULL, bt->len };
	size_t hlen;
	uint32_t pause = UPLOAD_PAUSE_MS;
	enum net_rc rc = NET_OK;
	struct http_resp r = { 0 };

	if (u->keyed) {
		upload_mac(u->key, u->session, bt->first_seq, body, bt->len, mac);
		h.mac = mac;
	}
	hlen = http_upload_head(head, sizeof(head), &h);
	for (unsigned attempt = 0; attempt <= UPLOAD_RESENDS; attempt++) {
		struct net_exchange x = {
			.to = &u->url, .head = head, .head_len = hlen, .body = body,
			.body_len = bt->len, .resp = resp, .resp_cap = sizeof(resp),
			.timeout_ms = u->timeout_ms,
		};
		int verdict = 1;

		if (attempt) {
			u->t->pause(u->t->ctx, pause);
			pause *= 2;
			u->resends++;
		}
		u->attempts++;
		u->bytes_sent += hlen + bt->len;
		rc = u->t->exchange(u->t->ctx, &x);
		if (rc == NET_OK) {
			if (http_resp_parse(resp, x.resp_len, true, &r) != HTTP_DONE) {
				r.status = 0; /* garbage: as good as no answer */
			} else if ((verdict = judge(u, bt, &r)) <= 0) {
				if (verdict < 0)
					return false;
				u->batches++;
				u->body_bytes += bt->len;
				return true;
			}
		}
	}
	if (rc != NET_OK)
		give_up(u, "upload failed at seq %u after %u resends: %s%s%s", bt->first_seq,
			UPLOAD_RESENDS, rc_name(rc), u->t->detail[0] ? ": " : "", u->t->detail);
	else if (r.status)
		give_up(u, "upload failed at seq %u after %u resends: HTTP %d %s", bt->first_seq,
			UPLOAD_RESENDS, r.status, r.text);
	else
		give_up(u, "upload failed at seq %u after %u resends: the answer is not HTTP",
			bt->first_seq, UPLOAD_RESENDS);
	return false;
}

unsigned upload_send(struct upload *u, bool all)
{
	const struct batch *bt;
	unsigned sent = 0;

	if (u->state != UPLOAD_ON)
		return 0;
	if (all)
		batch_seal(&u->b);
	while (u->state == UPLOAD_ON && (bt = batch_peek(&u->b)) != NULL) {
		if (!send_batch(u, bt))
			break;
		batch_pop(&u->b);
		sent++;
	}
	return sent;
}

bool upload_has_full(const struct upload *u)
{
	return u->state == UPLOAD_ON && batch_peek(&u->b) != NULL;
}

const char *upload_take_warning(struct upload *u)
{
	if (!u->warn_pending)
		return NULL;
	u->warn_pending = false;
	return u->why;
}
