/** @file
 * The upload batcher and engine (payload/net/batch.c, upload.c) against a
 * fake collector in this file that checks what docs/upload.md asks of a
 * request (headers, seq order, the MAC, recomputed with nettle) and can
 * misbehave: no answer, refusals, garbage, wrong counts.
 */
#include <stdio.h>
#include <string.h>
#include <nettle/hmac.h>
#undef hmac_sha256_set_key
#undef hmac_sha256_update
#undef hmac_sha256_digest
#include "unit.h"
#include "net/upload.h"
#include "record/writer.h"

/* ---- the fake collector ---------------------------------------------- */

enum fake_mode { F_OK, F_SILENT, F_REFUSE, F_GARBAGE, F_BUSY, F_WRONG_N, F_CLOSE };

struct fake {
	enum fake_mode mode;
	int bad_first;          /* misbehave on this many requests, then F_OK */
	uint8_t key[32];
	bool check_mac;
	char held[1 << 20];     /* the body bytes taken, in order */
	size_t held_len;
	uint32_t next_seq;      /* records held */
	unsigned requests, pauses;
	uint32_t paused_ms;
	char session[17];
	bool stored;
};

static const char *header(const char *head, const char *name, char *out, size_t cap)
{
	const char *p = strstr(head, name);
	size_t n = 0;

	if (!p)
		return NULL;
	p += strlen(name);
	while (p[n] != '\r' && n + 1 < cap)
		n++;
	memcpy(out, p, n);
	out[n] = '\0';
	return out;
}

static size_t count_lines(const char *b, size_t n)
{
	size_t c = 0;

	for (size_t i = 0; i < n; i++)
		c += b[i] == '\n';
	return c;
}

static void answer(struct net_exchange *x, const char *s)
{
	size_t n = strlen(s) < x->resp_cap ? strlen(s) : x->resp_cap;

	memcpy(x->resp, s, n);
	x->resp_len = n;
	x->closed = true;
}

static enum net_rc fake_exchange(void *ctx, struct net_exchange *x)
{
	struct fake *f = ctx;
	char head[HTTP_HEAD_MAX + 1], v[128], resp[256];
	enum fake_mode mode = f->requests < (unsigned)f->bad_first ? f->mode : F_OK;
	uint32_t seq;
	size_t lines;

