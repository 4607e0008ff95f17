/** @file
 * Minimal HTTP/1.1 POST client (see http_post.h).
 */
#include <errno.h>
#include <stdbool.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "lib/http_post.h"

/* A response head larger than this is not from our collector. */
#define HEAD_MAX 8192

int http_url_parse(const char *url, struct http_conn *c, char *why, size_t whysz)
{
	const char *h, *p, *slash;
	size_t hl;

	memset(c, 0, sizeof(*c));
	c->fd = -1;
	c->timeout_secs = 30;
	if (strncmp(url, "http://", 7) != 0) {
		snprintf(why, whysz, "\"%.100s\": only http://HOST:PORT/ URLs (no TLS: the lab key's "
			 "MAC protects the batches)", url);
		return -1;
	}
	h = url + 7;
	slash = strchr(h, '/');
	if (!slash)
		slash = h + strlen(h);
	if (*h == '[') {
		const char *rb = memchr(h, ']', (size_t)(slash - h));

		if (!rb)
			goto bad;
		hl = (size_t)(rb - h - 1);
		if (hl == 0 || hl >= sizeof(c->host))
			goto bad;
		memcpy(c->host, h + 1, hl);
		p = rb + 1;
	} else {
		p = memchr(h, ':', (size_t)(slash - h));
		p = p ? p : slash;
		hl = (size_t)(p - h);
		if (hl == 0 || hl >= sizeof(c->host))
			goto bad;
		memcpy(c->host, h, hl);
	}
	if (p < slash && *p == ':') {
		size_t pl = (size_t)(slash - p - 1);

		if (pl == 0 || pl >= sizeof(c->port) || strspn(p + 1, "0123456789") < pl)
			goto bad;
		memcpy(c->port, p + 1, pl);
	} else if (p != slash) {
		goto bad;
	} else {
		snprintf(c->port, sizeof(c->port), "80");
	}
	snprintf(c->hosthdr, sizeof(c->hosthdr), "%.*s", (int)(slash - h), h);
	if (snprintf(c->base, sizeof(c->base), "%s%s", *slash ? slash : "/",
		     *slash && slash[strlen(slash) - 1] != '/' ? "/" : "") >= (int)sizeof(c->base))
		goto bad;
	return 0;
bad:
	snprintf(why, whysz, "\"%.100s\" is not http://HOST:PORT/", url);
	return -1;
}

void http_close(struct http_conn *c)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
}

static int connect_to(struct http_conn *c, char *why, size_t whysz)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *res, *a;
	struct timeval tv = { (time_t)c->timeout_secs, 0 };
	int rc = getaddrinfo(c->host, c->port, &hints, &res), err = 0;

	if (rc) {
		snprintf(why, whysz, "%s: %s", c->host, gai_strerror(rc));
		return -1;
	}
	for (a = res; a && c->fd < 0; a = a->ai_next) {
		c->fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
		if (c->fd < 0)
			continue;
		setsockopt(c->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
		setsockopt(c->fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
		if (connect(c->fd, a->ai_addr, a->ai_addrlen) == 0)
			break;
		err = errno;
		http_close(c);
	}
	freeaddrinfo(res);
	if (c->fd < 0) {
		snprintf(why, whysz, "connect to %s port %s: %s", c->host, c->port, strerror(err));
		return -1;
	}
	return 0;
}

static int send_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = send(fd, p, n, MSG_NOSIGNAL);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Read until the head is complete; @return its length (with the blank line), -1 on failure. */
static ssize_t read_head(int fd, char *buf, size_t cap, size_t *have)
{
	*have = 0;
	while (*have < cap - 1) {
		ssize_t r = recv(fd, buf + *have, cap - 1 - *have, 0);
		char *e;

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		*have += (size_t)r;
		buf[*have] = 0;
		if ((e = strstr(buf, "\r\n\r\n")))
			return e + 4 - buf;
	}
	return -1;
}

/* The value of header @p name in @p head, or NULL. */
static const char *header(const char *head, const char *name)
{
	size_t n = strlen(name);

	for (const char *l = strstr(head, "\r\n"); l && l[2] != '\r'; l = strstr(l + 2, "\r\n"))
		if (strncasecmp(l + 2, name, n) == 0 && l[2 + n] == ':')
			return l + 3 + n + strspn(l + 3 + n, " \t");
	return NULL;
}

/* Read one response; @return 0 or -1 (no usable answer). */
static int read_response(struct http_conn *c, int *status, char *resp, size_t respsz,
			 bool *close_after)
{
	char head[HEAD_MAX + 1], body[1024];
	size_t have, blen, want;
	ssize_t hl = read_head(c->fd, head, sizeof(head), &have);
	const char *cl, *cn;

	if (hl < 0 || sscanf(head, "HTTP/1.%*[01] %d", status) != 1)
		return -1;
	cl = header(head, "Content-Length");
	cn = header(head, "Connection");
	*close_after = cn && strncasecmp(cn, "close", 5) == 0;
	want = cl ? strtoul(cl, NULL, 10) : 0;
	if (!cl)
		*close_after = true;
	blen = have - (size_t)hl;
	if (blen > sizeof(body) - 1)
		blen = sizeof(body) - 1;
	memcpy(body, head + hl, blen);
	while (blen < want && blen < sizeof(body) - 1) {
		ssize_t r = recv(c->fd, body + blen, sizeof(body) - 1 - blen, 0);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		blen += (size_t)r;
	}
	if (want > sizeof(body) - 1)
		*close_after = true; /* the rest is unread: this connection is spent */
	body[blen] = 0;
	body[strcspn(body, "\r\n")] = 0;
	snprintf(resp, respsz, "%s", body);
	return 0;
}

int http_post(struct http_conn *c, const char *path, const char *const *hdrs,
	      const char *body, size_t len, int *status, char *resp, size_t respsz,
	      char *why, size_t whysz)
{
	char head[2048];
	size_t n;
	bool close_after = false;
	/* a kept-alive connection the server closed meanwhile fails once: retry fresh */
	for (int attempt = 0; attempt < 2; attempt++) {
		bool reused = c->fd >= 0;

		if (!reused && connect_to(c, why, whysz))
			return -1;
		n = (size_t)snprintf(head, sizeof(head), "POST %s%s HTTP/1.1\r\nHost: %s\r\n"
				     "Content-Type: text/plain\r\nContent-Length: %zu\r\n",
				     c->base, path, c->hosthdr, len);
		for (size_t i = 0; hdrs && hdrs[i] && n < sizeof(head); i++)
			n += (size_t)snprintf(head + n, sizeof(head) - n, "%s\r\n", hdrs[i]);
		if (n + 3 > sizeof(head)) {
			snprintf(why, whysz, "request head too long");
			return -1;
		}
		memcpy(head + n, "\r\n", 3);
		n += 2;
		if (send_all(c->fd, head, n) == 0 && send_all(c->fd, body, len) == 0 &&
		    read_response(c, status, resp, respsz, &close_after) == 0) {
			if (close_after)
				http_close(c);
			return 0;
		}
		snprintf(why, whysz, "no answer from %s port %s: %s", c->host, c->port,
			 errno == EAGAIN ? "timed out" : errno ? strerror(errno) : "connection closed");
		http_close(c);
		if (!reused)
			return -1;
	}
	return -1;
}
