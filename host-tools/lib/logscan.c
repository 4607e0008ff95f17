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

void logscan_init(struct logscan *s)
{
	memset(s, 0, sizeof(*s));
	s->state = SCAN_IDLE;
}

static void add_error(struct logscan *s, unsigned line, unsigned run_line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void add_error(struct logscan *s, unsigned line, unsigned run_line, const char *fmt, ...)
{
	struct scan_error *e, *n;
	va_list ap;

	n = realloc(s->errors, (s->nerrors + 1) * sizeof(*n));
	if (!n)
		abort();
	s->errors = n;
	e = &s->errors[s->nerrors++];
	e->line = line;
	e->run_line = run_line;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
}

static void drop_run(struct logscan *s)
{
	json_decref(s->cur.records);
	memset(&s->cur, 0, sizeof(s->cur));
}

static void keep_run(struct logscan *s)
{
	struct scan_run *n = realloc(s->runs, (s->nruns + 1) * sizeof(*n));

	if (!n)
		abort();
	s->runs = n;
	s->runs[s->nruns++] = s->cur;
	memset(&s->cur, 0, sizeof(s->cur));
}

static void start_run(struct logscan *s)
{
	s->cur.records = json_array();
	s->cur.first_line = s->lines;
	s->cur.crc = 0;
	s->state = SCAN_IN_RUN;
}

static void append(struct logscan *s, struct recline *r)
{
	uint8_t c[4] = { r->crc >> 24, r->crc >> 16, r->crc >> 8, r->crc };

	if (json_is_true(json_object_get(r->obj, "truncated")))
		s->cur.truncated++;
	s->cur.crc = crc32_update(s->cur.crc, c, sizeof(c));
	s->cur.last_line = s->lines;
	json_array_append_new(s->cur.records, r->obj);
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
	append(s, r);
	if (strcmp(json_string_value(json_object_get(
			   json_array_get(s->cur.records, json_array_size(s->cur.records) - 1),
			   "type")), "end") != 0)
		return;
	json_t *cnt = json_object_get(json_array_get(s->cur.records,
						     json_array_size(s->cur.records) - 1), "records");
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
		if (s->state != SCAN_POISONED)
			add_error(s, s->lines, s->state == SCAN_IN_RUN ? s->cur.first_line : 0,
				  "%s", r.err);
		if (s->state == SCAN_IN_RUN)
			drop_run(s);
		s->state = SCAN_POISONED;
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

void logscan_feed(struct logscan *s, const char *data, size_t len)
{
	while (len) {
		const char *nl = memchr(data, '\n', len);
		size_t n = nl ? (size_t)(nl - data) : len;

		if (s->blen + n > s->bcap && s->bcap < LOGSCAN_LINE_MAX) {
			size_t cap = s->blen + n;

			cap = cap < 256 ? 256 : cap;
			cap = cap > LOGSCAN_LINE_MAX ? LOGSCAN_LINE_MAX : cap;
			char *b = realloc(s->buf, cap);

			if (!b)
				abort();
			s->buf = b;
			s->bcap = cap;
		}
		/* Over-long line: keep its tail, where a record would be. */
		if (n && n >= s->bcap) {
			memcpy(s->buf, data + n - s->bcap, s->bcap);
			s->blen = s->bcap;
			s->overlong = 1;
		} else {
			if (s->blen + n > s->bcap) {
				size_t drop = s->blen + n - s->bcap;

				memmove(s->buf, s->buf + drop, s->blen - drop);
				s->blen -= drop;
				s->overlong = 1;
			}
			if (n)
				memcpy(s->buf + s->blen, data, n);
			s->blen += n;
		}
		if (!nl)
			return;
		logscan_line(s, s->buf, s->blen);
		s->blen = 0;
		s->overlong = 0;
		data += n + 1;
		len -= n + 1;
	}
}

void logscan_finish(struct logscan *s)
{
	if (s->blen) {
		logscan_line(s, s->buf, s->blen);
		s->blen = 0;
	}
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