	f->requests++;
	assert_true(x->head_len < sizeof(head));
	memcpy(head, x->head, x->head_len);
	head[x->head_len] = '\0';
	assert_true(strncmp(head, "POST /upload HTTP/1.1\r\n", 23) == 0);
	assert_non_null(header(head, "\r\nHost: ", v, sizeof(v)));
	assert_string_equal(v, x->to->host);
	assert_non_null(header(head, "\r\nContent-Length: ", v, sizeof(v)));
	assert_int_equal(strtoul(v, NULL, 10), x->body_len);
	assert_true(x->body_len <= BATCH_MAX);
	assert_non_null(header(head, "\r\nX-Vmxb-Session: ", v, sizeof(v)));
	assert_int_equal(strlen(v), 16);
	strcpy(f->session, v);
	assert_non_null(header(head, "\r\nX-Vmxb-Seq: ", v, sizeof(v)));
	seq = (uint32_t)strtoul(v, NULL, 10);
	if (f->check_mac) {
		struct hmac_sha256_ctx h;
		uint8_t mac[32];
		char hex[65], num[16];

		nettle_hmac_sha256_set_key(&h, 32, f->key);
		nettle_hmac_sha256_update(&h, 16, (const uint8_t *)f->session);
		nettle_hmac_sha256_update(&h, 1, (const uint8_t *)"\n");
		snprintf(num, sizeof(num), "%u", seq);
		nettle_hmac_sha256_update(&h, strlen(num), (const uint8_t *)num);
		nettle_hmac_sha256_update(&h, 1, (const uint8_t *)"\n");
		nettle_hmac_sha256_update(&h, x->body_len, x->body);
		nettle_hmac_sha256_digest(&h, 32, mac);
		for (int i = 0; i < 32; i++)
			sprintf(hex + 2 * i, "%02x", mac[i]);
		assert_non_null(header(head, "\r\nX-Vmxb-Mac: ", v, sizeof(v)));
		assert_string_equal(v, hex);
	} else {
		assert_null(strstr(head, "X-Vmxb-Mac"));
	}
	switch (mode) {
	case F_SILENT:
		return NET_TIMEOUT;
	case F_CLOSE:
		return NET_RESET;
	case F_REFUSE:
		answer(x, "HTTP/1.1 400 Bad Request\r\nContent-Length: 10\r\n\r\ncrc error\n");
		return NET_OK;
	case F_GARBAGE:
		answer(x, "\x16\x03\x01 not http at all");
		return NET_OK;
	case F_BUSY:
		answer(x, "HTTP/1.1 503 Busy\r\n\r\ntoo many sessions\n");
		return NET_OK;
	default:
		break;
	}
	/* a resend of what is held is acknowledged again, not stored twice */
	lines = count_lines(x->body, x->body_len);
	if (seq + lines <= f->next_seq) {
		snprintf(resp, sizeof(resp), "HTTP/1.1 200 OK\r\n\r\n%s\n",
			 f->stored ? "already stored r1" : "ok");
		if (!f->stored)
			snprintf(resp, sizeof(resp), "HTTP/1.1 200 OK\r\n\r\nok %u\n", f->next_seq);
		answer(x, resp);
		return NET_OK;
	}
	assert_int_equal(seq, f->next_seq); /* no gap, no overlap */
	memcpy(f->held + f->held_len, x->body, x->body_len);
	f->held_len += x->body_len;
	f->next_seq += (uint32_t)lines;
	if (strstr(x->body, "{\"type\":\"end\"")) {
		f->stored = true;
		answer(x, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nstored r1\n");
	} else {
		snprintf(resp, sizeof(resp), "HTTP/1.1 200 OK\r\n\r\nok %u\n",
			 f->next_seq + (mode == F_WRONG_N ? 5 : 0));
		answer(x, resp);
	}
	return NET_OK;
}

static void fake_pause(void *ctx, uint32_t ms)
{
	struct fake *f = ctx;

	f->pauses++;
	f->paused_ms += ms;
}

/* ---- records through the real writer ----------------------------------- */

static struct upload up;
static char arena[1 << 20];
static char serial[1 << 20];   /* what the console would have received */
static size_t serial_len;

static void sink(const char *line, size_t len, void *ctx)
{
	struct rec *w = ctx;

	memcpy(serial + serial_len, line, len);
	serial_len += len;
	upload_line(&up, line, len, w->seq - 1);
}

static struct fake *fake_new(enum fake_mode mode, int bad_first)
{
	static struct fake f;

