/** @file
 * The upload's options (see upload_opts.h). A lab typo must show as a
 * warning naming the option, never as packets to another address.
 */
#include <string.h>
#include "app/upload_opts.h"
#include "lib/fmt.h"
#include "net/addr.h"

int upload_opts_check(const struct options *o, struct upload_opts *u, char *why, size_t n)
{
	const char *w;

	memset(u, 0, sizeof(*u));
	if (o->key_bad) {
		/* a lab that meant to authenticate gets no unauthenticated upload */
		fmt_snprintf(why, n, "upload off: key= is not 64 hex digits");
		return -1;
	}
	if (url_parse(o->collect, strlen(o->collect), &u->url, &w)) {
		fmt_snprintf(why, n, "upload off: collect=: %s", w);
		return -1;
	}
	if (!ipv4_parse(o->ip, u->addr.ip)) {
		fmt_snprintf(why, n, "upload off: ip= must give this machine's IPv4 address "
			     "(iPXE: ip=${net0/ip})");
		return -1;
	}
	if (!ipv4_mask_parse(o->netmask, u->addr.mask)) {
		fmt_snprintf(why, n, "upload off: netmask= must give the IPv4 netmask "
			     "(iPXE: netmask=${net0/netmask})");
		return -1;
	}
	if (o->gw[0] && !(u->addr.has_gw = ipv4_parse(o->gw, u->addr.gw))) {
		fmt_snprintf(why, n, "upload off: gw= is not an IPv4 address");
		return -1;
	}
	/* mac= only prefers a NIC: a malformed one leaves the first NIC */
	u->addr.has_mac = o->mac[0] && mac_parse(o->mac, u->addr.mac);
	return 0;
}
