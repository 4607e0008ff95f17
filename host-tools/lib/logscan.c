/** @file
 * Run assembly and stream checks (see logscan.h, docs/record-format.md).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "lib/logscan.h"
#include "lib/recline.h"
#include "lib/crc32.h"
#include "record/writer.h"

#define TAGLEN (sizeof(REC_TAG) - 1)
#define FNV_OFFSET 0xcbf29ce484222325ull
#define FNV_PRIME 0x100000001b3ull

void logscan_init(struct logscan *s)
{
	memset(s, 0, sizeof(*s));
	s->state = SCAN_IDLE;
}

void logscan_sinks(struct logscan *s, scan_run_fn on_run, scan_error_fn on_error, void *ctx)
{
	s->on_run = on_run;
	s->on_error = on_error;
	s->ctx = ctx;
}

static void add_error(struct logscan *s, unsigned line, unsigned run_line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void add_error(struct logscan *s, unsigned line, unsigned run_line, const char *fmt, ...)
{
	struct scan_error one, *e = &one, *n;
	va_list ap;

	if (!s->on_error) {
		n = realloc(s->errors, (s->nerrors + 1) * sizeof(*n));
		if (!n)
			abort();
		s->errors = n;
		e = &s->errors[s->nerrors++];
	}
	e->line = line;
	e->run_line = run_line;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	if (s->on_error)
		s->on_error(e, s->ctx);
}

static void drop_run(struct logscan *s)
{
	json_decref(s->cur.records);
	memset(&s->cur, 0, sizeof(s->cur));
}

static void keep_run(struct logscan *s)
{
	struct scan_run *n;

	if (s->on_run) {
		s->on_run(&s->cur, s->ctx);
		drop_run(s);
		return;
	}
	n = realloc(s->runs, (s->nruns + 1) * sizeof(*n));
	if (!n)
		abort();
	s->runs = n;
	s->runs[s->nruns++] = s->cur;
	memset(&s->cur, 0, sizeof(s->cur));
}

static void start_run(struct logscan *s)
{
	s->cur.records = json_array();
	if (!s->cur.records)
		abort();
	s->cur.first_line = s->lines;
	s->cur.crc = 0;
	s->cur.hash = FNV_OFFSET;
	s->state = SCAN_IN_RUN;
}

/* FNV-1a over the CRC'd text and a '\n' (which the text cannot hold) per record. */
static uint64_t fnv1a(uint64_t h, const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)p[i]) * FNV_PRIME;
	return (h ^ '\n') * FNV_PRIME;
}

static void append(struct logscan *s, struct recline *r)
{
	uint8_t c[4] = { r->crc >> 24, r->crc >> 16, r->crc >> 8, r->crc };

	if (json_is_true(json_object_get(r->obj, "truncated")))
		s->cur.truncated++;
	s->cur.crc = crc32_update(s->cur.crc, c, sizeof(c));
	s->cur.hash = fnv1a(s->cur.hash, r->body, r->body_len);
	s->cur.last_line = s->lines;
	if (json_array_append_new(s->cur.records, r->obj))
		abort();
	r->obj = NULL;
	s->last_seq = r->seq;
	s->last_seq_line = s->lines;
}

/* A valid record line inside a run: seq must follow, end must count right. */
static void run_record(struct logscan *s, struct recline *r)
{
	unsigned ln = s->lines, rl = s->cur.first_line;
	long long want = s->last_seq + 1;

	if (r->seq != want) {
		if (r->seq > want)
			add_error(s, ln, rl, "seq jumps from %lld to %lld: %lld record%s lost",
				  s->last_seq, r->seq, r->seq - want, r->seq - want == 1 ? "" : "s");
		else if (r->seq == s->last_seq)
			add_error(s, ln, rl, "seq %lld repeats (line %u has it too): duplicated line",
				  r->seq, s->last_seq_line);
		else
			add_error(s, ln, rl, "seq goes back from %lld to %lld: lines mixed up",
				  s->last_seq, r->seq);
		drop_run(s);
		s->state = SCAN_POISONED;
		return;
	}
	json_t *rec = r->obj;

	append(s, r);
	if (strcmp(json_string_value(json_object_get(rec, "type")), "end") != 0)
		return;
	json_t *cnt = json_object_get(rec, "records");
	long long have = (long long)json_array_size(s->cur.records);

	if (!json_is_integer(cnt)) {
		add_error(s, ln, rl, "end record has no integer \"records\" count");
		drop_run(s);
	} else if (json_integer_value(cnt) != have) {
		add_error(s, ln, rl, "end record says %lld records, the run has %lld",
			  json_integer_value(cnt), have);
		drop_run(s);
	} else {
		keep_run(s);
	}
	s->state = SCAN_IDLE;
}

static void unfinished(struct logscan *s, unsigned at, const char *why)
{
	add_error(s, at, s->cur.first_line,
		  "%s after seq %lld (line %u) without an end record: truncated",
		  why, s->last_seq, s->last_seq_line);
	drop_run(s);
}

