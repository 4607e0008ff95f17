/** @file
 * libFuzzer harness: the payload's command-line parser (options_parse and
 * the suite queries, payload/app/options.c) compiled for the host.
 */
#include <stdlib.h>
#include <string.h>
#include "app/options.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

/* Every string member must stay NUL-terminated inside its array. */
#define CHECK_STR(m) do { if (!memchr(o.m, 0, sizeof(o.m))) abort(); } while (0)

/* Every key= word of the redacted command line holds (a prefix of) <redacted>. */
static void check_no_key(const char *s)
{
	static const char red[] = "<redacted>";

	for (const char *p = s; (p = strstr(p, "key=")) != NULL; p += 4) {
		size_t n = 0;

		if (p != s && p[-1] != ' ' && p[-1] != '\t' && p[-1] != '\n' && p[-1] != '\r')
			continue; /* inside another word, e.g. mykey=: not an option named key */
		while (p[4 + n] && p[4 + n] != ' ' && p[4 + n] != '\t' && p[4 + n] != '\n' &&
		       p[4 + n] != '\r')
			n++;
		if (n > sizeof(red) - 1 || strncmp(p + 4, red, n) != 0)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	static const char *const suites[] = { "caps", "entry", "shadow", "noise", "all", "" };
	char *line = malloc(size + 1);
	struct options o;

	if (!line)
		return 0;
	/* The payload gets a NUL-terminated string; embedded NULs just end it early. */
	memcpy(line, data, size);
	line[size] = 0;
	memset(&o, 0xa5, sizeof(o)); /* garbage in: options_parse must fill every member */
	options_parse(&o, line);
	CHECK_STR(cmdline);
	CHECK_STR(suites);
	CHECK_STR(mac);
	CHECK_STR(uuid);
	CHECK_STR(ip);
	CHECK_STR(label);
	CHECK_STR(emulator);
	CHECK_STR(unknown);
	CHECK_STR(bad);
	CHECK_STR(collect);
	CHECK_STR(netmask);
	CHECK_STR(gw);
	check_no_key(o.cmdline);
	if (strstr(o.bad, "key=") || strstr(o.unknown, "key="))
		abort(); /* a bad key is named, never shown */
	if (o.has_key && o.key_bad)
		abort();
	if (o.exit > EXIT_RETURN)
		abort();
	for (size_t i = 0; i < sizeof(suites) / sizeof(suites[0]); i++) {
		/* naming a suite implies wanting it */
		if (options_names_suite(&o, suites[i]) && !options_want_suite(&o, suites[i]))
			abort();
	}
	free(line);
	return 0;
}
