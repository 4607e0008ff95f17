/** @file
 * What upload_session.c (the table, lifetimes, locks) and upload_run.c (a
 * session's records and its completion) share; nothing else includes it.
 * Locks: upload_session.c's file comment.
 */
#ifndef VMXB_HOST_UPLOAD_SESSION_PRIV_H
#define VMXB_HOST_UPLOAD_SESSION_PRIV_H

#include <pthread.h>
#include <stdint.h>
#include <nettle/sha2.h>

#include "lib/store.h"
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

/** Tell the event handler about @p s. */
void upload_emit(struct upload_sessions *t, struct session *s, enum upload_event_kind k,
		 const char *file, const char *codename, const char *why);
/** Free the held records. */
void upload_free_text(struct session *s);
/** Session lock held: drop it whole, nothing stored, and say why. */
void upload_drop(struct upload_sessions *t, struct session *s, const char *why);
/** Fill @p rp: a status and a one-line reason (escaped). */
void upload_reply_set(struct upload_reply *rp, int status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/** A refusal that costs the session: the reply says so, the handler is told. */
void upload_refuse(struct upload_sessions *t, struct session *s, struct upload_reply *rp,
		   int status, const char *why);
void upload_digest(const char *body, size_t len, uint8_t out[SHA256_DIGEST_SIZE]);
/** Is this batch the final batch of the ended session @p s, sent again? */
bool upload_resent_final(struct session *s, const struct upload_req *rq, long long seq);
/** Find or open the session of a batch (table lock taken inside); NULL with @p rp filled. Referenced. */
struct session *upload_get_session(struct upload_sessions *t, const struct upload_req *rq,
				   long long seq, struct upload_reply *rp);
/** Give back a reference upload_get_session() took; the last one frees the session. */
void upload_unref(struct upload_sessions *t, struct session *s);

#endif
