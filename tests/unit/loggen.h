/** @file
 * Test helper: build serial logs with the payload's own record writer
 * (payload/record/writer.c), so reader tests read what the payload writes.
 */
#ifndef VMXB_TESTS_LOGGEN_H
#define VMXB_TESTS_LOGGEN_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "record/writer.h"

struct loggen {
	struct rec w;
	char *buf;   /**< the log so far (NUL-terminated) */
	size_t len;
	unsigned lines; /**< physical lines written */
};

static void loggen_sink(const char *line, size_t len, void *ctx)
{
	struct loggen *g = ctx;

	g->buf = realloc(g->buf, g->len + len + 1);
	memcpy(g->buf + g->len, line, len);
	g->len += len;
	g->buf[g->len] = 0;
	g->lines++;
}

static inline void loggen_init(struct loggen *g)
{
	memset(g, 0, sizeof(*g));
	rec_init(&g->w, loggen_sink, g);
}

/** Raw text (noise, a hand-made line); must end with '\n' to count lines right. */
static inline void loggen_text(struct loggen *g, const char *s)
{
	loggen_sink(s, strlen(s), g);
}

static inline void loggen_begin(struct loggen *g, const char *emulator)
{
	struct rec *r;

	g->w.seq = 0;
	r = rec_open(&g->w, "begin");
	rec_u64(r, "format", 1);
	rec_str(r, "payload", "0.1.0");
	rec_str(r, "boot", "multiboot");
	rec_str(r, "cmdline", "tftp://10.0.2.2/payload.elf suites=caps");
	if (emulator)
		rec_str(r, "emulator", emulator);
	rec_str(r, "suites", "caps");
	rec_close(r);
}

static inline void loggen_cpuid(struct loggen *g, uint32_t leaf, uint32_t sub, const uint32_t v[4])
{
	struct rec *r = rec_open(&g->w, "cpuid");

	rec_hex(r, "leaf", leaf);
	rec_hex(r, "sub", sub);
	rec_hex(r, "eax", v[0]);
	rec_hex(r, "ebx", v[1]);
	rec_hex(r, "ecx", v[2]);
	rec_hex(r, "edx", v[3]);
	rec_close(r);
}

static inline void loggen_warn(struct loggen *g, const char *msg)
{
	struct rec *r = rec_open(&g->w, "warn");

	rec_str(r, "msg", msg);
	rec_close(r);
}

static inline void loggen_end(struct loggen *g)
{
	struct rec *r = rec_open(&g->w, "end");

	rec_u64(r, "records", g->w.seq + 1);
	rec_str(r, "status", "ok");
	rec_close(r);
}

/** A small Haswell-like CPUID set (i7-4770 leaves 0, 1, 0x80000000-4). */
static inline void loggen_haswell_cpuid(struct loggen *g)
{
	static const uint32_t t[][6] = {
		{ 0, 0, 0x0000000d, 0x756e6547, 0x6c65746e, 0x49656e69 },
		{ 1, 0, 0x000306c3, 0x00100800, 0x7ffafbff, 0xbfebfbff },
		{ 0x80000000u, 0, 0x80000008, 0, 0, 0 },
		{ 0x80000002u, 0, 0x65746e49, 0x2952286c, 0x726f4320, 0x4d542865 },
		{ 0x80000003u, 0, 0x37692029, 0x3737342d, 0x50432030, 0x20402055 },
		{ 0x80000004u, 0, 0x30342e33, 0x007a4847, 0, 0 },
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		loggen_cpuid(g, t[i][0], t[i][1], &t[i][2]);
}

/** A whole valid run: begin, Haswell CPUID, a warn, end. */
static inline void loggen_run(struct loggen *g, const char *emulator)
{
	loggen_begin(g, emulator);
	loggen_haswell_cpuid(g);
	loggen_warn(g, "unit test");
	loggen_end(g);
}

static inline void loggen_free(struct loggen *g)
{
	free(g->buf);
	g->buf = NULL;
}

#endif
