/** @file
 * The upload listener over real sockets on 127.0.0.1 (a free port):
 * host-tools/lib/listen.c serving, host-tools/lib/upload_send.c and
 * http_post.c sending. Stored once, 50 machines at once, a sender that
 * dies halfway, a replay under another session, a bad MAC, the limits,
 * other methods and paths; and the throughput of one large run.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "unit.h"
#include "collectfix.h"
#include "uploadfix.h"
#include "lib/listen.h"
#include "lib/upload_send.h"

#define SID "0123456789abcdef"
#define SID2 "fedcba9876543210"

struct net {
	struct ctx *c;
	struct listen_opts o;
	struct listener *l;
	FILE *out;           /* what the listener printed (stdout and stderr lines) */
	struct http_conn conn;
	struct upload_key key;
	char url[64];
};

static struct net *net_start(void **state, bool keyed, size_t max_batch, size_t max_session)
{
	struct net *n = calloc(1, sizeof(*n));
	char why[128], kf[160];

	assert_non_null(n);
	n->c = ctx_new("/tmp/vmxb-listen-XXXXXX");
	assert_non_null(n->c);
	listen_defaults(&n->o);
	n->o.addr = "127.0.0.1:0";
	n->o.out_dir = n->c->out;
	n->o.lim.idle_secs = 1;
	n->o.timeout_secs = 2; /* also bounds listen_stop's wait for a request cut off mid-body */
	if (max_batch)
		n->o.lim.max_batch = max_batch;
	if (max_session)
		n->o.lim.max_session = max_session;
	if (keyed) {
		FILE *k;

		snprintf(kf, sizeof(kf), "%s/lab.key", n->c->dir);
		k = fopen(kf, "w");
		assert_non_null(k);
		fprintf(k, "%s\n", "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
		fclose(k);
		chmod(kf, 0600);
		assert_int_equal(upload_key_load(kf, &n->key, why, sizeof(why)), 0);
		n->o.key_file = strdup(kf);
	}
	n->out = tmpfile();
	assert_non_null(n->out);
	n->l = listen_start(&n->o, n->out, n->out);
	assert_non_null(n->l);
	snprintf(n->url, sizeof(n->url), "http://127.0.0.1:%u/", listen_port(n->l));
	assert_int_equal(http_url_parse(n->url, &n->conn, why, sizeof(why)), 0);
	*state = n;
	return n;
}

static int net_teardown(void **state)
{
	struct net *n = *state;
	void *cs;

	if (!n)
		return 0;
	http_close(&n->conn);
	if (n->l)
		listen_stop(n->l, "test over");
	fclose(n->out);
	free((char *)n->o.key_file);
	cs = n->c;
	free(n);
	return teardown(&cs);
}

/* Everything the listener printed so far (static buffer). */
static const char *printed(struct net *n)
{
	static char buf[65536];
	size_t got;

	fflush(n->out);
	rewind(n->out);
	got = fread(buf, 1, sizeof(buf) - 1, n->out);
	buf[got] = 0;
	fseek(n->out, 0, SEEK_END);
	return buf;
}

static int send_run(struct net *n, struct http_conn *c, const char *sid, struct loggen *g,
		    size_t batch, bool keyed, char *reply, size_t rsz)
{
	struct upload_send_opts o = { .batch = batch, .retries = 3, .key = keyed ? &n->key : NULL };
	struct upload_send_stats st = { 0 };

	return upload_send_run(c, sid, g->buf, g->len, &o, &st, reply, rsz);
}

/* POST raw bytes as one batch; @return the status. */
static int post(struct net *n, const char *sid, const char *seq, const char *mac,
		const char *body, size_t len, char *reply, size_t rsz)
{
	char hs[64], hq[64], hm[128], why[256];
	const char *h[4] = { hs, hq, mac ? hm : NULL, NULL };
	int status = 0;

	snprintf(hs, sizeof(hs), "X-Vmxb-Session: %s", sid);
	snprintf(hq, sizeof(hq), "X-Vmxb-Seq: %s", seq);
	snprintf(hm, sizeof(hm), "X-Vmxb-Mac: %s", mac ? mac : "");
	if (http_post(&n->conn, "upload", h, body, len, &status, reply, rsz, why, sizeof(why)))
		fail_msg("no answer: %s", why);
	return status;
}

static void test_stored_once(void **state)
{
	struct net *n = net_start(state, false, 0, 0);
	struct loggen g;
	char reply[600];

	uploadfix_run(&g, SID, "net-a", 40);
	assert_int_equal(send_run(n, &n->conn, SID, &g, 1024, false, reply, sizeof(reply)), 0);
	assert_int_equal(strncmp(reply, "stored ", 7), 0);
	/* the same run again, as vmxbench upload would send it: stored once */
	assert_int_equal(send_run(n, &n->conn, SID, &g, 1024, false, reply, sizeof(reply)), 0);
	assert_int_equal(strncmp(reply, "already stored ", 15), 0);
	assert_int_equal(uploadfix_count_runs(n->c->out), 1);
	assert_non_null(strstr(printed(n), "session " SID " (label net-a, mac 52:54:00:12:34:56): "
				"suite caps"));
	assert_non_null(strstr(printed(n), "stored as "));
	loggen_free(&g);
}

struct racer {
	struct net *n;
	unsigned i;
	int rc;
	char reply[600];
};

static void *race(void *vr)
{
	struct racer *r = vr;
	struct http_conn c;
	struct loggen g;
	char label[32], sid[17], why[128];

	snprintf(label, sizeof(label), "conc-%u", r->i);
	snprintf(sid, sizeof(sid), "%016x", 0xc0000000u + r->i);
	uploadfix_run(&g, sid, label, 30);
	if (http_url_parse(r->n->url, &c, why, sizeof(why)) == 0)
		r->rc = send_run(r->n, &c, sid, &g, 1024, false, r->reply, sizeof(r->reply));
	else
		r->rc = -1;
	http_close(&c);
	loggen_free(&g);
	return NULL;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void test_fifty_at_once(void **state)
{
	struct net *n = net_start(state, false, 0, 0);
	struct racer r[50];
	pthread_t th[50];
	double t0 = now_s();

	for (unsigned i = 0; i < 50; i++) {
		r[i] = (struct racer){ .n = n, .i = i };
		assert_int_equal(pthread_create(&th[i], NULL, race, &r[i]), 0);
	}
	for (unsigned i = 0; i < 50; i++)
		pthread_join(th[i], NULL);
	for (unsigned i = 0; i < 50; i++)
		if (r[i].rc || strncmp(r[i].reply, "stored ", 7))
			fail_msg("upload %u: %d %s", i, r[i].rc, r[i].reply);
	assert_int_equal(uploadfix_count_runs(n->c->out), 50);
	print_message("50 concurrent uploads (36 records, 6 batches each): %.3f s\n",
		      now_s() - t0);
}

/* The first batch, then a request cut mid-body and the connection closed. */
static void test_killed_halfway(void **state)
{
	struct net *n = net_start(state, false, 0, 0);
	struct loggen g;
	struct sockaddr_in a = { .sin_family = AF_INET };
	char reply[600], head[256];
	size_t half;
	int fd;

	uploadfix_run(&g, SID, "net-k", 0);
	half = uploadfix_line_off(g.buf, g.len, 5);
	assert_int_equal(post(n, SID, "0", NULL, g.buf, half, reply, sizeof(reply)), 200);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	a.sin_port = htons((uint16_t)listen_port(n->l));
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(connect(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	snprintf(head, sizeof(head), "POST /upload HTTP/1.1\r\nHost: x\r\nX-Vmxb-Session: %s\r\n"
		 "X-Vmxb-Seq: 5\r\nContent-Length: %zu\r\n\r\n", SID, g.len - half);
	assert_int_equal(write(fd, head, strlen(head)), (ssize_t)strlen(head));
	assert_int_equal(write(fd, g.buf + half, 20), 20);
	close(fd);
	/* the idle limit is 1 s; the listener's tick drops the session */
	for (int i = 0; i < 50 && !strstr(printed(n), "dropped"); i++) {
		usleep(100 * 1000);
		listen_tick(n->l);
	}
	assert_non_null(strstr(printed(n), "session " SID " (label net-k, mac 52:54:00:12:34:56): "
				"dropped: no batch for 1 s (--idle): dropped with 5 records held, "
				"nothing stored"));
	assert_int_equal(uploadfix_count_runs(n->c->out), 0);
	loggen_free(&g);
}

static void test_replay_other_session(void **state)
{
	struct net *n = net_start(state, false, 0, 0);
	struct loggen g;
	char reply[600];

	uploadfix_run(&g, SID, "net-r", 0);
	assert_int_equal(send_run(n, &n->conn, SID2, &g, 1024, false, reply, sizeof(reply)), -1);
	assert_non_null(strstr(reply, "names upload_session " SID));
	assert_int_equal(uploadfix_count_runs(n->c->out), 0);
	loggen_free(&g);
}

static void test_bad_mac(void **state)
{
	struct net *n = net_start(state, true, 0, 0);
	struct loggen g;
	char reply[600], mac[UPLOAD_MAC_HEX + 1];

	uploadfix_run(&g, SID, "net-m", 0);
	assert_int_equal(post(n, SID, "0", NULL, g.buf, g.len, reply, sizeof(reply)), 401);
	upload_mac_hex(&n->key, SID, "1", g.buf, g.len, mac); /* signed for another seq */
	assert_int_equal(post(n, SID, "0", mac, g.buf, g.len, reply, sizeof(reply)), 401);
	assert_non_null(strstr(reply, "does not match"));
	assert_int_equal(uploadfix_count_runs(n->c->out), 0);
	/* the right key: stored, authenticated */
	assert_int_equal(send_run(n, &n->conn, SID, &g, 1024, true, reply, sizeof(reply)), 0);
	assert_non_null(strstr(printed(n), "authenticated)"));
	assert_int_equal(uploadfix_count_runs(n->c->out), 1);
	loggen_free(&g);
}

static void test_over_max_body(void **state)
{
	struct net *n = net_start(state, false, 2048, 4096);
	struct loggen g;
	char reply[600];

	uploadfix_run(&g, SID, "net-x", 60);
	assert_true(g.len > 4096);
	/* one request over --max-batch: refused by its Content-Length */
	assert_int_equal(post(n, SID, "0", NULL, g.buf, g.len, reply, sizeof(reply)), 413);
	assert_non_null(strstr(reply, "over the limit of 2048"));
	/* batches that fit, a session that does not */
	assert_int_equal(send_run(n, &n->conn, SID, &g, 2000, false, reply, sizeof(reply)), -1);
	assert_non_null(strstr(reply, "--max-body"));
	assert_int_equal(uploadfix_count_runs(n->c->out), 0);
	loggen_free(&g);
}

/* A raw request; @return the status of the answer. */
static int raw_status(struct net *n, const char *req)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	char buf[512] = "";
	int fd = socket(AF_INET, SOCK_STREAM, 0), st = 0;
	ssize_t got;

	a.sin_port = htons((uint16_t)listen_port(n->l));
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(connect(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(write(fd, req, strlen(req)), (ssize_t)strlen(req));
	got = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (got > 0)
		sscanf(buf, "HTTP/1.1 %d", &st);
	return st;
}

static void test_methods_paths(void **state)
{
	struct net *n = net_start(state, false, 0, 0);

	assert_int_equal(raw_status(n, "GET /upload HTTP/1.1\r\nHost: x\r\n\r\n"), 405);
	assert_int_equal(raw_status(n, "PUT /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"),
			 405);
	assert_int_equal(raw_status(n, "GET / HTTP/1.1\r\nHost: x\r\n\r\n"), 404);
	assert_int_equal(raw_status(n, "POST /uploads HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n"
				       "\r\nab"), 404);
	assert_int_equal(raw_status(n, "POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: "
				       "chunked\r\n\r\n2\r\nab\r\n0\r\n\r\n"), 411);
	assert_int_equal(uploadfix_count_runs(n->c->out), 0);
}

static int connect_lo(struct net *n)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	struct timeval tv = { 2, 0 };
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	a.sin_port = htons((uint16_t)listen_port(n->l));
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(connect(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	return fd;
}

/* --max-per-ip: the connection over the limit is closed at once, the others stay. */
static void test_per_ip_limit(void **state)
{
	struct net *n;
	struct pollfd p;
	char c;
	int fd[3];

	n = net_start(state, false, 0, 0);
	listen_stop(n->l, "restart"); /* again with a limit of 2 */
	n->o.max_per_ip = 2;
	n->l = listen_start(&n->o, n->out, n->out);
	assert_non_null(n->l);
	for (int i = 0; i < 3; i++)
		fd[i] = connect_lo(n);
	errno = 0;
	/* closed: EOF or reset, not the 2 s receive timeout */
	if (read(fd[2], &c, 1) > 0 || errno == EAGAIN || errno == EWOULDBLOCK)
		fail_msg("the third connection from one address stayed open");
	p = (struct pollfd){ .fd = fd[0], .events = POLLIN };
	assert_int_equal(poll(&p, 1, 200), 0); /* still open, nothing to read */
	for (int i = 0; i < 3; i++)
		close(fd[i]);
}

static void *stopper(void *vn)
{
	struct net *n = vn;

	listen_stop(n->l, "test stop");
	return NULL;
}

/* Shutdown: a request in flight (half its body sent) is finished and answered. */
static void test_stop_finishes_in_flight(void **state)
{
	struct net *n = net_start(state, false, 0, 0);
	struct loggen g;
	pthread_t th;
	char head[256], resp[512] = "";
	size_t half;
	ssize_t got;
	int fd;

	uploadfix_run(&g, SID, "net-s", 0);
	half = g.len / 2;
	fd = connect_lo(n);
	snprintf(head, sizeof(head), "POST /upload HTTP/1.1\r\nHost: x\r\nX-Vmxb-Session: %s\r\n"
		 "X-Vmxb-Seq: 0\r\nContent-Length: %zu\r\n\r\n", SID, g.len);
	assert_int_equal(write(fd, head, strlen(head)), (ssize_t)strlen(head));
	assert_int_equal(write(fd, g.buf, half), (ssize_t)half);
	usleep(200 * 1000);
	assert_int_equal(pthread_create(&th, NULL, stopper, n), 0);
	/* the stop has begun (no new connections) and waits for this request */
	for (int i = 0; i < 100 && !strstr(printed(n), "finishing 1 request in flight"); i++)
		usleep(50 * 1000);
	assert_int_equal(write(fd, g.buf + half, g.len - half), (ssize_t)(g.len - half));
	got = read(fd, resp, sizeof(resp) - 1);
	assert_true(got > 0);
	resp[got] = 0;
	if (!strstr(resp, " 200 ") || !strstr(resp, "stored "))
		fail_msg("answer during shutdown: %s", resp);
	pthread_join(th, NULL);
	n->l = NULL;
	close(fd);
	assert_non_null(strstr(printed(n), "finishing 1 request in flight"));
	assert_int_equal(uploadfix_count_runs(n->c->out), 1);
	loggen_free(&g);
}

/* One large run on loopback; the numbers go to the test output. */
static void test_throughput(void **state)
{
	struct net *n = net_start(state, false, 0, 0);
	const char *e = getenv("VMXB_LISTEN_BENCH_RECORDS");
	unsigned recs = e ? (unsigned)atoi(e) : 20000;
	struct loggen g;
	char reply[600];
	double t0, dt;

	n->o.quiet = true;
	uploadfix_run(&g, SID, "net-big", recs);
	t0 = now_s();
	assert_int_equal(send_run(n, &n->conn, SID, &g, 65536, false, reply, sizeof(reply)), 0);
	dt = now_s() - t0;
	assert_int_equal(strncmp(reply, "stored ", 7), 0);
	print_message("one run of %u records, %.1f MB in 64 KiB batches: %.3f s, %.0f records/s, "
		      "%.1f MB/s (stored included)\n", recs + 10, (double)g.len / 1e6, dt,
		      (recs + 10) / dt, (double)g.len / 1e6 / dt);
	loggen_free(&g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_stored_once, net_teardown),
		cmocka_unit_test_teardown(test_fifty_at_once, net_teardown),
		cmocka_unit_test_teardown(test_killed_halfway, net_teardown),
		cmocka_unit_test_teardown(test_replay_other_session, net_teardown),
		cmocka_unit_test_teardown(test_bad_mac, net_teardown),
		cmocka_unit_test_teardown(test_over_max_body, net_teardown),
		cmocka_unit_test_teardown(test_methods_paths, net_teardown),
		cmocka_unit_test_teardown(test_per_ip_limit, net_teardown),
		cmocka_unit_test_teardown(test_stop_finishes_in_flight, net_teardown),
		cmocka_unit_test_teardown(test_throughput, net_teardown),
	};

	setenv("VMXBENCH_NOW", "1795630502", 1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
