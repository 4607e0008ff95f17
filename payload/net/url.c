/** @file
 * collect=URL parsing (see url.h). The input comes from the command line,
 * which anyone who controls the lab's DHCP or iPXE script may write.
 */
#include <stdbool.h>
#include <string.h>
#include "lib/fmt.h"
#include "net/url.h"

static bool digit(char c)
{
	return c >= '0' && c <= '9';
}

/* A decimal number of at most @p max at s[*i], no leading zeros. */
static bool number(const char *s, size_t n, size_t *i, uint32_t max, uint32_t *out)
{
	size_t start = *i;
	uint32_t v = 0;

	while (*i < n && digit(s[*i])) {
		v = v * 10 + (uint32_t)(s[*i] - '0');
		if (v > max)
			return false;
		(*i)++;
	}
	if (*i == start || (s[start] == '0' && *i - start > 1))
		return false;
	*out = v;
	return true;
}

int url_parse(const char *s, size_t n, struct net_url *u, const char **why)
{
	static const char scheme[] = "http://";
	size_t i = sizeof(scheme) - 1;
	uint32_t v, port = 80;

	memset(u, 0, sizeof(*u));
	if (n >= 8 && memcmp(s, "https://", 8) == 0) {
		*why = "https is not supported (no TLS in the payload): use http://";
		return -1;
	}
	if (n < i || memcmp(s, scheme, i) != 0) {
		*why = "not an http:// URL";
		return -1;
	}
	if (i < n && s[i] == '[') {
		*why = "IPv6 is not supported: give an IPv4 address";
		return -1;
	}
	for (int part = 0; part < 4; part++) {
		if (part && (i >= n || s[i++] != '.'))
			goto not_ipv4;
		if (!number(s, n, &i, 255, &v))
			goto not_ipv4;
		u->ip[part] = (uint8_t)v;
	}
	if (i < n && s[i] == ':') {
		i++;
		if (!number(s, n, &i, 65535, &port) || port == 0) {
			*why = "bad port (1-65535)";
			return -1;
		}
	}
	if (i < n && s[i] == '/')
		i++;
	if (i != n) {
		*why = s[i] == '@' ? "user info is not supported" :
		       s[i] == '?' || s[i] == '#' ? "a query or fragment is not supported" :
		       "a path is not supported: give the collector's base URL, e.g. http://10.0.2.2:8080/";
		return -1;
	}
	u->port = (uint16_t)port;
	fmt_snprintf(u->host, sizeof(u->host), "%u.%u.%u.%u:%u", u->ip[0], u->ip[1], u->ip[2],
		     u->ip[3], (unsigned)port);
	return 0;

not_ipv4:
	/* a letter, '@' or a short form: say what is wanted */
	*why = "the host must be an IPv4 address A.B.C.D (no DNS in the payload)";
	return -1;
}
