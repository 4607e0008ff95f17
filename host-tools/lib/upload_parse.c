/** @file
 * Read and check one upload batch (see upload_parse.h). Every line goes
 * through recline_parse, the serial reader's own check (tag, CRC, JSON,
 * type/seq/crc), so a batch holds exactly what a serial log would.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/esc.h"
#include "lib/recline.h"
#include "lib/upload_parse.h"
#include "record/writer.h"

#define TAGLEN (sizeof(REC_TAG) - 1)

/* Canonical decimal: digits, no leading zero, at most 15 of them. */
static int parse_seq(const char *s, long long *out)
{
	size_t n = s ? strspn(s, "0123456789") : 0;

	if (!n || s[n] || n > 15 || (s[0] == '0' && n > 1))
		return -1;
	*out = strtoll(s, NULL, 10);
	return 0;
}

static char *dup_member(json_t *obj, const char *key)
{
	const char *v = json_string_value(json_object_get(obj, key));

	return v ? strdup(v) : NULL;
}

/* What one valid record tells the batch; @return 0 or -1 with why. */
static int take_record(struct upload_batch *b, struct recline *r, size_t i, size_t nlines,
		       char *why, size_t whysz)
{
	char t[64];

	if (r->seq != b->seq + (long long)i) {
		snprintf(why, whysz, "record %zu of the batch has seq %lld, expected %lld (X-Vmxb-Seq "
			 "%lld, consecutive)", i + 1, r->seq, b->seq + (long long)i, b->seq);
		return -1;
	}
	if ((strcmp(r->type, "begin") == 0) != (r->seq == 0)) {
		snprintf(why, whysz, r->seq ? "a begin record with seq %lld (begin has seq 0)" :
			 "the record with seq %lld is \"%s\", not begin", r->seq,
			 esc_term(r->type, t, sizeof(t)));
		return -1;
	}
	if (strcmp(r->type, "end") == 0) {
		if (i + 1 != nlines) {
			snprintf(why, whysz, "records after the end record (seq %lld)", r->seq);
			return -1;
		}
		b->has_end = true;
	}
	if (r->seq == 0) {
		b->has_begin = true;
		b->bound_session = dup_member(r->obj, "upload_session");
		b->label = dup_member(r->obj, "label");
		b->mac = dup_member(r->obj, "mac");
	}
	if (strcmp(r->type, "suite") == 0 && json_string_value(json_object_get(r->obj, "name"))) {
		free(b->suite);
		b->suite = dup_member(r->obj, "name");
	}
	return 0;
}

static size_t count_lines(const char *body, size_t len)
{
	size_t n = 0;

	for (const char *p = body; (p = memchr(p, '\n', len - (size_t)(p - body))); p++)
		n++;
	return n;
}

int upload_parse(const char *seq_hdr, const char *body, size_t len, struct upload_batch *b,
		 char *why, size_t whysz)
{
	size_t off = 0, nl;

	memset(b, 0, sizeof(*b));
	if (parse_seq(seq_hdr, &b->seq)) {
		snprintf(why, whysz, "X-Vmxb-Seq missing or not a decimal number");
		return -1;
	}
	if (!len) {
		snprintf(why, whysz, "empty batch: a body holds one or more record lines");
		return -1;
	}
	if (body[len - 1] != '\n') {
		snprintf(why, whysz, "the body does not end with a newline: a record line cut short");
		return -1;
	}
	nl = count_lines(body, len);
	b->lines = calloc(nl, sizeof(*b->lines));
	if (!b->lines) {
		snprintf(why, whysz, "out of memory");
		return -1;
	}
	while (off < len) {
		const char *line = body + off, *e = memchr(line, '\n', len - off);
		size_t ll = (size_t)(e - line) + 1;
		struct recline r;
		enum recline_kind k;
		int bad;

		if (ll <= TAGLEN || memcmp(line, REC_TAG, TAGLEN) != 0) {
			snprintf(why, whysz, "line %zu of the batch is not a record line (a body holds "
				 "only lines starting with \"" REC_TAG "\")", b->n + 1);
			return -1;
		}
		k = recline_parse(line, ll - 1, &r);
		if (k != RECLINE_OK) {
			snprintf(why, whysz, "record %zu of the batch: %s", b->n + 1, r.err);
			return -1;
		}
		bad = take_record(b, &r, b->n, nl, why, whysz);
		json_decref(r.obj);
		if (bad)
			return -1;
		b->lines[b->n].off = off;
		b->lines[b->n].len = ll;
		b->n++;
		off += ll;
	}
	return 0;
}

void upload_batch_free(struct upload_batch *b)
{
	free(b->lines);
	free(b->bound_session);
	free(b->label);
	free(b->mac);
	free(b->suite);
	memset(b, 0, sizeof(*b));
}
