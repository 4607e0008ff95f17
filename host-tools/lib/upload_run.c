/** @file
 * A batch into an upload session's held records, and the run's completion:
 * resends checked byte for byte, the limits, the binding, then at the end
 * record the whole run through the serial reader and the serial store
 * (see upload_session.h; the table and its locks: upload_session.c, which
 * this file calls and which calls nothing here).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/collect_run.h"
#include "lib/logscan.h"
#include "lib/upload_session_priv.h"

/* A batch for a session whose run is stored: a resent final batch, or too late. */
static void after_end(struct session *s, const struct upload_req *rq, long long seq,
		      struct upload_reply *rp)
{
	if (upload_resent_final(s, rq, seq))
		upload_reply_set(rp, 200, "already stored %s", s->run_id);
	else
		upload_reply_set(rp, 409, "session %s already ended: its run is stored as %s", s->id,
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
		upload_reply_set(f->rp, 500, "collector out of memory: not stored");
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
		upload_reply_set(f->rp, 200, "%s %s", res == CRUN_STORED ? "stored" : "already stored",
		      s->run_id);
		upload_emit(f->t, s, res == CRUN_STORED ? UPLOAD_EV_STORED : UPLOAD_EV_ALREADY, o->file,
		     o->id.codename, NULL);
		f->status = 200;
		break;
	case CRUN_UNIDENTIFIED:
		upload_reply_set(f->rp, 400, "not stored: %s", o->why);
		f->status = 400;
		break;
	case CRUN_ID_TAKEN:
		upload_reply_set(f->rp, 500, "not stored: a stored run of id %s holds other records",
		      s->run_id);
		f->status = 500;
		break;
	case CRUN_ERROR:
		upload_reply_set(f->rp, 500, "not stored: %s: %s", o->file, strerror(-o->err));
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
		upload_reply_set(f->rp, 400, "record seq %u: %s", e->line - 1, e->msg);
	else
		upload_reply_set(f->rp, 400, "%s", e->msg);
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
		upload_reply_set(rp, f.status = 400, "the session's records hold no complete run");
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
		return upload_refuse(t, s, rp, 413, why);
	}
	pthread_mutex_lock(&t->lock);
	if (t->held + add > t->lim.max_held) {
		upload_reply_set(rp, 503, "the collector holds too much (%zu bytes in %u sessions): "
				 "try again later", t->held, t->open);
		pthread_mutex_unlock(&t->lock);
		return;
	}
	t->held += add;
	pthread_mutex_unlock(&t->lock);
	if (reserve(s, add, b->n)) {
		pthread_mutex_lock(&t->lock);
		t->held -= add;
		pthread_mutex_unlock(&t->lock);
		return upload_reply_set(rp, 503, "collector out of memory: try again later");
	}
	memcpy(s->text + s->len, rq->body + from, add);
	for (size_t i = (size_t)rep; i < b->n; i++) {
		s->off[s->next++] = s->len;
		s->len += b->lines[i].len;
	}
	s->off[s->next] = s->len;
	if (b->has_begin && rep == 0) {
		s->bound = b->bound_session != NULL;
		free(s->label);
		free(s->mac);
		s->label = take(&b->label);
		s->mac = take(&b->mac);
	}
	if (b->suite) {
		free(s->suite);
		s->suite = take(&b->suite);
	}
	if (!b->has_end) {
		upload_reply_set(rp, 200, "ok %lld", s->next);
		return upload_emit(t, s, UPLOAD_EV_BATCH, NULL, NULL, NULL);
	}
	st = finish(t, s, rp);
	if (st == 200) {
		uint8_t d[SHA256_DIGEST_SIZE];

		upload_digest(rq->body, rq->len, d);
		/* under the table lock too: get_session reads them holding only that */
		pthread_mutex_lock(&t->lock);
		s->ended = true;
		s->final_seq = b->seq;
		memcpy(s->final_digest, d, sizeof(d));
		t->held -= s->len;
		t->open--;
		pthread_mutex_unlock(&t->lock);
		upload_free_text(s);
	} else if (st == 400) {
		upload_drop(t, s, rp->msg);
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
		return upload_reply_set(rp, 409, "session %s was dropped: %s", s->id, s->why);
	if (s->ended)
		return after_end(s, rq, b->seq, rp);
	s->last = upload_now();
	if (b->seq > s->next) {
		snprintf(why, sizeof(why), "seq jumps from %lld to %lld: %lld record%s lost",
			 s->next - 1, b->seq, b->seq - s->next, b->seq - s->next == 1 ? "" : "s");
		return upload_refuse(t, s, rp, 400, why);
	}
	if (b->has_begin && b->bound_session && strcmp(b->bound_session, s->id) != 0) {
		snprintf(why, sizeof(why), "the begin record names upload_session %.40s, the request "
			 "session %s: a batch of another run", b->bound_session, s->id);
		return upload_refuse(t, s, rp, 400, why);
	}
	rep = repeated(s, b, rq->body);
	if (rep < 0) {
		snprintf(why, sizeof(why), "a batch from seq %lld repeats records the collector "
			 "holds, with other bytes", b->seq);
		return upload_refuse(t, s, rp, 400, why);
	}
	if ((size_t)rep == b->n) /* a resend of what is held: acknowledged again */
		return upload_reply_set(rp, 200, "ok %lld", s->next);
	hold(t, s, b, rq, rep, rp);
}

void upload_batch(struct upload_sessions *t, const struct upload_req *rq,
		  struct upload_reply *rp)
{
	struct upload_batch b;
	struct session *s;
	char why[384];

	if (!upload_session_id_ok(rq->session))
		return upload_reply_set(rp, 400, "X-Vmxb-Session missing or not 16 lower-case hex digits");
	if (t->keyed && !rq->mac)
		return upload_reply_set(rp, 401, "X-Vmxb-Mac missing: this collector takes only batches "
			     "signed with the lab key");
	if (t->keyed && !upload_mac_ok(&t->key, rq->session, rq->seq ?: "", rq->body, rq->len,
				       rq->mac))
		return upload_reply_set(rp, 401, "X-Vmxb-Mac does not match the batch (another key, or the "
			     "batch was altered): batch refused");
	if (rq->len > t->lim.max_batch)
		return upload_reply_set(rp, 413, "batch of %zu bytes, over the limit of %zu", rq->len,
			     t->lim.max_batch);
	if (upload_parse(rq->seq, rq->body, rq->len, &b, why, sizeof(why))) {
		/* the batch is wrong whatever the session: it costs an open one */
		s = upload_session_id_ok(rq->session) ? upload_get_session(t, rq, -1, rp) : NULL;
		if (s) {
			pthread_mutex_lock(&s->lock);
			if (!s->dead && !s->ended)
				upload_refuse(t, s, rp, 400, why);
			else
				upload_reply_set(rp, 400, "%s", why);
			pthread_mutex_unlock(&s->lock);
			upload_unref(t, s);
		} else {
			upload_reply_set(rp, 400, "%s", why);
		}
		upload_batch_free(&b);
		return;
	}
	s = upload_get_session(t, rq, b.seq, rp);
	if (s) {
		pthread_mutex_lock(&s->lock);
		take_batch(t, s, &b, rq, rp);
		pthread_mutex_unlock(&s->lock);
		upload_unref(t, s);
	}
	upload_batch_free(&b);
}
