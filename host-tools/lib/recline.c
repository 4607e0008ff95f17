/** @file
 * Record line parser (see recline.h). The CRC is checked on the text before
 * the JSON is parsed, so a damaged line is reported as a CRC mismatch with
 * both values rather than as whatever the damage did to the JSON.
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

enum recline_kind recline_parse(const char *line, size_t len, struct recline *out)
{
	const size_t taglen = sizeof(REC_TAG) - 1;
	const char *tag, *obj, *ck, *p;
	size_t olen;
	uint32_t stated = 0, actual;
	char ver[8], a[16], b[16];
	json_error_t jerr;
	json_t *j, *t, *s, *c;

	memset(out, 0, sizeof(*out));
	while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
		len--;
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
	if (recline_memmem(obj, olen, REC_TAG, taglen))
		return corrupt(out, "several record tags on one line (a lost newline?)", "", "");
	if (olen == 0 || obj[0] != '{')
		return corrupt(out, "no JSON object after the record tag", "", "");

	/* The last ,"crc":" must be followed by exactly 8 hex digits and "} at the end. */
	ck = NULL;
	for (p = obj; (p = recline_memmem(p, olen - (size_t)(p - obj), crc_key,
					   sizeof(crc_key) - 1)); p++)
		ck = p;
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
	actual = crc32_update(0, obj, (size_t)(ck - obj));
#ifdef VMXB_FUZZING
	/* Fuzzing builds (tests/fuzz): any well-formed CRC passes, so mutations reach the JSON. */
	actual = stated;
#endif
	if (actual != stated) {
		snprintf(a, sizeof(a), "%08x", stated);
		snprintf(b, sizeof(b), "%08x", actual);
		return corrupt(out, "CRC mismatch: record says %s, line hashes to %s", a, b);
	}

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
	if (strlen(json_string_value(c)) != 8 || memcmp(json_string_value(c), p, 8) != 0) {
		json_decref(j);
		return corrupt(out, "record has a second, different \"crc\" member", "", "");
	}
	out->seq = json_integer_value(s);
	out->crc = stated;
	json_object_del(j, "crc");
	out->obj = j;
	out->type = json_string_value(t);
	return RECLINE_OK;
}
