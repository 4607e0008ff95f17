/** @file
 * libFuzzer harness: the upload response parser (http_resp_parse,
 * payload/net/http.c) and the upload engine that judges the answer
 * (payload/net/upload.c). The collector's answer is untrusted: whatever
 * the bytes, the parser must stay inside them, keep a clean text, and
 * agree with itself when the same bytes arrive in two pieces; the engine
 * must end acknowledged, stored or given up with a printable reason.
 */
#include <stdlib.h>
#include <string.h>
#include "net/http.h"
#include "net/upload.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static void check(const struct http_resp *r, enum http_parse p)
{
	if (!memchr(r->text, 0, sizeof(r->text)))
		abort();
	for (const char *t = r->text; *t; t++)
		if (*t < 0x20 || *t > 0x7e)
			abort(); /* the text goes into a warn record */
	if (p == HTTP_DONE && (r->status < 100 || r->status > 999))
		abort();
	if (r->body == HTTP_BODY_OK && p != HTTP_DONE)
		abort();
}

/* A transport whose every answer is the fuzz input. */
static const unsigned char *answer;
static size_t answer_len;

static enum net_rc fake_exchange(void *ctx, struct net_exchange *x)
{
	(void)ctx;
	x->resp_len = answer_len < x->resp_cap ? answer_len : x->resp_cap;
	memcpy(x->resp, answer, x->resp_len);
	x->closed = true;
	return NET_OK;
}

static void fake_pause(void *ctx, uint32_t ms)
{
	(void)ctx;
	(void)ms;
}

/* One two-line batch (begin and end) answered with the input. */
static void engine(const unsigned char *data, size_t size)
{
	static const char begin[] = "VMXB1 {\"type\":\"begin\",\"seq\":0,\"crc\":\"00000000\"}\n";
	static const char end[] = "VMXB1 {\"type\":\"end\",\"seq\":1,\"crc\":\"00000000\"}\n";
	static char arena[4096];
	static struct upload u;
	struct net_transport t = { "fuzz", fake_exchange, fake_pause, NULL, "" };
	struct net_url url;
	const char *why = NULL;
	uint8_t key[UPLOAD_KEY_LEN] = { 1 };

	answer = data;
	answer_len = size;
	if (url_parse("http://10.0.2.2:8080/", 21, &url, &why))
		abort();
	upload_init(&u, arena, sizeof(arena), &url, key, "0123456789abcdef", &t);
	upload_line(&u, begin, sizeof(begin) - 1, 0);
	upload_send(&u, true); /* "ok 1" acknowledges it, anything else ends the upload */
	upload_line(&u, end, sizeof(end) - 1, 1);
	upload_send(&u, true);
	if (u.state == UPLOAD_ON)
		abort(); /* the end batch was either stored or refused */
	why = upload_take_warning(&u);
	if (u.state == UPLOAD_GAVE_UP && !why)
		abort();
	for (const char *p = why; p && *p; p++)
		if (*p < 0x20 || *p > 0x7e)
			abort(); /* the reason goes into a warn record */
	if (u.attempts > 2 * (1 + UPLOAD_RESENDS))
		abort();
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	/* an exact-size heap copy: ASan sees any read past the bytes received */
	char *b = malloc(size ? size : 1);
	struct http_resp r1, r2;
	enum http_parse p1, p2;

	if (!b)
		return 0;
	memcpy(b, data, size);
	p1 = http_resp_parse(b, size, false, &r1);
	check(&r1, p1);
	p2 = http_resp_parse(b, size, true, &r2);
	check(&r2, p2);
	/* a close can only finish or spoil a response, never undo a finished one */
	if (p1 == HTTP_DONE && (p2 != HTTP_DONE || r1.status != r2.status || r1.body != r2.body ||
				r1.n != r2.n))
		abort();
	if (p2 == HTTP_MORE)
		abort(); /* after a close there is nothing more to wait for */
	free(b);
	engine(data, size);
	return 0;
}
