/** @file
 * libFuzzer harness: collect= URL parsing (url_parse, payload/net/url.c).
 * A URL it accepts must print back (its Host) into a URL it accepts as
 * the same address.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "net/url.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	char *s = malloc(size ? size : 1), again[64];
	struct net_url u, v;
	const char *why = NULL;

	if (!s)
		return 0;
	memcpy(s, data, size);
	if (url_parse(s, size, &u, &why) != 0) {
		if (!why || !*why)
			abort(); /* every refusal says why */
	} else {
		if (u.port == 0 || !memchr(u.host, 0, sizeof(u.host)))
			abort();
		snprintf(again, sizeof(again), "http://%s/", u.host);
		if (url_parse(again, strlen(again), &v, &why) != 0 || memcmp(&u, &v, sizeof(u)) != 0)
			abort();
	}
	free(s);
	return 0;
}
