/** @file
 * A minimal HTTP/1.1 client for `vmxbench upload`: POST over one kept-alive
 * TCP connection to an http:// URL, no TLS, no redirects, no chunking. Just
 * what docs/upload.md needs, with no library beyond libc.
 */
#ifndef VMXB_HOST_HTTP_POST_H
#define VMXB_HOST_HTTP_POST_H

#include <stddef.h>

struct http_conn {
	int fd;                 /**< -1 when not connected */
	char host[256];         /**< as in the URL (an IPv6 literal without brackets) */
	char hosthdr[272];      /**< the Host header */
	char port[8];
	char base[256];         /**< the URL's path, ending in '/' */
	unsigned timeout_secs;  /**< per send and per receive */
};

/**
 * Parse "http://HOST[:PORT][/PATH/]" (HOST a name, an IPv4 or a bracketed
 * IPv6 literal; PORT default 80). @return 0, or -1 with @p why.
 */
int http_url_parse(const char *url, struct http_conn *c, char *why, size_t whysz);

/**
 * POST @p body to base + @p path with extra header lines @p hdrs ("Name:
 * value", NULL-terminated). Connects (again) as needed. @return 0 with the
 * status and the first line of the response body in @p resp, or -1 when no
 * answer came (refused, reset, timeout) with @p why: the caller may resend.
 */
int http_post(struct http_conn *c, const char *path, const char *const *hdrs,
	      const char *body, size_t len, int *status, char *resp, size_t respsz,
	      char *why, size_t whysz);

void http_close(struct http_conn *c);

#endif