	memset(&f, 0, sizeof(f));
	f.mode = mode;
	f.bad_first = bad_first;
	return &f;
}

static struct net_transport tr;

static void start(struct fake *f, const uint8_t *key)
{
	struct net_url url;
	const char *why;

	assert_int_equal(url_parse("http://10.0.2.2:8080/", 21, &url, &why), 0);
	tr = (struct net_transport){ "fake", fake_exchange, fake_pause, f, "" };
	upload_init(&up, arena, sizeof(arena), &url, key, "00112233aabbccdd", &tr);
	serial_len = 0;
}

/* A run: begin, @p n cases of about 300 bytes with safe points every 50, end. */
static void run(struct rec *w, unsigned n)
{
	struct rec *r;

	rec_init(w, sink, w);
	r = rec_open(w, "begin");
	rec_str(r, "upload_session", up.session);
	rec_close(r);
	for (unsigned i = 0; i < n; i++) {
		char desc[300];

		memset(desc, 'a' + i % 26, sizeof(desc) - 1);
		desc[sizeof(desc) - 1] = '\0';
		r = rec_open(w, "case");
		rec_u64(r, "i", i);
		rec_str(r, "desc", desc);
		rec_close(r);
		if (i % 50 == 49)
			upload_send(&up, false); /* a measurement-group safe point: full batches */
		if (i % 400 == 399)
			upload_send(&up, true);  /* between suites: all */
	}
	r = rec_open(w, "end");
	rec_u64(r, "records", n + 2);
	rec_close(r);
	upload_send(&up, true);
}

static void test_batcher(void **state)
{
	static const char begin[] = "VMXB1 {\"type\":\"begin\"}\n";
	static const char line[] = "VMXB1 {\"type\":\"case\",\"abc\"}\n";
	static const char end[] = "VMXB1 {\"type\":\"end\",\"records\":11}\n";
	static char mem[256], big[100];
	const size_t bl = sizeof(begin) - 1, cl = sizeof(line) - 1;
	struct batcher b;
	const struct batch *bt;

	(void)state;
	assert_int_equal(cl, 28);
	batch_init(&b, mem, sizeof(mem), 100);
	assert_int_equal(batch_add(&b, line, cl, 1), BATCH_SEQ);
	assert_int_equal(batch_add(&b, begin, bl, 0), BATCH_OK);
	assert_null(batch_peek(&b)); /* open, not sealed */
	for (uint32_t s = 1; s <= 7; s++)
		assert_int_equal(batch_add(&b, line, cl, s), BATCH_OK);
	/* begin + 7 lines in batches of at most 100 bytes: begin+2, 3, 2 (open) */
	bt = batch_peek(&b);
	assert_non_null(bt);
	assert_int_equal(bt->first_seq, 0);
	assert_int_equal(bt->records, 3);
	assert_int_equal(bt->len, bl + 2 * cl);
	assert_memory_equal(batch_bytes(&b, bt), begin, bl);
	batch_pop(&b);
	bt = batch_peek(&b);
	assert_int_equal(bt->first_seq, 3);
	assert_int_equal(bt->records, 3);
	assert_int_equal(bt->off, 0);
	assert_memory_equal(batch_bytes(&b, bt), line, cl);
	batch_pop(&b);
	assert_null(batch_peek(&b));
	assert_int_equal(batch_add(&b, big, 101, 8), BATCH_TOO_LONG);
	/* the arena: 56 bytes used of 256; 200 fit, then it is full */
	memset(big, 'x', sizeof(big));
	assert_int_equal(batch_add(&b, big, 100, 8), BATCH_OK);
	assert_int_equal(batch_add(&b, big, 100, 9), BATCH_OK);
	assert_int_equal(batch_add(&b, big, 1, 10), BATCH_FULL);
	batch_pop(&b);
	assert_int_equal(batch_add(&b, end, sizeof(end) - 1, 10), BATCH_OK);
	/* end seals its batch; nothing after it */
	assert_int_equal(batch_add(&b, "VMXB1 {}\n", 9, 11), BATCH_ENDED);
	for (uint32_t s = 8; s <= 9; s++) {
		bt = batch_peek(&b);
		assert_int_equal(bt->first_seq, s);
		assert_int_equal(bt->records, 1);
		batch_pop(&b);
	}
	bt = batch_peek(&b);
	assert_int_equal(bt->first_seq, 10);
	assert_true(bt->has_end);
	assert_memory_equal(batch_bytes(&b, bt), end, sizeof(end) - 1);
	assert_true(batch_line_is_end("VMXB1 {\"type\":\"end\",", 20));
	assert_false(batch_line_is_end("VMXB1 {\"type\":\"endx\",", 21));
	assert_false(batch_line_is_end("VMXB1 {\"type\":\"end\"", 19));
}

/* Everything arrives once, byte for byte the serial copy, with a MAC. */
static void test_whole_run_keyed(void **state)
{
	struct fake *f = fake_new(F_OK, 0);
	struct rec w;

	(void)state;
	memset(f->key, 0x5a, 32);
	f->check_mac = true;
	start(f, f->key);
	run(&w, 1000);
	assert_int_equal(up.state, UPLOAD_STORED);
	assert_string_equal(up.stored, "stored r1");
	assert_int_equal(f->held_len, serial_len);
	assert_memory_equal(f->held, serial, serial_len);
	assert_int_equal(f->next_seq, 1002);
	assert_true(up.batches >= serial_len / BATCH_MAX + 1);
	assert_int_equal(up.batches, f->requests);
	assert_int_equal(up.resends, 0);
	assert_null(upload_take_warning(&up));
}

static void test_unkeyed(void **state)
{
	struct fake *f = fake_new(F_OK, 0);
	struct rec w;

	(void)state;
	start(f, NULL);
	run(&w, 10);
	assert_int_equal(up.state, UPLOAD_STORED);
	assert_int_equal(up.batches, 1);
	assert_memory_equal(f->held, serial, serial_len);
}

/* No answer twice: resent with growing pauses, stored once. */
static void test_resend_then_ok(void **state)
{
	struct fake *f = fake_new(F_SILENT, 2);
	struct rec w;

	(void)state;
	start(f, NULL);
	run(&w, 10);
	assert_int_equal(up.state, UPLOAD_STORED);
	assert_int_equal(up.resends, 2);
	assert_int_equal(f->pauses, 2);
	assert_int_equal(f->paused_ms, UPLOAD_PAUSE_MS * 3);
	assert_memory_equal(f->held, serial, serial_len);
}

/* A collector that never answers: 1 + 3 attempts, then one warning, and nothing more is sent. */
static void test_never_answers(void **state)
{
	struct fake *f = fake_new(F_CLOSE, 1000);
	struct rec w;
	const char *why;

	(void)state;
	start(f, NULL);
	run(&w, 1000);
	assert_int_equal(up.state, UPLOAD_GAVE_UP);
	assert_int_equal(f->requests, 1 + UPLOAD_RESENDS);
	why = upload_take_warning(&up);
	assert_non_null(why);
	assert_non_null(strstr(why, "connection refused or reset"));
	assert_non_null(strstr(why, "seq 0"));
	assert_null(upload_take_warning(&up)); /* once */
	assert_int_equal(upload_send(&up, true), 0);
}

static void check_gives_up(enum fake_mode mode, unsigned expect_requests, const char *why_has)
{
	struct fake *f = fake_new(mode, 1000);
	struct rec w;
	const char *why;

	start(f, NULL);
	run(&w, 300);
	assert_int_equal(up.state, UPLOAD_GAVE_UP);
	assert_int_equal(f->requests, expect_requests);
	why = upload_take_warning(&up);
	assert_non_null(why);
	if (!strstr(why, why_has))
		fail_msg("\"%s\" lacks \"%s\"", why, why_has);
}

static void test_refusals(void **state)
{
	(void)state;
	check_gives_up(F_REFUSE, 1, "HTTP 400 crc error");     /* no resend: the session is gone */
	check_gives_up(F_GARBAGE, 4, "not HTTP");
	check_gives_up(F_BUSY, 4, "HTTP 503 too many sessions");
	check_gives_up(F_SILENT, 4, "no answer");
	check_gives_up(F_WRONG_N, 1, "holds");
}

/* The arena too small for the run with no safe point: give up, never overflow. */
static void test_buffer_full(void **state)
{
	static char small[8192];
	struct fake *f = fake_new(F_OK, 0);
	struct net_url url;
	const char *why;
	struct rec w;
	struct rec *r;

	(void)state;
	assert_int_equal(url_parse("http://10.0.2.2/", 16, &url, &why), 0);
	tr = (struct net_transport){ "fake", fake_exchange, fake_pause, f, "" };
	upload_init(&up, small, sizeof(small), &url, NULL, "00112233aabbccdd", &tr);
	rec_init(&w, sink, &w);
	for (int i = 0; i < 100; i++) {
		r = rec_open(&w, "case");
		rec_str(r, "desc", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
		rec_close(r);
	}
	assert_int_equal(up.state, UPLOAD_GAVE_UP);
	why = upload_take_warning(&up);
	assert_non_null(strstr(why, "buffer full"));
	assert_int_equal(f->requests, 0);
}

static void test_session_and_mac(void **state)
{
	char s1[17], s2[17], mac[65];
	uint8_t key[32] = { 0 };

	(void)state;
	upload_session_from("abc", 3, s1);
	upload_session_from("abd", 3, s2);
	assert_int_equal(strlen(s1), 16);
	assert_string_not_equal(s1, s2);
	/* SHA-256("abc") starts ba7816bf8f01cfea */
	assert_string_equal(s1, "ba7816bf8f01cfea");
	upload_mac(key, "s", 7, "b", 1, mac);
	assert_int_equal(strlen(mac), 64);
	for (int i = 0; i < 64; i++)
		assert_non_null(strchr("0123456789abcdef", mac[i]));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_batcher),
		cmocka_unit_test(test_whole_run_keyed),
		cmocka_unit_test(test_unkeyed),
		cmocka_unit_test(test_resend_then_ok),
		cmocka_unit_test(test_never_answers),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_buffer_full),
		cmocka_unit_test(test_session_and_mac),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
