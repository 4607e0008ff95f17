/** @file
 * Record writer (see writer.h and docs/record-format.md).
 *
 * A member that would overflow the line is dropped whole and the record gets
 * "truncated":true, so a reader never sees a cut string or half an object.
 */
#include "record/writer.h"
#include "lib/crc32.h"

/* Room kept for closing braces, "truncated", the CRC member and "\n". */
#define REC_TAIL_RESERVE 64

static size_t str_len(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

static bool put(struct rec *w, const char *s, size_t n)
{
	if (w->len + n > REC_LINE_MAX - REC_TAIL_RESERVE)
		return false;
	for (size_t i = 0; i < n; i++)
		w->buf[w->len + i] = s[i];
	w->len += n;
	return true;
}

static bool put_c(struct rec *w, char c)
{
	return put(w, &c, 1);
}

static const char hexdig[] = "0123456789abcdef";

static bool put_escaped(struct rec *w, const char *s, size_t n)
{
	if (!put_c(w, '"'))
		return false;
	for (size_t i = 0; i < n && s[i]; i++) {
		unsigned char c = (unsigned char)s[i];
		bool ok;

		if (c == 'V' && i + 4 <= n && s[i + 1] == 'M' && s[i + 2] == 'X' && s[i + 3] == 'B') {
			/* "VMXB" never appears inside a string: a reader searches for the tag */
			ok = put(w, "\\u0056", 6);
		} else if (c == '"' || c == '\\') {
			char e[2] = { '\\', (char)c };
			ok = put(w, e, 2);
		} else if (c < 0x20 || c > 0x7e) {
			char e[6] = { '\\', 'u', '0', '0', hexdig[c >> 4], hexdig[c & 15] };
			ok = put(w, e, 6);
		} else {
			ok = put_c(w, (char)c);
		}
		if (!ok)
			return false;
	}
	return put_c(w, '"');
}

static bool put_u64(struct rec *w, uint64_t v)
{
	char tmp[20];
	int n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n--)
		if (!put_c(w, tmp[n]))
			return false;
	return true;
}

static bool put_hex(struct rec *w, uint64_t v)
{
	char tmp[16];
	int n = 0;

	do {
		tmp[n++] = hexdig[v & 15];
		v >>= 4;
	} while (v);
	if (!put(w, "\"0x", 3))
		return false;
	while (n--)
		if (!put_c(w, tmp[n]))
			return false;
	return put_c(w, '"');
}

/* Start a member: separator and key. On failure the caller rolls back. */
static bool put_key(struct rec *w, const char *key)
{
	if (!w->first[w->depth] && !put_c(w, ','))
		return false;
	return put_escaped(w, key, str_len(key)) && put_c(w, ':');
}

/* Commit or roll back one member written since @p mark. */
static void member_done(struct rec *w, size_t mark, bool ok)
{
	if (ok && !w->skip) {
		w->first[w->depth] = false;
	} else {
		w->len = mark;
		w->truncated = true;
	}
}

void rec_init(struct rec *w, rec_sink_fn sink, void *ctx)
{
	w->sink = sink;
	w->ctx = ctx;
	w->seq = 0;
	w->len = 0;
	w->depth = 0;
	w->skip = 0;
	w->open = false;
	w->truncated = false;
}

struct rec *rec_open(struct rec *w, const char *type)
{
	w->len = 0;
	w->depth = 0;
	w->skip = 0;
	w->first[0] = true;
	w->open = true;
	w->truncated = false;
	put_c(w, '{');
	rec_str(w, "type", type);
	rec_u64(w, "seq", w->seq);
	return w;
}

void rec_strn(struct rec *w, const char *key, const char *val, size_t n)
{
	size_t mark = w->len;

	member_done(w, mark, put_key(w, key) && put_escaped(w, val ? val : "", val ? n : 0));
}

void rec_str(struct rec *w, const char *key, const char *val)
{
	rec_strn(w, key, val, val ? str_len(val) : 0);
}

