/** @file
 * Record line parser (see recline.h). The CRC is checked on the text before
 * the JSON is parsed, so a damaged line is reported as a CRC mismatch with
 * both values rather than as whatever the damage did to the JSON. The
 * comparison itself sits in crc_matches() alone.
 */
#include <stdio.h>
#include <string.h>

#include "lib/recline.h"
#include "lib/crc32.h"
#include "record/writer.h"

static const char crc_key[] = ",\"crc\":\"";

const char *recline_memmem(const char *hay, size_t hlen, const char *needle, size_t nlen)
{
	if (nlen == 0)
		return hay;
	while (hlen >= nlen) {
		const char *p = memchr(hay, needle[0], hlen - nlen + 1);

		if (!p)
			return NULL;
		if (memcmp(p, needle, nlen) == 0)
			return p;
		hlen -= (size_t)(p - hay) + 1;
		hay = p + 1;
	}
	return NULL;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* A tag of another major version: "VMXB" digits " ", digits not "1". */
static const char *other_version_tag(const char *s, size_t len, char *ver, size_t vsz)
{
	const char *p = s;
	size_t left = len;

	while ((p = recline_memmem(p, left, "VMXB", 4))) {
		size_t off = (size_t)(p - s) + 4, n = 0;

		while (off + n < len && s[off + n] >= '0' && s[off + n] <= '9')
			n++;
		if (n > 0 && n < vsz && off + n < len && s[off + n] == ' ') {
			memcpy(ver, s + off, n);
			ver[n] = 0;
			return p;
		}
		left = len - off;
		p = s + off;
	}
	return NULL;
}

static enum recline_kind corrupt(struct recline *out, const char *fmt, const char *a,
				 const char *b)
{
	snprintf(out->err, sizeof(out->err), fmt, a, b);
	return RECLINE_CORRUPT;
}

/*
 * The payload's CRC-32 (lib/crc32.c) one byte per step instead of one bit:
 * collect hashes every byte of logs of 100 MB and more.
 */
static uint32_t crc32_table(const char *p, size_t len)
{
	static uint32_t t[256];
	uint32_t crc = 0xffffffffu;

	if (!t[1])
		for (uint32_t i = 0; i < 256; i++) {
			uint32_t c = i;

			for (int k = 0; k < 8; k++)
				c = (c >> 1) ^ (0xedb88320u & -(c & 1u));
			t[i] = c;
		}
	while (len--)
		crc = (crc >> 8) ^ t[(crc ^ (uint8_t)*p++) & 0xff];
	return ~crc;
}

/*
 * The one place the stated CRC is compared with the text's: a fuzzing build
 * (which cannot forge CRCs) replaces only this.
 */
static int crc_matches(uint32_t stated, const char *body, size_t len, uint32_t *actual)
{
	*actual = crc32_table(body, len);
#ifdef VMXB_FUZZING
	/* Fuzzing builds (tests/fuzz): any well-formed CRC passes, so mutations reach the JSON. */
	*actual = stated;
#endif
	return *actual == stated;
}

/* Where the last ,"crc":" of the object is; NULL if none. */
static const char *last_crc_key(const char *obj, size_t olen)
{
	const char *ck = NULL, *p;

	for (p = obj; (p = recline_memmem(p, olen - (size_t)(p - obj), crc_key,
					   sizeof(crc_key) - 1)); p++)
		ck = p;
	return ck;
}

/* Check the CRC'd text of @p obj; on success fill body and crc. */
static enum recline_kind check_crc(const char *obj, size_t olen, struct recline *out)
{
	const char *ck = last_crc_key(obj, olen), *p;
	uint32_t stated = 0, actual;
	char a[16], b[16];

	if (!ck)
		return corrupt(out, "record has no \"crc\" member (line cut short?)", "", "");
	p = ck + sizeof(crc_key) - 1;
	if ((size_t)(obj + olen - p) != 10 || p[8] != '"' || p[9] != '}')
		return corrupt(out, "record does not end with \"crc\":\"<8 hex digits>\"} "
			       "(line cut short or garbage after it)", "", "");
	for (int i = 0; i < 8; i++) {
		int v = hexval(p[i]);

		if (v < 0)
			return corrupt(out, "record's crc \"%.8s\" is not 8 lower-case hex digits",
				       p, "");
		stated = stated << 4 | (uint32_t)v;
	}
	if (!crc_matches(stated, obj, (size_t)(ck - obj), &actual)) {
		snprintf(a, sizeof(a), "%08x", stated);
		snprintf(b, sizeof(b), "%08x", actual);
		return corrupt(out, "CRC mismatch: record says %s, line hashes to %s", a, b);
	}
	out->crc = stated;
	out->body = obj;
	out->body_len = (size_t)(ck - obj);
	return RECLINE_OK;
}

/* The object after the tag: CRC first, then JSON and the required members. */
static enum recline_kind parse_object(const char *obj, size_t olen, struct recline *out)
{
	json_error_t jerr;
	json_t *j, *t, *s, *c;
	char stated[9];

	if (olen == 0 || obj[0] != '{')
		return corrupt(out, "no JSON object after the record tag", "", "");
	if (check_crc(obj, olen, out) != RECLINE_OK)
		return RECLINE_CORRUPT;
	snprintf(stated, sizeof(stated), "%08x", out->crc);
	j = json_loadb(obj, olen, JSON_REJECT_DUPLICATES, &jerr);
	if (!j) {
		snprintf(out->err, sizeof(out->err), "record is not valid JSON: %s (column %d)",
			 jerr.text, jerr.column);
		return RECLINE_CORRUPT;
	}
	t = json_object_get(j, "type");
	s = json_object_get(j, "seq");
	c = json_object_get(j, "crc");
	if (!json_is_object(j) || !json_is_string(t) || !json_is_integer(s) || !json_is_string(c) ||
	    json_integer_value(s) < 0) {
		json_decref(j);
		return corrupt(out, "record lacks a string \"type\", a non-negative integer "
			       "\"seq\" or a string \"crc\"", "", "");
	}
	if (strcmp(json_string_value(c), stated) != 0) {
		json_decref(j);
		return corrupt(out, "record has a second, different \"crc\" member", "", "");
	}
	out->seq = json_integer_value(s);
	json_object_del(j, "crc");
	out->obj = j;
	out->type = json_string_value(t);
	return RECLINE_OK;
}

/* A bad record with another tag after the first: most likely a lost newline. */
static void note_second_tag(const char *obj, size_t olen, struct recline *out)
{
	const char *t = recline_memmem(obj, olen, REC_TAG, sizeof(REC_TAG) - 1);
	char why[sizeof(out->err)];

	if (!t)
		return;
	memcpy(why, out->err, sizeof(why));
	snprintf(out->err, sizeof(out->err), "several record tags on one line (a lost newline? "
		 "the second tag is %zu bytes after the first): %.200s",
		 (size_t)(t - obj) + sizeof(REC_TAG) - 1, why);
}

enum recline_kind recline_parse(const char *line, size_t len, struct recline *out)
{
	const size_t taglen = sizeof(REC_TAG) - 1;
	const char *tag, *obj;
	size_t olen;
	char ver[8];
	enum recline_kind k;

	memset(out, 0, sizeof(*out));
	while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
		len--;
	/* The first tag starts the record: a tag later on the line is record text. */
	tag = recline_memmem(line, len, REC_TAG, taglen);
	if (!tag) {
		if (other_version_tag(line, len, ver, sizeof(ver))) {
			snprintf(out->err, sizeof(out->err),
				 "record format version %s (tag VMXB%s) is not supported: this "
				 "reader knows version 1 (tag %.5s)", ver, ver, REC_TAG);
			return RECLINE_VERSION;
		}
		return RECLINE_NOISE;
	}
	obj = tag + taglen;
	olen = len - (size_t)(obj - line);
	while (olen && (obj[olen - 1] == ' ' || obj[olen - 1] == '\t' || obj[olen - 1] == '\r'))
		olen--;
	k = parse_object(obj, olen, out);
	if (k == RECLINE_CORRUPT)
		note_second_tag(obj, olen, out);
	return k;
}
