/** @file
 * The collector's address from `collect=URL` (docs/upload.md). Pure.
 *
 * Accepted: `http://A.B.C.D[:PORT][/]`: an IPv4 literal in dotted decimal
 * (four parts 0-255, no leading zeros, no shorthand such as 10.1), a port
 * 1-65535 (default 80), and no path beyond "/". Refused, with a reason:
 * https (the payload has no TLS), host names (no DNS client: the lab script
 * puts iPXE's ${next-server} or a literal), IPv6, user info, a query or a
 * fragment, a path (the collector's endpoint is always /upload).
 */
#ifndef VMXB_NET_URL_H
#define VMXB_NET_URL_H

#include <stddef.h>
#include <stdint.h>

struct net_url {
	uint8_t ip[4];
	uint16_t port;
	char host[22];   /**< "A.B.C.D:PORT", the Host header */
};

/**
 * Parse @p n bytes at @p s into @p u. Returns 0, or -1 with @p why set to
 * a static reason (for a warn record).
 */
int url_parse(const char *s, size_t n, struct net_url *u, const char **why);

#endif
