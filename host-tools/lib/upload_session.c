/** @file
 * Upload sessions (see upload_session.h, docs/upload.md).
 *
 * Locks: the table lock guards the session list, the byte and session
 * counts and each session's reference count; a session's own lock guards
 * its records, so batches of different machines are parsed in parallel.
 * Order: a session lock may be held while taking the table lock, never the
 * other way round (the sweep only try-locks sessions). The store lock
 * serialises identification and the write (libcpuid keeps global state).
 */
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <nettle/sha2.h>

#include "lib/collect_run.h"
#include "lib/esc.h"
#include "lib/logscan.h"
#include "lib/upload_parse.h"
#include "lib/upload_session.h"

/* Ended sessions remembered (to answer a resent final batch) per open-session slot. */
#define ENDED_PER_SLOT 16

struct session {
	char id[17];
	char peer[64];
	char *label, *mac, *suite;
	pthread_mutex_t lock;
	unsigned refs;            /* table lock */
	bool listed;              /* in the table (table lock) */
	bool dead, ended, bound;
	char *text;               /* the record lines held, in seq order */
	size_t len, cap;
	size_t *off;              /* off[i]: start of seq i in text; off[next] = len */
	size_t offcap;
	long long next;           /* seq of the next record expected */
	time_t last;
	/* once ended: the answer to a resent final batch */
	long long final_seq;
	uint8_t final_digest[SHA256_DIGEST_SIZE];
	char run_id[RUN_ID_MAX + 1];
	char why[384];            /* dead: the reason */
};

struct upload_sessions {
	struct upload_limits lim;
	struct upload_key key;
	bool keyed;
	char *out_dir;
	upload_event_fn fn;
	void *ctx;
	pthread_mutex_t lock, store_lock;
	struct session **v;       /* open and ended sessions */
	size_t n, cap;
	unsigned open;
	size_t held;              /* bytes held by open sessions */
};

time_t upload_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

bool upload_session_id_ok(const char *s)
{
	return s && strlen(s) == 16 && strspn(s, "0123456789abcdef") == 16;
}

struct upload_sessions *upload_sessions_new(const struct upload_limits *lim,
					    const struct upload_key *key, const char *out_dir,
					    upload_event_fn fn, void *ctx)
{
	struct upload_sessions *t = calloc(1, sizeof(*t));

	if (!t || !(t->out_dir = strdup(out_dir))) {
		free(t);
		return NULL;
	}
	t->lim = *lim;
	if (key) {
		t->key = *key;
		t->keyed = true;
	}
	t->fn = fn;
	t->ctx = ctx;
	pthread_mutex_init(&t->lock, NULL);
	pthread_mutex_init(&t->store_lock, NULL);
	return t;
}

static void emit(struct upload_sessions *t, struct session *s, enum upload_event_kind k,
		 const char *file, const char *codename, const char *why)
{
	struct upload_event e = {
		.kind = k, .session = s->id, .peer = s->peer, .label = s->label ?: "",
		.mac = s->mac ?: "", .suite = s->suite ?: "", .records = (unsigned long long)s->next,
		.authenticated = t->keyed && s->bound, .file = file, .codename = codename, .why = why,
	};

	if (t->fn)
		t->fn(&e, t->ctx);
}

static void free_text(struct session *s)
{
	free(s->text);
	free(s->off);
	s->text = NULL;
	s->off = NULL;
	s->len = s->cap = s->offcap = 0;
}

static void session_free(struct session *s)
{
	free_text(s);
	free(s->label);
	free(s->mac);
	free(s->suite);
	pthread_mutex_destroy(&s->lock);
	free(s);
}

/* Table lock held. */
static void unlist(struct upload_sessions *t, struct session *s)
{
	if (!s->listed)
		return;
	for (size_t i = 0; i < t->n; i++) {
		if (t->v[i] != s)
			continue;
		t->v[i] = t->v[--t->n];
		break;
	}
	s->listed = false;
	if (!s->ended)
		t->open--;
	t->held -= s->len;
	s->refs--;
}

