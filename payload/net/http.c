/** @file
 * Upload request head and response parser (see http.h). The parser takes
 * only what it needs (status code, Content-Length, the body's first line)
 * and treats everything else as opaque bytes: no header is copied, no
 * length is trusted beyond the bytes actually received.
 */
#include <string.h>
#include "lib/fmt.h"
#include "net/http.h"

size_t http_upload_head(char *out, size_t cap, const struct http_upload *r)
{
	size_t n;

	n = fmt_snprintf(out, cap,
			 "POST /upload HTTP/1.1\r\n"
			 "Host: %s\r\n"
			 "Content-Type: text/plain\r\n"
			 "Content-Length: %lu\r\n"
			 "Connection: close\r\n"
			 "X-Vmxb-Session: %s\r\n"
			 "X-Vmxb-Seq: %u\r\n"
			 "%s%s%s"
			 "\r\n",
			 r->host, (unsigned long)r->body_len, r->session, r->seq,
			 r->mac ? "X-Vmxb-Mac: " : "", r->mac ? r->mac : "", r->mac ? "\r\n" : "");
	return n < cap ? n : 0;
}

/* The end of the line starting at @p p (index of '\n'), or len if none. */
static size_t line_end(const char *b, size_t p, size_t len)
{
	while (p < len && b[p] != '\n')
		p++;
	return p;
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Case-insensitive: does the line [p, e) start with @p name? */
static bool starts_ci(const char *b, size_t p, size_t e, const char *name)
{
	size_t n = strlen(name);

	if (e - p < n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (lower(b[p + i]) != name[i])
			return false;
	return true;
}

/* Decimal digits in [p, e) after optional blanks; false if none or > max. */
static bool dec(const char *b, size_t p, size_t e, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;
	size_t start;

	while (p < e && (b[p] == ' ' || b[p] == '\t'))
		p++;
	start = p;
	while (p < e && b[p] >= '0' && b[p] <= '9') {
		v = v * 10 + (uint64_t)(b[p] - '0');
		if (v > max)
			return false;
		p++;
	}
	while (p < e && (b[p] == ' ' || b[p] == '\t' || b[p] == '\r'))
		p++;
	if (p == start || p != e)
		return false;
	*out = v;
	return true;
}

/* Classify the body's first line and keep a clean copy of it. */
static void body_text(const char *b, size_t p, size_t e, struct http_resp *r)
{
	static const struct {
		const char *word;
		enum http_body kind;
	} kinds[] = {
		{ "ok ", HTTP_BODY_OK },
		{ "stored ", HTTP_BODY_STORED },
		{ "already stored ", HTTP_BODY_ALREADY },
	};
	size_t end = line_end(b, p, e), k = 0;
	uint64_t n;

	if (end > p && b[end - 1] == '\r')
		end--;
	for (size_t i = p; i < end && k + 1 < sizeof(r->text); i++) {
		unsigned char c = (unsigned char)b[i];

		r->text[k++] = c >= 0x20 && c < 0x7f ? (char)c : '?';
	}
	r->text[k] = '\0';
	r->body = HTTP_BODY_OTHER;
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		size_t wl = strlen(kinds[i].word);

		if (end - p <= wl || memcmp(b + p, kinds[i].word, wl) != 0)
			continue;
		if (kinds[i].kind == HTTP_BODY_OK) {
			if (!dec(b, p + wl, end, UINT32_MAX, &n))
				return;
			r->n = (uint32_t)n;
		}
		r->body = kinds[i].kind;
		return;
	}
}

enum http_parse http_resp_parse(const char *b, size_t len, bool closed, struct http_resp *r)
{
	size_t p, e, body;
	uint64_t clen = 0;
	bool has_clen = false;

	memset(r, 0, sizeof(*r));
	/* status line: HTTP/1.x SP 3DIGIT [SP reason] */
	e = line_end(b, 0, len);
	if (e == len) {
		/* no full line yet: wrong already if the start is not "HTTP/1." */
		size_t m = len < 7 ? len : 7;

		if (memcmp(b, "HTTP/1.", m) != 0 || closed || len >= HTTP_RESP_MAX)
			return HTTP_BAD;
		return HTTP_MORE;
	}
	if (e < 12 || memcmp(b, "HTTP/1.", 7) != 0 || (b[7] != '0' && b[7] != '1') || b[8] != ' ')
		return HTTP_BAD;
	for (int i = 9; i < 12; i++) {
		if (b[i] < '0' || b[i] > '9')
			return HTTP_BAD;
		r->status = r->status * 10 + (b[i] - '0');
	}
	if (r->status < 100 || (e > 12 && b[12] != ' ' && b[12] != '\r'))
		return HTTP_BAD;
	/* headers up to the empty line */
	for (p = e + 1;; p = e + 1) {
		if (p >= len)
			return closed || len >= HTTP_RESP_MAX ? HTTP_BAD : HTTP_MORE;
		e = line_end(b, p, len);
		if (e == len)
			return closed || len >= HTTP_RESP_MAX ? HTTP_BAD : HTTP_MORE;
		if (e == p || (e == p + 1 && b[p] == '\r'))
			break;
		if (starts_ci(b, p, e, "content-length:")) {
			if (has_clen || !dec(b, p + 15, e, 1u << 30, &clen))
				return HTTP_BAD; /* two or unreadable: request smuggling territory */
			has_clen = true;
		}
	}
	body = e + 1;
	if (has_clen) {
		if (len - body < clen)
			return closed || len >= HTTP_RESP_MAX ? HTTP_BAD : HTTP_MORE;
		len = body + (size_t)clen;
	} else if (!closed && len < HTTP_RESP_MAX) {
		return HTTP_MORE; /* the body ends when the peer closes */
	}
	body_text(b, body, len, r);
	return HTTP_DONE;
}
