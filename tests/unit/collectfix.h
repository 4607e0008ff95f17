/** @file
 * Test helper for the collect tests: a temporary directory with a results
 * directory inside it, logs written there, everything removed afterwards.
 */
#ifndef VMXB_TESTS_COLLECTFIX_H
#define VMXB_TESTS_COLLECTFIX_H

#include <stdio.h>
#include <stdlib.h>

#include "unit.h"

struct ctx {
	char dir[64];   /* temp dir */
	char out[128];  /* results dir inside it */
	char *msg;      /* what the last collect printed (out + err) */
	size_t msglen;
};

/** A new context in a fresh directory made from @p tmpl ("/tmp/...-XXXXXX"); NULL on failure. */
static inline struct ctx *ctx_new(const char *tmpl)
{
	struct ctx *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	snprintf(c->dir, sizeof(c->dir), "%s", tmpl);
	if (!mkdtemp(c->dir)) {
		free(c);
		return NULL;
	}
	snprintf(c->out, sizeof(c->out), "%s/results", c->dir);
	return c;
}

static inline int teardown(void **state)
{
	struct ctx *c = *state;
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", c->dir);
	if (system(cmd) != 0)
		return -1;
	free(c->msg);
	free(c);
	return 0;
}

/** Write @p len bytes as @p name in the context's directory. @return its path (static buffer). */
static inline const char *write_log(struct ctx *c, const char *name, const char *buf, size_t len)
{
	static char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", c->dir, name);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(buf, 1, len, f), len);
	fclose(f);
	return path;
}

#endif
