/** @file
 * Send a serial log's runs to a collector (see upload_send.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "lib/esc.h"
#include "lib/recline.h"
#include "lib/upload_send.h"
#include "lib/upload_session.h"
#include "record/writer.h"

#define TAGLEN (sizeof(REC_TAG) - 1)

int upload_new_session(char out[17])
{
	unsigned char r[8];

	if (getrandom(r, sizeof(r), 0) != (ssize_t)sizeof(r))
		return -1;
	for (size_t i = 0; i < sizeof(r); i++)
		snprintf(out + 2 * i, 3, "%02x", r[i]);
	return 0;
}

/* POST one batch, resending when no answer came (and after a 503, a second later). */
static int post_batch(struct http_conn *c, const char *session, unsigned long long seq,
		      const char *body, size_t len, const struct upload_send_opts *o,
		      int *status, char *reply, size_t replysz)
{
	char hs[40], hq[48], hm[96], seqs[24], why[256];
	const char *hdrs[4] = { hs, hq, NULL, NULL };

	snprintf(seqs, sizeof(seqs), "%llu", seq);
	snprintf(hs, sizeof(hs), "X-Vmxb-Session: %s", session);
	snprintf(hq, sizeof(hq), "X-Vmxb-Seq: %s", seqs);
	if (o->key) {
		char mac[UPLOAD_MAC_HEX + 1];

		upload_mac_hex(o->key, session, seqs, body, len, mac);
		snprintf(hm, sizeof(hm), "X-Vmxb-Mac: %s", mac);
		hdrs[2] = hm;
	}
	for (unsigned attempt = 0;; attempt++) {
		if (http_post(c, "upload", hdrs, body, len, status, reply, replysz, why,
			      sizeof(why)) == 0 && *status != 503)
			return 0;
		if (attempt >= o->retries) {
			if (*status != 503)
				snprintf(reply, replysz, "%s", why);
			return *status == 503 ? 0 : -1;
		}
		if (*status == 503)
			sleep(1);
		*status = 0;
	}
}

int upload_send_run(struct http_conn *c, const char *session, const char *text, size_t len,
		    const struct upload_send_opts *o, struct upload_send_stats *st,
		    char *reply, size_t replysz)
{
	unsigned long long seq = 0;
	size_t at = 0;
	int status = 0;

	snprintf(reply, replysz, "no batch sent");
	while (at < len) {
		size_t end = at, n = 0;

		/* whole lines up to the batch size; one line at least */
		while (end < len) {
			const char *nl = memchr(text + end, '\n', len - end);
			size_t next = nl ? (size_t)(nl - text) + 1 : len;

			if (n && next - at > o->batch)
				break;
			end = next;
			n++;
		}
		if (post_batch(c, session, seq, text + at, end - at, o, &status, reply, replysz))
			return -1;
		st->batches++;
		st->bytes += end - at;
		if (status != 200)
			return -1;
		seq += n;
		at = end;
	}
	st->records += seq;
	return strncmp(reply, "stored ", 7) == 0 || strncmp(reply, "already stored ", 15) == 0 ?
		0 : -1;
}

struct run_buf {
	char *text;
	size_t len, cap;
	unsigned first_line, records;
	char session[17];
};

static int buf_add(struct run_buf *b, const char *p, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t nc = b->cap ? b->cap * 2 : 65536;
		char *t;

		while (nc < b->len + n + 1)
			nc *= 2;
		if (!(t = realloc(b->text, nc)))
			return -1;
		b->text = t;
		b->cap = nc;
	}
	memcpy(b->text + b->len, p, n);
	b->len += n;
	b->text[b->len++] = '\n';
	return 0;
}

/* A begin record starts a run: its own upload_session when it names one, else a fresh one. */
static int start_run(struct run_buf *b, struct recline *r, unsigned line)
{
	const char *us = json_string_value(json_object_get(r->obj, "upload_session"));

	b->len = 0;
	b->records = 0;
	b->first_line = line;
	if (upload_session_id_ok(us)) {
		snprintf(b->session, sizeof(b->session), "%s", us);
		return 0;
	}
	return upload_new_session(b->session);
}

static void send_one(struct http_conn *c, struct run_buf *b, unsigned last, const char *name,
		     const struct upload_send_opts *o, FILE *out, FILE *err,
		     struct upload_send_stats *st)
{
	char reply[600], shown[700];

	st->runs++;
	if (upload_send_run(c, b->session, b->text, b->len, o, st, reply, sizeof(reply)) == 0) {
		if (strncmp(reply, "stored ", 7) == 0)
			st->stored++;
		else
			st->already++;
		if (!o->quiet)
			fprintf(out, "%s: run at lines %u-%u (%u records, session %s): %s\n", name,
				b->first_line, last, b->records, b->session,
				esc_term(reply, shown, sizeof(shown)));
		return;
	}
	st->failed++;
	fprintf(err, "vmxbench upload: %s: run at lines %u-%u (session %s) not stored: %s\n",
		name, b->first_line, last, b->session, esc_term(reply, shown, sizeof(shown)));
}

int upload_send_log(struct http_conn *c, FILE *f, const char *name,
		    const struct upload_send_opts *o, FILE *out, FILE *err,
		    struct upload_send_stats *st)
{
	struct run_buf b = { 0 };
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	unsigned ln = 0, outside = 0, failed0 = st->failed;
	bool in_run = false;

	while ((n = getline(&line, &cap, f)) >= 0) {
		const char *t = recline_memmem(line, (size_t)n, REC_TAG, TAGLEN);
		size_t len;
		struct recline r;
		enum recline_kind k;

		ln++;
		if (!t)
			continue;
		len = (size_t)n - (size_t)(t - line);
		while (len && (t[len - 1] == '\n' || t[len - 1] == '\r'))
			len--;
		k = recline_parse(t, len, &r);
		if (k == RECLINE_OK && strcmp(r.type, "begin") == 0) {
			if (in_run)
				fprintf(err, "vmxbench upload: %s: run at line %u has no end record: not "
					"sent\n", name, b.first_line);
			in_run = start_run(&b, &r, ln) == 0;
		}
		/* any other line of a run is sent as it is: the collector judges it */
		if (!in_run) {
			outside++;
		} else if (buf_add(&b, t, len)) {
			fprintf(err, "vmxbench upload: %s: run at line %u: out of memory: not sent\n",
				name, b.first_line);
			st->failed++;
			in_run = false;
		} else {
			b.records++;
		}
		if (in_run && k == RECLINE_OK && strcmp(r.type, "end") == 0) {
			send_one(c, &b, ln, name, o, out, err, st);
			in_run = false;
		}
		if (k == RECLINE_OK)
			json_decref(r.obj);
	}
	if (in_run) {
		fprintf(err, "vmxbench upload: %s: run at line %u has no end record: not sent\n",
			name, b.first_line);
		st->failed++;
	}
	if (outside)
		fprintf(err, "vmxbench upload: %s: %u record line%s outside a begin…end run not "
			"sent\n", name, outside, outside == 1 ? "" : "s");
	free(line);
	free(b.text);
	if (ferror(f)) {
		fprintf(err, "vmxbench upload: %s: read error: %s\n", name, strerror(errno));
		return 1;
	}
	return st->failed != failed0 || !st->runs ? 1 : 0;
}