static void unref(struct upload_sessions *t, struct session *s)
{
	bool last;

	pthread_mutex_lock(&t->lock);
	last = --s->refs == 0;
	pthread_mutex_unlock(&t->lock);
	if (last)
		session_free(s);
}

/* Session lock held: drop it whole, nothing stored, and say why. */
static void drop(struct upload_sessions *t, struct session *s, const char *why)
{
	snprintf(s->why, sizeof(s->why), "%s", why);
	s->dead = true;
	pthread_mutex_lock(&t->lock);
	unlist(t, s);
	pthread_mutex_unlock(&t->lock);
	free_text(s);
	emit(t, s, UPLOAD_EV_DROPPED, NULL, NULL, why);
}

static void reply(struct upload_reply *rp, int status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void reply(struct upload_reply *rp, int status, const char *fmt, ...)
{
	va_list ap;

	char raw[1024];

	rp->status = status;
	rp->said = false;
	va_start(ap, fmt);
	vsnprintf(raw, sizeof(raw), fmt, ap);
	va_end(ap);
	/* reasons quote record text: one printable line, whatever the batch held */
	esc_term(raw, rp->msg, sizeof(rp->msg));
}

/* A 400 that costs the session: the reply says so, the listener prints it. */
static void refuse(struct upload_sessions *t, struct session *s, struct upload_reply *rp,
		   int status, const char *why)
{
	reply(rp, status, "%s: session dropped, nothing stored", why);
	drop(t, s, why);
	rp->said = true;
}

/* The oldest ended session, to make room (table lock held). */
static void forget_oldest_ended(struct upload_sessions *t)
{
	struct session *old = NULL;

	for (size_t i = 0; i < t->n; i++)
		if (t->v[i]->ended && (!old || t->v[i]->last < old->last))
			old = t->v[i];
	if (old) {
		unlist(t, old);
		if (!old->refs)
			session_free(old);
	}
}

static void digest(const char *body, size_t len, uint8_t out[SHA256_DIGEST_SIZE])
{
	struct sha256_ctx h;

	sha256_init(&h);
	sha256_update(&h, len, (const uint8_t *)body);
	sha256_digest(&h, SHA256_DIGEST_SIZE, out);
}

/* Is this batch the final batch of the ended session @p s, sent again? */
static bool resent_final(struct session *s, const struct upload_req *rq, long long seq)
{
	uint8_t d[SHA256_DIGEST_SIZE];

	if (seq != s->final_seq)
		return false;
	digest(rq->body, rq->len, d);
	return memcmp(d, s->final_digest, sizeof(d)) == 0;
}

/* Find or open the session of a batch; NULL with the reply filled. Referenced. */
static struct session *get_session(struct upload_sessions *t, const struct upload_req *rq,
				   long long seq, struct upload_reply *rp)
{
	struct session *s = NULL;

	pthread_mutex_lock(&t->lock);
	for (size_t i = 0; i < t->n && !s; i++)
		if (strcmp(t->v[i]->id, rq->session) == 0)
			s = t->v[i];
	/* a whole run sent again under its ended session starts it again (stored once) */
	if (s && s->ended && seq == 0 && !resent_final(s, rq, seq)) {
		unlist(t, s);
		if (!s->refs)
			session_free(s);
		s = NULL;
	}
	if (s) {
		s->refs++;
		goto out;
	}
	if (seq != 0) {
		reply(rp, 400, "unknown session %s: its first batch (seq 0) never arrived, or the "
		      "collector dropped the session or restarted", rq->session);
		goto out;
	}
	if (t->open >= t->lim.max_sessions) {
		reply(rp, 503, "too many open sessions (%u): try again later", t->open);
		goto out;
	}
	if (t->n >= (size_t)t->lim.max_sessions * (ENDED_PER_SLOT + 1))
		forget_oldest_ended(t);
	if (t->n == t->cap) {
		size_t nc = t->cap ? 2 * t->cap : 16;
		struct session **nv = realloc(t->v, nc * sizeof(*nv));

		if (!nv)
			goto oom;
		t->v = nv;
		t->cap = nc;
	}
	s = calloc(1, sizeof(*s));
	if (!s)
		goto oom;
	snprintf(s->id, sizeof(s->id), "%s", rq->session);
	snprintf(s->peer, sizeof(s->peer), "%s", rq->peer ?: "");
	pthread_mutex_init(&s->lock, NULL);
	s->refs = 2; /* the table's and the caller's */
	s->listed = true;
	s->last = upload_now();
	t->v[t->n++] = s;
	t->open++;
out:
	pthread_mutex_unlock(&t->lock);
	return s;
oom:
	pthread_mutex_unlock(&t->lock);
	reply(rp, 503, "collector out of memory");
	return NULL;
}

/* A batch for a session whose run is stored: a resent final batch, or too late. */
static void after_end(struct session *s, const struct upload_req *rq, long long seq,
		      struct upload_reply *rp)
{
	if (resent_final(s, rq, seq))
		reply(rp, 200, "already stored %s", s->run_id);
	else
		reply(rp, 409, "session %s already ended: its run is stored as %s", s->id,
		      s->run_id);
}

/* Make room for @p add more bytes and @p nrec more offsets. @return 0 or -1. */
static int reserve(struct session *s, size_t add, size_t nrec)
{
	if (s->len + add > s->cap) {
		size_t nc = s->cap ? s->cap : 65536;
		char *nt;

		while (nc < s->len + add)
			nc *= 2;
		if (!(nt = realloc(s->text, nc)))
			return -1;
		s->text = nt;
		s->cap = nc;
	}
	if ((size_t)s->next + nrec + 1 > s->offcap) {
		size_t nc = s->offcap ? s->offcap : 1024;
		size_t *no;

		while (nc < (size_t)s->next + nrec + 1)
			nc *= 2;
		if (!(no = realloc(s->off, nc * sizeof(*no))))
			return -1;
		s->off = no;
		s->offcap = nc;
	}
	return 0;
}

static char *take(char **p)
{
	char *v = *p;

	*p = NULL;
	return v;
}

/* The records this batch repeats must be the bytes held. @return records repeated or -1. */
static long long repeated(struct session *s, const struct upload_batch *b, const char *body)
{
	long long rep = s->next - b->seq;

	if (rep <= 0)
		return 0;
	if ((size_t)rep > b->n)
		rep = (long long)b->n;
	for (long long i = 0; i < rep; i++) {
		size_t at = s->off[b->seq + i], held = s->off[b->seq + i + 1] - at;
		const struct upload_line *l = &b->lines[i];

		if (held != l->len || memcmp(s->text + at, body + l->off, l->len) != 0)
			return -1;
	}
	return rep;
}

struct finish {
	struct upload_sessions *t;
	struct session *s;
	struct upload_reply *rp;
	bool seen;  /* logscan handed over a run or an error */
	int status;
};

static json_t *upload_json(struct upload_sessions *t, struct session *s)
{
	return json_pack("{s:s, s:s, s:b, s:b}", "session", s->id, "peer", s->peer,
			 "authenticated", t->keyed && s->bound, "bound", s->bound);
}

/* logscan's complete run: the session's run, stored by the serial path's store. */
static void finish_run(struct scan_run *r, void *vf)
{
	struct finish *f = vf;
	struct session *s = f->s;
	struct collect_run_out *o = malloc(sizeof(*o));
	json_t *up = upload_json(f->t, s);
	char src[128];
	enum collect_run_result res;

	f->seen = true;
	if (!o || !up) {
		free(o);
		json_decref(up);
		reply(f->rp, 500, "collector out of memory: not stored");
		f->status = 500;
		return;
	}
	snprintf(src, sizeof(src), "upload from %s", s->peer);
	pthread_mutex_lock(&f->t->store_lock);
	res = collect_run_store(r, f->t->out_dir, NULL, src, up, o);
	pthread_mutex_unlock(&f->t->store_lock);
	json_decref(up);
	run_id_from_hash(r->hash, s->run_id, sizeof(s->run_id));
	switch (res) {
	case CRUN_STORED:
	case CRUN_ALREADY:
		reply(f->rp, 200, "%s %s", res == CRUN_STORED ? "stored" : "already stored",
		      s->run_id);
		emit(f->t, s, res == CRUN_STORED ? UPLOAD_EV_STORED : UPLOAD_EV_ALREADY, o->file,
		     o->id.codename, NULL);
		f->status = 200;
		break;
	case CRUN_UNIDENTIFIED:
		reply(f->rp, 400, "not stored: %s", o->why);
		f->status = 400;
		break;
	case CRUN_ID_TAKEN:
		reply(f->rp, 500, "not stored: a stored run of id %s holds other records",
		      s->run_id);
		f->status = 500;
		break;
	case CRUN_ERROR:
		reply(f->rp, 500, "not stored: %s: %s", o->file, strerror(-o->err));
		f->status = 500;
		break;
	}
	free(o);
}

static void finish_error(const struct scan_error *e, void *vf)
{
	struct finish *f = vf;

	if (f->seen)
		return; /* the first problem is the answer */
	f->seen = true;
	f->status = 400;
	if (e->line)
		reply(f->rp, 400, "record seq %u: %s", e->line - 1, e->msg);
	else
		reply(f->rp, 400, "%s", e->msg);
}

/*
 * The end record is held: the whole run through the serial reader (the
 * same checks as a log) and the same store. @return the status.
 */
static int finish(struct upload_sessions *t, struct session *s, struct upload_reply *rp)
{
	struct finish f = { t, s, rp, false, 0 };
	struct logscan sc;

	logscan_init(&sc);
	logscan_sinks(&sc, finish_run, finish_error, &f);
	logscan_feed(&sc, s->text, s->len);
	logscan_finish(&sc);
	logscan_free(&sc);
	if (!f.seen)
		reply(rp, f.status = 400, "the session's records hold no complete run");
	return f.status;
}

/* Held: the batch's new records (from @p rep on) appended. Session lock held. */
static void hold(struct upload_sessions *t, struct session *s, struct upload_batch *b,
		 const struct upload_req *rq, long long rep, struct upload_reply *rp)
{
	size_t from = b->lines[rep].off, add = rq->len - from;
	size_t len0 = s->len;
	long long next0 = s->next;
	int st;

	if (s->len + add > t->lim.max_session) {
		char why[160];

		snprintf(why, sizeof(why), "the session would hold %zu bytes, over the limit of "
			 "%zu (--max-body)", s->len + add, t->lim.max_session);
		return refuse(t, s, rp, 413, why);
	}
	pthread_mutex_lock(&t->lock);
	if (t->held + add > t->lim.max_held) {
		reply(rp, 503, "the collector holds too much (%zu bytes in %u sessions): try again "
		      "later", t->held, t->open);
		pthread_mutex_unlock(&t->lock);
		return;
	}
	t->held += add;
	pthread_mutex_unlock(&t->lock);
	if (reserve(s, add, b->n)) {
		pthread_mutex_lock(&t->lock);
		t->held -= add;
		pthread_mutex_unlock(&t->lock);
		return reply(rp, 503, "collector out of memory: try again later");
	}
	memcpy(s->text + s->len, rq->body + from, add);
	for (size_t i = (size_t)rep; i < b->n; i++) {
		s->off[s->next++] = s->len;
		s->len += b->lines[i].len;
	}
	s->off[s->next] = s->len;
	if (b->has_begin && rep == 0) {
		s->bound = b->bound_session != NULL;
		s->label = take(&b->label);
		s->mac = take(&b->mac);
	}
	if (b->suite) {
		free(s->suite);
		s->suite = take(&b->suite);
	}
	if (!b->has_end) {
		reply(rp, 200, "ok %lld", s->next);
		return emit(t, s, UPLOAD_EV_BATCH, NULL, NULL, NULL);
	}
	st = finish(t, s, rp);
	if (st == 200) {
		uint8_t d[SHA256_DIGEST_SIZE];

		digest(rq->body, rq->len, d);
		/* under the table lock too: get_session reads them holding only that */
		pthread_mutex_lock(&t->lock);
		s->ended = true;
		s->final_seq = b->seq;
		memcpy(s->final_digest, d, sizeof(d));
		t->held -= s->len;
		t->open--;
		pthread_mutex_unlock(&t->lock);
		free_text(s);
	} else if (st == 400) {
		drop(t, s, rp->msg);
		strncat(rp->msg, ": session dropped, nothing stored",
			sizeof(rp->msg) - strlen(rp->msg) - 1);
		rp->said = true;
	} else {
		/* the store failed (disk, memory): keep the session, a resend tries again */
		pthread_mutex_lock(&t->lock);
		t->held -= s->len - len0;
		pthread_mutex_unlock(&t->lock);
		s->len = len0;
		s->next = next0;
	}
}

/* The session's part: a batch that parsed, for a session that is ours. Session lock held. */
static void take_batch(struct upload_sessions *t, struct session *s, struct upload_batch *b,
		       const struct upload_req *rq, struct upload_reply *rp)
{
	char why[384];
	long long rep;

	if (s->dead)
		return reply(rp, 409, "session %s was dropped: %s", s->id, s->why);
	if (s->ended)
		return after_end(s, rq, b->seq, rp);
	s->last = upload_now();
	if (b->seq > s->next) {
		snprintf(why, sizeof(why), "seq jumps from %lld to %lld: %lld record%s lost",
			 s->next - 1, b->seq, b->seq - s->next, b->seq - s->next == 1 ? "" : "s");
		return refuse(t, s, rp, 400, why);
	}
	if (b->has_begin && b->bound_session && strcmp(b->bound_session, s->id) != 0) {
		snprintf(why, sizeof(why), "the begin record names upload_session %.40s, the request "
			 "session %s: a batch of another run", b->bound_session, s->id);
		return refuse(t, s, rp, 400, why);
	}
	rep = repeated(s, b, rq->body);
	if (rep < 0) {
		snprintf(why, sizeof(why), "a batch from seq %lld repeats records the collector "
			 "holds, with other bytes", b->seq);
		return refuse(t, s, rp, 400, why);
	}
	if ((size_t)rep == b->n) /* a resend of what is held: acknowledged again */
		return reply(rp, 200, "ok %lld", s->next);
	hold(t, s, b, rq, rep, rp);
}

void upload_batch(struct upload_sessions *t, const struct upload_req *rq,
		  struct upload_reply *rp)
{
	struct upload_batch b;
	struct session *s;
	char why[384];

	if (!upload_session_id_ok(rq->session))
		return reply(rp, 400, "X-Vmxb-Session missing or not 16 lower-case hex digits");
	if (t->keyed && !rq->mac)
		return reply(rp, 401, "X-Vmxb-Mac missing: this collector takes only batches "
			     "signed with the lab key");
	if (t->keyed && !upload_mac_ok(&t->key, rq->session, rq->seq ?: "", rq->body, rq->len,
				       rq->mac))
		return reply(rp, 401, "X-Vmxb-Mac does not match the batch (another key, or the "
			     "batch was altered): batch refused");
	if (rq->len > t->lim.max_batch)
		return reply(rp, 413, "batch of %zu bytes, over the limit of %zu", rq->len,
			     t->lim.max_batch);
	if (upload_parse(rq->seq, rq->body, rq->len, &b, why, sizeof(why))) {
		/* the batch is wrong whatever the session: it costs an open one */
		s = upload_session_id_ok(rq->session) ? get_session(t, rq, -1, rp) : NULL;
		if (s) {
			pthread_mutex_lock(&s->lock);
			if (!s->dead && !s->ended)
				refuse(t, s, rp, 400, why);
			else
				reply(rp, 400, "%s", why);
			pthread_mutex_unlock(&s->lock);
			unref(t, s);
		} else {
			reply(rp, 400, "%s", why);
		}
		upload_batch_free(&b);
		return;
	}
	s = get_session(t, rq, b.seq, rp);
	if (s) {
		pthread_mutex_lock(&s->lock);
		take_batch(t, s, &b, rq, rp);
		pthread_mutex_unlock(&s->lock);
		unref(t, s);
	}
	upload_batch_free(&b);
}

unsigned upload_sweep(struct upload_sessions *t, time_t now)
{
	struct session **gone;
	size_t ng = 0;
	unsigned dropped = 0;
	char why[160];

	pthread_mutex_lock(&t->lock);
	gone = calloc(t->n ? t->n : 1, sizeof(*gone));
	for (size_t i = 0; gone && i < t->n;) {
		struct session *s = t->v[i];

		/* a session being worked on is not idle; its time is read under its lock */
		if (pthread_mutex_trylock(&s->lock)) {
			i++;
			continue;
		}
		if (now - s->last < (time_t)t->lim.idle_secs) {
			pthread_mutex_unlock(&s->lock);
			i++;
			continue;
		}
		s->refs++;
		unlist(t, s);   /* moves another session to slot i */
		gone[ng++] = s; /* still locked */
	}
	pthread_mutex_unlock(&t->lock);
	for (size_t i = 0; i < ng; i++) {
		struct session *s = gone[i];

		if (!s->ended) {
			snprintf(why, sizeof(why), "no batch for %u s (--idle): dropped with %lld "
				 "record%s held, nothing stored", t->lim.idle_secs, s->next,
				 s->next == 1 ? "" : "s");
			snprintf(s->why, sizeof(s->why), "%s", why);
			s->dead = true;
			free_text(s);
			emit(t, s, UPLOAD_EV_DROPPED, NULL, NULL, why);
			dropped++;
		}
		pthread_mutex_unlock(&s->lock);
		unref(t, s);
	}
	free(gone);
	return dropped;
}

unsigned upload_drop_all(struct upload_sessions *t, const char *why)
{
	unsigned n = 0;

	for (;;) {
		struct session *s = NULL;

		pthread_mutex_lock(&t->lock);
		for (size_t i = 0; i < t->n && !s; i++)
			if (!t->v[i]->ended)
				s = t->v[i];
		if (s)
			s->refs++;
		pthread_mutex_unlock(&t->lock);
		if (!s)
			return n;
		pthread_mutex_lock(&s->lock);
		if (!s->dead && !s->ended) {
			char m[256];

			snprintf(m, sizeof(m), "%s: dropped with %lld record%s held, nothing stored",
				 why, s->next, s->next == 1 ? "" : "s");
			drop(t, s, m);
			n++;
		}
		pthread_mutex_unlock(&s->lock);
		unref(t, s);
	}
}

unsigned upload_open(struct upload_sessions *t)
{
	unsigned n;

	pthread_mutex_lock(&t->lock);
	n = t->open;
	pthread_mutex_unlock(&t->lock);
	return n;
}

void upload_sessions_free(struct upload_sessions *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n; i++)
		session_free(t->v[i]);
	free(t->v);
	free(t->out_dir);
	pthread_mutex_destroy(&t->lock);
	pthread_mutex_destroy(&t->store_lock);
	free(t);
}
