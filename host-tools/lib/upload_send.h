/** @file
 * The sender side of docs/upload.md for serial logs (`vmxbench upload`):
 * each run of a log, from its begin to its end record, sent as batches of
 * whole record lines under one session, byte for byte as in the log.
 */
#ifndef VMXB_HOST_UPLOAD_SEND_H
#define VMXB_HOST_UPLOAD_SEND_H

#include <stdbool.h>
#include <stdio.h>

#include "lib/http_post.h"
#include "lib/upload_auth.h"

struct upload_send_opts {
	const struct upload_key *key; /**< NULL: batches without X-Vmxb-Mac */
	size_t batch;                 /**< most bytes per batch (a longer line goes alone) */
	unsigned retries;             /**< resends of a batch that got no answer (contract: 3) */
	bool quiet;                   /**< no line per run */
};

struct upload_send_stats {
	unsigned runs, stored, already, failed;
	unsigned long long records, bytes, batches;
};

/** A fresh random session id (16 lower-case hex digits) into @p out[17]. @return 0 or -1. */
int upload_new_session(char out[17]);

/**
 * Send one run: @p text holds its record lines (each ending in '\n'), begin
 * first. @p reply gets the collector's last answer ("stored ID", or why it
 * failed). @return 0 when stored or already stored, -1 otherwise.
 */
int upload_send_run(struct http_conn *c, const char *session, const char *text, size_t len,
		    const struct upload_send_opts *o, struct upload_send_stats *st,
		    char *reply, size_t replysz);

/**
 * Send every run of the log @p f (named @p name in messages): a run keeps
 * the begin record's upload_session when it has one (the binding rule of
 * docs/upload.md), else gets a fresh session. Lines outside runs are not
 * sent. @return 0 when every run was stored (or already was), 1 otherwise.
 */
int upload_send_log(struct http_conn *c, FILE *f, const char *name,
		    const struct upload_send_opts *o, FILE *out, FILE *err,
		    struct upload_send_stats *st);

#endif
