/** @file
 * libFuzzer harness: the upload response parser (http_resp_parse,
 * payload/net/http.c). The collector's answer is untrusted: whatever the
 * bytes, the parser must stay inside them, keep a clean text, and agree
 * with itself when the same bytes arrive in two pieces.
 */
#include <stdlib.h>
#include <string.h>
#include "net/http.h"

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
	return 0;
}
