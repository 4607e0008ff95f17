/** @file
 * Upload sessions (see upload_session.h, docs/upload.md): the table, each
 * session's lifetime, the idle sweep; a batch's way into a session's
 * records and the run's completion are in upload_run.c.
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

#include "lib/esc.h"
#include "lib/upload_session_priv.h"

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

void upload_emit(struct upload_sessions *t, struct session *s, enum upload_event_kind k,
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

void upload_free_text(struct session *s)
{
	free(s->text);
	free(s->off);
	s->text = NULL;
	s->off = NULL;
	s->len = s->cap = s->offcap = 0;
}

static void session_free(struct session *s)
{
	upload_free_text(s);
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

void upload_unref(struct upload_sessions *t, struct session *s)
{
	bool last;

	pthread_mutex_lock(&t->lock);
	last = --s->refs == 0;
	pthread_mutex_unlock(&t->lock);
	if (last)
		session_free(s);
}

/* Session lock held: drop it whole, nothing stored, and say why. */
void upload_drop(struct upload_sessions *t, struct session *s, const char *why)
{
	snprintf(s->why, sizeof(s->why), "%s", why);
	s->dead = true;
	pthread_mutex_lock(&t->lock);
	unlist(t, s);
	pthread_mutex_unlock(&t->lock);
	upload_free_text(s);
	upload_emit(t, s, UPLOAD_EV_DROPPED, NULL, NULL, why);
}

void upload_reply_set(struct upload_reply *rp, int status, const char *fmt, ...)
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
void upload_refuse(struct upload_sessions *t, struct session *s, struct upload_reply *rp,
		   int status, const char *why)
{
	upload_reply_set(rp, status, "%s: session dropped, nothing stored", why);
	upload_drop(t, s, why);
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

void upload_digest(const char *body, size_t len, uint8_t out[SHA256_DIGEST_SIZE])
{
	struct sha256_ctx h;

	sha256_init(&h);
	sha256_update(&h, len, (const uint8_t *)body);
	sha256_digest(&h, SHA256_DIGEST_SIZE, out);
}

/* Is this batch the final batch of the ended session @p s, sent again? */
bool upload_resent_final(struct session *s, const struct upload_req *rq, long long seq)
{
	uint8_t d[SHA256_DIGEST_SIZE];

	if (seq != s->final_seq)
		return false;
	upload_digest(rq->body, rq->len, d);
	return memcmp(d, s->final_digest, sizeof(d)) == 0;
}

struct session *upload_get_session(struct upload_sessions *t, const struct upload_req *rq,
				   long long seq, struct upload_reply *rp)
{
	struct session *s = NULL;

	pthread_mutex_lock(&t->lock);
	for (size_t i = 0; i < t->n && !s; i++)
		if (strcmp(t->v[i]->id, rq->session) == 0)
			s = t->v[i];
	/* a whole run sent again under its ended session starts it again (stored once) */
	if (s && s->ended && seq == 0 && !upload_resent_final(s, rq, seq)) {
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
		upload_reply_set(rp, 400, "unknown session %s: its first batch (seq 0) never arrived, or the "
		      "collector dropped the session or restarted", rq->session);
		goto out;
	}
	if (t->open >= t->lim.max_sessions) {
		upload_reply_set(rp, 503, "too many open sessions (%u): try again later", t->open);
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
	upload_reply_set(rp, 503, "collector out of memory");
	return NULL;
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
			upload_free_text(s);
			upload_emit(t, s, UPLOAD_EV_DROPPED, NULL, NULL, why);
			dropped++;
		}
		pthread_mutex_unlock(&s->lock);
		upload_unref(t, s);
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
			upload_drop(t, s, m);
			n++;
		}
		pthread_mutex_unlock(&s->lock);
		upload_unref(t, s);
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