void rec_u64(struct rec *w, const char *key, uint64_t val)
{
	size_t mark = w->len;

	member_done(w, mark, put_key(w, key) && put_u64(w, val));
}

void rec_i64(struct rec *w, const char *key, int64_t val)
{
	size_t mark = w->len;
	bool ok = put_key(w, key);

	if (ok && val < 0)
		ok = put_c(w, '-') && put_u64(w, (uint64_t)0 - (uint64_t)val);
	else if (ok)
		ok = put_u64(w, (uint64_t)val);
	member_done(w, mark, ok);
}

void rec_hex(struct rec *w, const char *key, uint64_t val)
{
	size_t mark = w->len;

	member_done(w, mark, put_key(w, key) && put_hex(w, val));
}

void rec_ratio(struct rec *w, const char *key, int64_t num, uint32_t den)
{
	size_t mark = w->len;
	uint64_t mag = num < 0 ? (uint64_t)0 - (uint64_t)num : (uint64_t)num;
	uint64_t q, frac;
	bool ok = put_key(w, key);

	if (den == 0)
		den = 1;
	q = mag / den;
	/* remainder < den < 2^32, so remainder * 1000 cannot overflow */
	frac = ((mag % den) * 1000 + den / 2) / den;
	if (frac == 1000) {
		q++;
		frac = 0;
	}
	if (ok && num < 0 && (q || frac))
		ok = put_c(w, '-');
	ok = ok && put_u64(w, q);
	if (ok && frac) {
		char d[4] = { '.', (char)('0' + frac / 100), (char)('0' + frac / 10 % 10),
			      (char)('0' + frac % 10) };
		int len = 4;

		while (d[len - 1] == '0')
			len--;
		ok = put(w, d, (size_t)len);
	}
	member_done(w, mark, ok);
}

void rec_bool(struct rec *w, const char *key, bool val)
{
	size_t mark = w->len;

	member_done(w, mark, put_key(w, key) && (val ? put(w, "true", 4) : put(w, "false", 5)));
}

void rec_obj_begin(struct rec *w, const char *key)
{
	size_t mark = w->len;

	if (w->skip || w->depth >= REC_DEPTH_MAX || !(put_key(w, key) && put_c(w, '{'))) {
		/* Drop the object and everything in it, up to its rec_obj_end. */
		w->len = mark;
		w->truncated = true;
		w->skip++;
		return;
	}
	w->first[w->depth] = false;
	w->depth++;
	w->first[w->depth] = true;
}

void rec_obj_end(struct rec *w)
{
	if (w->skip) {
		w->skip--;
		return;
	}
	if (w->depth == 0)
		return;
	/* The brace always fits: REC_TAIL_RESERVE keeps room for every level. */
	w->buf[w->len++] = '}';
	w->depth--;
}

void rec_close(struct rec *w)
{
	static const char crc_key[] = ",\"crc\":\"";
	char line[REC_LINE_MAX + sizeof(REC_TAG)];
	size_t n = 0;
	uint32_t crc;

	if (!w->open)
		return;
	w->skip = 0;
	while (w->depth > 0)
		rec_obj_end(w);
	if (w->truncated) {
		static const char t[] = ",\"truncated\":true";
		for (size_t i = 0; i < sizeof(t) - 1; i++)
			w->buf[w->len++] = t[i];
	}
	w->buf[w->len++] = '}';
	crc = crc32_update(0, w->buf, w->len - 1);
	w->len--; /* the CRC member goes before the closing brace */

	for (size_t i = 0; i < sizeof(REC_TAG) - 1; i++)
		line[n++] = REC_TAG[i];
	for (size_t i = 0; i < w->len; i++)
		line[n++] = w->buf[i];
	for (size_t i = 0; i < sizeof(crc_key) - 1; i++)
		line[n++] = crc_key[i];
	for (int s = 28; s >= 0; s -= 4)
		line[n++] = hexdig[(crc >> s) & 15];
	line[n++] = '"';
	line[n++] = '}';
	line[n++] = '\n';

	w->open = false;
	w->seq++;
	w->sink(line, n, w->ctx);
}
