/** @file
 * The upload listener on libmicrohttpd (see listen.h). MHD parses HTTP and
 * enforces the connection limits; this file checks method, path and length,
 * gathers the body, and prints the session table's events.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <jansson.h>
#include <microhttpd.h>
#include <pthread.h>

#include "lib/esc.h"
#include "lib/listen.h"
#include "lib/store.h"

struct listener {
	struct MHD_Daemon *d;
	struct upload_sessions *t;
	const struct listen_opts *o;
	FILE *out, *err;
	atomic_uint inflight;     /* requests between their headers and their end */
	unsigned port;
	char shown[80];           /* the address as printed */
};

/* One request's body, gathered until MHD says it is complete. */
struct req {
	char *buf;
	size_t len, cap;
};

void listen_defaults(struct listen_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->out_dir = "results";
	o->lim.max_batch = 1u << 20;          /* 16 times the contract's 64 KiB */
	o->lim.max_session = 64u << 20;       /* a full run with every suite is ~1 MiB */
	o->lim.max_held = 1024u << 20;
	o->lim.max_sessions = 256;
	o->lim.idle_secs = 300;
	o->timeout_secs = 30;
	o->max_conns = 512;
	o->max_per_ip = 64;      /* one bad client cannot take every connection */
	o->threads = 4;
}

int listen_parse_addr(const char *s, struct sockaddr_storage *ss, socklen_t *sslen,
		      char *why, size_t whysz)
{
	char host[64];
	const char *colon, *h = s;
	size_t hl;
	char *end;
	long port;

	memset(ss, 0, sizeof(*ss));
	if (s[0] == '[') {
		const char *rb = strchr(s, ']');

		if (!rb || rb[1] != ':')
			goto bad;
		h = s + 1;
		hl = (size_t)(rb - h);
		colon = rb + 1;
	} else {
		colon = strrchr(s, ':');
		if (!colon || strchr(s, ':') != colon)
			goto bad;
		hl = (size_t)(colon - s);
	}
	if (hl == 0 || hl >= sizeof(host))
		goto bad;
	memcpy(host, h, hl);
	host[hl] = 0;
	errno = 0;
	port = strtol(colon + 1, &end, 10);
	if (!colon[1] || *end || errno || port < 0 || port > 65535) {
		snprintf(why, whysz, "port \"%.20s\" is not a number from 0 to 65535", colon + 1);
		return -1;
	}
	if (s[0] == '[') {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)ss;

		a->sin6_family = AF_INET6;
		a->sin6_port = htons((uint16_t)port);
		if (inet_pton(AF_INET6, host, &a->sin6_addr) != 1)
			goto bad;
		*sslen = sizeof(*a);
	} else {
		struct sockaddr_in *a = (struct sockaddr_in *)ss;

		a->sin_family = AF_INET;
		a->sin_port = htons((uint16_t)port);
		if (inet_pton(AF_INET, host, &a->sin_addr) != 1)
			goto bad;
		*sslen = sizeof(*a);
	}
	return 0;
bad:
	snprintf(why, whysz, "\"%.80s\" is not ADDR:PORT with an IPv4 literal (0.0.0.0:8080) or "
		 "a bracketed IPv6 literal ([::]:8080)", s);
	return -1;
}

/* "[peer] session S (label L, mac M)": who a line is about, record text escaped. */
static void who(const struct upload_event *e, char *out, size_t sz)
{
	char lab[96], mac[64];

	esc_term(e->label, lab, sizeof(lab));
	esc_term(e->mac, mac, sizeof(mac));
	snprintf(out, sz, "[%s] session %s (label %s, mac %s)", e->peer, e->session,
		 *lab ? lab : "-", *mac ? mac : "-");
}

static void on_event(const struct upload_event *e, void *vl)
{
	struct listener *l = vl;
	char w[320], suite[96], f[4400], why[1200], cn[128];

	who(e, w, sizeof(w));
	switch (e->kind) {
	case UPLOAD_EV_BATCH:
		if (!l->o->quiet)
			fprintf(l->out, "%s: suite %s, %llu records\n", w,
				*e->suite ? esc_term(e->suite, suite, sizeof(suite)) : "-", e->records);
		break;
	case UPLOAD_EV_STORED:
	case UPLOAD_EV_ALREADY:
		fprintf(l->out, "%s: %s %s (%llu records, %s, %s)\n", w,
			e->kind == UPLOAD_EV_STORED ? "stored as" : "already stored as",
			esc_term(e->file, f, sizeof(f)), e->records,
			esc_term(e->codename ? e->codename : "-", cn, sizeof(cn)),
			e->authenticated ? "authenticated" : "unauthenticated");
		break;
	case UPLOAD_EV_DROPPED:
		fprintf(l->out, "%s: dropped: %s\n", w, esc_term(e->why, why, sizeof(why)));
		break;
	}
	fflush(l->out);
}

static void mhd_log(void *vl, const char *fmt, va_list ap)
{
	struct listener *l = vl;
	char m[512];

	vsnprintf(m, sizeof(m), fmt, ap);
	m[strcspn(m, "\n")] = 0;
	fprintf(l->err, "vmxbench collect: http: %s\n", m);
}