/* A record line that cannot be read: it costs the run it sits in. */
static void bad_record(struct logscan *s, const char *why)
{
	if (s->state != SCAN_POISONED)
		add_error(s, s->lines, s->state == SCAN_IN_RUN ? s->cur.first_line : 0, "%s", why);
	if (s->state == SCAN_IN_RUN)
		drop_run(s);
	s->state = SCAN_POISONED;
}

void logscan_line(struct logscan *s, const char *line, size_t len)
{
	struct recline r;
	enum recline_kind k;

	s->lines++;
	k = recline_parse(line, len, &r);
	if (k == RECLINE_NOISE)
		return;
	s->records++;
	if (k != RECLINE_OK) {
		bad_record(s, r.err);
		return;
	}
	if (strcmp(r.type, "begin") == 0) {
		if (s->state == SCAN_IN_RUN)
			unfinished(s, s->lines, "a new begin record arrives");
		if (r.seq != 0) {
			add_error(s, s->lines, 0, "begin record has seq %lld, expected 0", r.seq);
			s->state = SCAN_POISONED;
			json_decref(r.obj);
			return;
		}
		start_run(s);
		s->last_seq = -1;
		run_record(s, &r);
	} else if (s->state == SCAN_IN_RUN) {
		run_record(s, &r);
	} else if (s->state == SCAN_IDLE) {
		add_error(s, s->lines, 0, "\"%s\" record (seq %lld) outside a run: no begin "
			  "record before it", r.type, r.seq);
		s->state = SCAN_POISONED;
	} else if (strcmp(r.type, "end") == 0) {
		s->state = SCAN_IDLE; /* the end of a run already reported */
	}
	json_decref(r.obj);
}

/*
 * The line buffer is full. Noise before the first tag is dropped (keeping
 * what could be the start of a tag); a record filling it is too long.
 */
static void buf_full(struct logscan *s)
{
	const char *t = recline_memmem(s->buf, s->blen, REC_TAG, TAGLEN);
	size_t keep = t ? s->blen - (size_t)(t - s->buf) : TAGLEN - 1;

	if (t == s->buf) {
		s->overlong = 1;
		s->blen = 0;
		return;
	}
	memmove(s->buf, s->buf + s->blen - keep, keep);
	s->blen = keep;
}

/* Grow the buffer (doubling, up to LOGSCAN_LINE_MAX) to hold @p want bytes. */
static void buf_grow(struct logscan *s, size_t want)
{
	size_t cap = s->bcap ? s->bcap : 256;
	char *b;

	if (want <= s->bcap)
		return;
	while (cap < want)
		cap *= 2;
	cap = cap > LOGSCAN_LINE_MAX ? LOGSCAN_LINE_MAX : cap;
	b = realloc(s->buf, cap);
	if (!b)
		abort();
	s->buf = b;
	s->bcap = cap;
}

/* Bytes of the current line (no newline among them). */
static void line_add(struct logscan *s, const char *d, size_t n)
{
	s->line_len += n;
	while (n && !s->overlong) {
		size_t k;

		if (s->blen == LOGSCAN_LINE_MAX) {
			buf_full(s);
			continue;
		}
		k = LOGSCAN_LINE_MAX - s->blen;
		k = k < n ? k : n;
		buf_grow(s, s->blen + k);
		memcpy(s->buf + s->blen, d, k);
		s->blen += k;
		d += k;
		n -= k;
	}
}

static void line_end(struct logscan *s)
{
	char why[128];

	if (s->overlong) {
		s->lines++;
		s->records++;
		snprintf(why, sizeof(why), "record line of %zu bytes exceeds the %d KiB limit: "
			 "record dropped", s->line_len, LOGSCAN_LINE_MAX / 1024);
		bad_record(s, why);
	} else {
		logscan_line(s, s->buf, s->blen);
	}
	s->blen = 0;
	s->line_len = 0;
	s->overlong = 0;
}

void logscan_feed(struct logscan *s, const char *data, size_t len)
{
	while (len) {
		const char *nl = memchr(data, '\n', len);
		size_t n = nl ? (size_t)(nl - data) : len;

		line_add(s, data, n);
		if (!nl)
			return;
		line_end(s);
		data += n + 1;
		len -= n + 1;
	}
}

void logscan_finish(struct logscan *s)
{
	if (s->line_len)
		line_end(s);
	if (s->state == SCAN_IN_RUN)
		unfinished(s, 0, "stream ends");
	s->state = SCAN_IDLE;
}

int logscan_stream(struct logscan *s, FILE *f)
{
	char chunk[65536];
	size_t n;

	errno = 0;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		logscan_feed(s, chunk, n);
	if (ferror(f))
		return errno ? -errno : -EIO;
	logscan_finish(s);
	return 0;
}

void logscan_free(struct logscan *s)
{
	for (size_t i = 0; i < s->nruns; i++)
		json_decref(s->runs[i].records);
	drop_run(s);
	free(s->runs);
	free(s->errors);
	free(s->buf);
	memset(s, 0, sizeof(*s));
}
