/** @file
 * The collector side of docs/upload.md without sockets: sessions of record
 * batches, held in memory until the `end` record arrives, then checked and
 * stored by the same path as a serial log (logscan.c, collect_run.c).
 * Thread-safe: any number of threads may call upload_batch at once.
 */
#ifndef VMXB_HOST_UPLOAD_SESSION_H
#define VMXB_HOST_UPLOAD_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "lib/upload_auth.h"

struct upload_limits {
	size_t max_batch;      /**< bytes of one request body */
	size_t max_session;    /**< bytes one session may hold (--max-body) */
	size_t max_held;       /**< bytes all sessions together may hold */
	unsigned max_sessions; /**< sessions open at once */
	unsigned idle_secs;    /**< a session without a batch this long is dropped (--idle) */
};

enum upload_event_kind {
	UPLOAD_EV_BATCH,   /**< a batch was held */
	UPLOAD_EV_STORED,  /**< the run was stored */
	UPLOAD_EV_ALREADY, /**< the run was stored before */
	UPLOAD_EV_DROPPED, /**< the session was dropped, nothing stored (why) */
};

/** What the listener prints. Strings are raw record text: escape before printing. */
struct upload_event {
	enum upload_event_kind kind;
	const char *session, *peer;
	const char *label, *mac;   /**< from the begin record, "" when absent */
	const char *suite;         /**< the latest suite record's name, "" before the first */
	unsigned long long records; /**< records held (or stored) so far */
	bool authenticated;
	const char *file;          /**< STORED, ALREADY: the stored run */
	const char *codename;      /**< STORED: the identified CPU */
	const char *why;           /**< DROPPED: the reason */
};

typedef void (*upload_event_fn)(const struct upload_event *e, void *ctx);

/** One POST /upload: header values (NULL when absent) and the body. */
struct upload_req {
	const char *session, *seq, *mac;
	const char *body;
	size_t len;
	const char *peer; /**< the sender's address, for messages and the stored run */
};

/** The answer: an HTTP status and a one-line text (docs/upload.md). */
struct upload_reply {
	int status;
	char msg[512];
	bool said;  /**< the event handler was told already (a dropped session) */
};

struct upload_sessions;

/**
 * A session table storing into @p out_dir. With @p key (may be NULL) every
 * batch must carry a valid X-Vmxb-Mac. @p fn gets every event (may be NULL).
 */
struct upload_sessions *upload_sessions_new(const struct upload_limits *lim,
					    const struct upload_key *key, const char *out_dir,
					    upload_event_fn fn, void *ctx);
/** Take one batch; the reply is always filled. */
void upload_batch(struct upload_sessions *t, const struct upload_req *rq,
		  struct upload_reply *rp);
/**
 * Drop the open sessions whose last batch is older than the idle limit at
 * @p now (CLOCK_MONOTONIC seconds, upload_now()); forget ended ones as old.
 * @return the number of open sessions dropped.
 */
unsigned upload_sweep(struct upload_sessions *t, time_t now);
/** Drop every open session (shutdown), each with @p why. @return how many. */
unsigned upload_drop_all(struct upload_sessions *t, const char *why);
/** Open (unfinished) sessions. */
unsigned upload_open(struct upload_sessions *t);
void upload_sessions_free(struct upload_sessions *t);
/** CLOCK_MONOTONIC in seconds: the clock of the idle limit. */
time_t upload_now(void);

/** Is @p s a session id of docs/upload.md (16 lower-case hex digits)? */
bool upload_session_id_ok(const char *s);

#endif