static enum MHD_Result answer(struct MHD_Connection *c, unsigned status, const char *msg,
			      bool allow_post)
{
	char body[600];
	struct MHD_Response *r;
	enum MHD_Result ok;
	int n = snprintf(body, sizeof(body), "%s\n", msg);

	r = MHD_create_response_from_buffer((size_t)n < sizeof(body) ? (size_t)n : sizeof(body) - 1,
					    body, MHD_RESPMEM_MUST_COPY);
	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "text/plain");
	if (allow_post)
		MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, "POST");
	ok = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ok;
}

static void peer_of(struct MHD_Connection *c, char *out, size_t sz)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;

	snprintf(out, sz, "?");
	if (sa && sa->sa_family == AF_INET) {
		inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, out, (socklen_t)sz);
	} else if (sa && sa->sa_family == AF_INET6) {
		const struct in6_addr *a = &((const struct sockaddr_in6 *)sa)->sin6_addr;

		/* an IPv4 peer of a dual-stack [::] socket: shown as IPv4 */
		if (IN6_IS_ADDR_V4MAPPED(a))
			inet_ntop(AF_INET, &a->s6_addr[12], out, (socklen_t)sz);
		else
			inet_ntop(AF_INET6, a, out, (socklen_t)sz);
	}
}

/* A refused request the session table did not report itself: say it once, on stderr. */
static void say_refused(struct listener *l, const char *peer, unsigned status, const char *msg)
{
	char m[700];

	fprintf(l->err, "vmxbench collect: [%s] %u %s\n", peer, status, esc_term(msg, m, sizeof(m)));
}

/* First call of a request: only its headers are known. */
static enum MHD_Result begin_request(struct listener *l, struct MHD_Connection *c,
				     const char *url, const char *method, void **cls)
{
	const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
						     MHD_HTTP_HEADER_CONTENT_LENGTH);
	unsigned long long len;
	char *end, peer[64], m[160];
	struct req *r;

	peer_of(c, peer, sizeof(peer));
	if (strcmp(url, "/upload") != 0)
		return answer(c, MHD_HTTP_NOT_FOUND, "not found: this collector takes POST /upload",
			      false);
	if (strcmp(method, "POST") != 0)
		return answer(c, MHD_HTTP_METHOD_NOT_ALLOWED, "method not allowed: use POST", true);
	if (!cl)
		return answer(c, MHD_HTTP_LENGTH_REQUIRED, "Content-Length required", false);
	errno = 0;
	len = strtoull(cl, &end, 10);
	if (!*cl || *end || errno || cl[0] == '-') {
		say_refused(l, peer, 400, "bad Content-Length");
		return answer(c, MHD_HTTP_BAD_REQUEST, "bad Content-Length", false);
	}
	if (len > l->o->lim.max_batch) {
		snprintf(m, sizeof(m), "batch of %llu bytes, over the limit of %zu", len,
			 l->o->lim.max_batch);
		say_refused(l, peer, 413, m);
		return answer(c, MHD_HTTP_CONTENT_TOO_LARGE, m, false);
	}
	r = calloc(1, sizeof(*r));
	if (!r || !(r->buf = malloc(len ? len : 1))) {
		free(r);
		return answer(c, MHD_HTTP_SERVICE_UNAVAILABLE, "collector out of memory", false);
	}
	r->cap = len;
	*cls = r;
	atomic_fetch_add(&l->inflight, 1);
	return MHD_YES;
}

static enum MHD_Result on_request(void *vl, struct MHD_Connection *c, const char *url,
				  const char *method, const char *version, const char *data,
				  size_t *data_size, void **cls)
{
	struct listener *l = vl;
	struct req *r = *cls;
	struct upload_reply rp;
	struct upload_req rq;
	char peer[64];

	(void)version;
	if (!r)
		return begin_request(l, c, url, method, cls);
	if (*data_size) {
		/* MHD never passes more than Content-Length */
		size_t n = *data_size < r->cap - r->len ? *data_size : r->cap - r->len;

		memcpy(r->buf + r->len, data, n);
		r->len += n;
		*data_size = 0;
		return MHD_YES;
	}
	peer_of(c, peer, sizeof(peer));
	rq = (struct upload_req){
		.session = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Vmxb-Session"),
		.seq = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Vmxb-Seq"),
		.mac = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Vmxb-Mac"),
		.body = r->buf, .len = r->len, .peer = peer,
	};
	upload_batch(l->t, &rq, &rp);
	/* a dropped session has its own line; other refusals are said here */
	if (rp.status >= 400 && !rp.said)
		say_refused(l, peer, (unsigned)rp.status, rp.msg);
	return answer(c, (unsigned)rp.status, rp.msg, false);
}

static void on_completed(void *vl, struct MHD_Connection *c, void **cls,
			 enum MHD_RequestTerminationCode why)
{
	struct listener *l = vl;
	struct req *r = *cls;

	(void)c;
	(void)why;
	if (!r)
		return;
	free(r->buf);
	free(r);
	*cls = NULL;
	atomic_fetch_sub(&l->inflight, 1);
}

