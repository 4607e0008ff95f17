/** @file
 * `vmxbench collect --listen`: the HTTP side of docs/upload.md on
 * libmicrohttpd (a thread pool), handing each POST /upload to the session
 * table (upload_session.h) and printing what happens per machine.
 */
#ifndef VMXB_HOST_LISTEN_H
#define VMXB_HOST_LISTEN_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/socket.h>

#include "lib/upload_session.h"

struct listen_opts {
	const char *addr;        /**< "0.0.0.0:8080", "[::]:8080"; port 0: any free port */
	const char *out_dir;     /**< results directory */
	const char *key_file;    /**< NULL: unauthenticated uploads accepted */
	struct upload_limits lim;
	unsigned timeout_secs;   /**< per connection: idle connections are closed */
	unsigned max_conns;      /**< connections at once */
	unsigned max_per_ip;     /**< connections at once from one address */
	unsigned threads;        /**< worker threads */
	bool quiet;              /**< no line per batch (stored/dropped lines stay) */
};

/** Defaults of every option (docs/host-tools.md). */
void listen_defaults(struct listen_opts *o);

/**
 * Parse "A.B.C.D:PORT" or "[IPv6]:PORT" (literals only). @return 0, or -1
 * with a reason in @p why.
 */
int listen_parse_addr(const char *s, struct sockaddr_storage *ss, socklen_t *sslen,
		      char *why, size_t whysz);

struct listener;

/**
 * Load the key, bind, start serving. Lines go to @p out (progress, stored,
 * dropped) and @p err (warnings, refused requests). @return NULL with the
 * reason printed on @p err.
 */
struct listener *listen_start(const struct listen_opts *o, FILE *out, FILE *err);
/** The bound port (useful with port 0). */
unsigned listen_port(const struct listener *l);
/** Drop idle sessions; call about once a second. */
void listen_tick(struct listener *l);
/**
 * Stop: accept nothing new, let requests in flight finish (at most the
 * connection timeout), drop the unfinished sessions each with a message
 * naming @p why, free everything.
 */
void listen_stop(struct listener *l, const char *why);
/** start, tick every second until SIGINT or SIGTERM, stop. @return exit status. */
int listen_serve(const struct listen_opts *o, FILE *out, FILE *err);

#endif
