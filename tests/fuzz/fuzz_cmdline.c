/** @file
 * libFuzzer harness: the payload's command-line parser (options_parse and
 * the suite queries, payload/app/options.c) compiled for the host.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "app/options.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

/* Every string member must stay NUL-terminated inside its array. */
#define CHECK_STR(m) do { if (!memchr(o.m, 0, sizeof(o.m))) abort(); } while (0)

static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static size_t count(const char *s, const char *what)
{
	size_t n = 0;

	for (const char *p = s; (p = strstr(p, what)) != NULL; p++)
		n++;
	return n;
}

/* key= words: "key=" at the start of a word */
static size_t word_keys(const char *s)
{
	size_t n = 0;

	for (const char *p = s; (p = strstr(p, "key=")) != NULL; p++)
		n += p == s || blank(p[-1]);
	return n;
}

/* Every key= word of the redacted command line holds (a prefix of) <redacted>. */
static void check_no_key(const char *s)
{
	static const char red[] = "<redacted>";

	for (const char *p = s; (p = strstr(p, "key=")) != NULL; p += 4) {
		size_t n = 0;

		if (p != s && !blank(p[-1]))
			continue; /* inside another word, e.g. mykey=: not an option named key */
		while (p[4 + n] && !blank(p[4 + n]))
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
	/* a bad key is named, never shown: "key=" in the lists only from inside other words */
	if (count(o.bad, "key=") + count(o.unknown, "key=") > count(line, "key=") - word_keys(line))
		abort();
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