static void free_listener(struct listener *l)
{
	upload_sessions_free(l->t);
	free(l);
}

struct listener *listen_start(const struct listen_opts *o, FILE *out, FILE *err)
{
	struct sockaddr_storage ss;
	socklen_t sl;
	struct upload_key key;
	char why[256];
	struct listener *l;
	const union MHD_DaemonInfo *di;
	unsigned flags = MHD_USE_AUTO_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG;

	if (listen_parse_addr(o->addr, &ss, &sl, why, sizeof(why))) {
		fprintf(err, "vmxbench collect: --listen %s\n", why);
		return NULL;
	}
	if (o->key_file && upload_key_load(o->key_file, &key, why, sizeof(why))) {
		fprintf(err, "vmxbench collect: --key-file %s: %s\n", o->key_file, why);
		return NULL;
	}
	/* a store that cannot be written fails now, not at the first run's end */
	errno = 0;
	if (mkdir_p(o->out_dir) || access(o->out_dir, W_OK)) {
		fprintf(err, "vmxbench collect: --out %s: %s\n", o->out_dir, strerror(errno));
		return NULL;
	}
	store_clean_stale(o->out_dir);
	l = calloc(1, sizeof(*l));
	if (!l)
		return NULL;
	l->o = o;
	l->out = out;
	l->err = err;
	l->t = upload_sessions_new(&o->lim, o->key_file ? &key : NULL, o->out_dir, on_event, l);
	if (!l->t) {
		free(l);
		return NULL;
	}
	/* [::] takes IPv4 too (dual stack); a specific IPv6 address only itself */
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_DUAL_STACK;
	l->d = MHD_start_daemon(flags, 0, NULL, NULL, on_request, l,
				MHD_OPTION_EXTERNAL_LOGGER, mhd_log, l,
				MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
				MHD_OPTION_THREAD_POOL_SIZE, o->threads,
				MHD_OPTION_CONNECTION_LIMIT, o->max_conns,
				MHD_OPTION_PER_IP_CONNECTION_LIMIT, o->max_per_ip,
				MHD_OPTION_CONNECTION_TIMEOUT, o->timeout_secs,
				MHD_OPTION_NOTIFY_COMPLETED, on_completed, l,
				MHD_OPTION_END);
	explicit_bzero(&key, sizeof(key));
	if (!l->d) {
		fprintf(err, "vmxbench collect: cannot listen on %s (address in use, or not an "
			"address of this machine?)\n", o->addr);
		free_listener(l);
		return NULL;
	}
	di = MHD_get_daemon_info(l->d, MHD_DAEMON_INFO_BIND_PORT);
	l->port = di ? di->port : 0;
	return l;
}

unsigned listen_port(const struct listener *l)
{
	return l->port;
}

void listen_tick(struct listener *l)
{
	upload_sweep(l->t, upload_now());
}

void listen_stop(struct listener *l, const char *why)
{
	MHD_socket s = MHD_quiesce_daemon(l->d);
	time_t until = upload_now() + l->o->timeout_secs;
	unsigned n;

	if (s != MHD_INVALID_SOCKET)
		close(s);
	n = atomic_load(&l->inflight);
	if (n)
		fprintf(l->out, "finishing %u request%s in flight\n", n, n == 1 ? "" : "s");
	while (atomic_load(&l->inflight) && upload_now() < until) {
		struct timespec ts = { 0, 20 * 1000 * 1000 };

		nanosleep(&ts, NULL);
	}
	MHD_stop_daemon(l->d);
	n = upload_drop_all(l->t, why);
	fprintf(l->out, "stopped: %u unfinished session%s dropped\n", n, n == 1 ? "" : "s");
	fflush(l->out);
	free_listener(l);
}

int listen_serve(const struct listen_opts *o, FILE *out, FILE *err)
{
	sigset_t set;
	struct listener *l;
	int sig;
	char why[64];

	/* blocked before MHD starts its threads, so only sigtimedwait sees them */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	json_object_seed(0);
	l = listen_start(o, out, err);
	if (!l)
		return 1;
	if (!o->key_file)
		fprintf(err, "vmxbench collect: WARNING: no --key-file: anyone who reaches port %u "
			"can upload runs; they are stored marked unauthenticated\n", listen_port(l));
	fprintf(out, "listening on %s (port %u): POST /upload stores into %s (%s; idle limit "
		"%u s, at most %zu bytes per session)\n", o->addr, listen_port(l), o->out_dir,
		o->key_file ? "every batch must carry the lab key's MAC" : "NO KEY",
		o->lim.idle_secs, o->lim.max_session);
	fflush(out);
	for (;;) {
		struct timespec ts = { 1, 0 };

		sig = sigtimedwait(&set, NULL, &ts);
		if (sig == SIGINT || sig == SIGTERM)
			break;
		listen_tick(l);
	}
	snprintf(why, sizeof(why), "collector stopped (%s)", sig == SIGINT ? "SIGINT" : "SIGTERM");
	fprintf(out, "%s: no new connections\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
	listen_stop(l, why);
	return 0;
}
