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
	bool emulated;  /**< the current run's begin named an emulator */
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

/*
 * A begin record for @p suites (NULL: "caps"), with the lab's machine identity when
 * given: its @p mac and its @p label (each NULL: none).
 */
static inline void loggen_begin_on(struct loggen *g, const char *emulator, const char *suites,
				   const char *mac, const char *label)
{
	struct rec *r;
	char cmdline[128];

	if (!suites)
		suites = "caps";
	g->w.seq = 0;
	r = rec_open(&g->w, "begin");
	rec_u64(r, "format", 1);
	rec_str(r, "payload", "0.1.0");
	rec_str(r, "boot", "multiboot");
	snprintf(cmdline, sizeof(cmdline), "tftp://10.0.2.2/payload.elf suites=%s", suites);
	rec_str(r, "cmdline", cmdline);
	if (mac)
		rec_str(r, "mac", mac);
	if (label)
		rec_str(r, "label", label);
	if (emulator)
		rec_str(r, "emulator", emulator);
	g->emulated = emulator != NULL;
	rec_str(r, "suites", suites);
	rec_close(r);
}

static inline void loggen_begin(struct loggen *g, const char *emulator)
{
	loggen_begin_on(g, emulator, NULL, NULL, NULL);
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

/** A conformance `case` record (docs/record-format.md); @p observed / @p reason may be NULL. */
static inline void loggen_case(struct loggen *g, const char *suite, const char *id, const char *sdm,
			       const char *desc, const char *expected, const char *observed,
			       const char *verdict, const char *reason)
{
	struct rec *r = rec_open(&g->w, "case");

	rec_str(r, "suite", suite);
	rec_str(r, "id", id);
	rec_str(r, "sdm", sdm);
	rec_str(r, "desc", desc);
	rec_str(r, "expected", expected);
	if (observed)
		rec_str(r, "observed", observed);
	rec_str(r, "verdict", verdict);
	if (reason)
		rec_str(r, "reason", reason);
	rec_close(r);
}

/**
 * A `meas` record with every statistic derived from @p median (min = median - 1,
 * p99 = median + 2, ...); @p op, @p path, @p width may be NULL, @p k < 0 means none.
 */
static inline void loggen_meas(struct loggen *g, const char *suite, const char *name,
			       const char *op, const char *path, const char *width, int k,
			       int64_t median)
{
	struct rec *r = rec_open(&g->w, "meas");

	rec_str(r, "suite", suite);
	rec_str(r, "name", name);
	if (op)
		rec_str(r, "op", op);
	if (path)
		rec_str(r, "path", path);
	if (width)
		rec_str(r, "width", width);
	if (k >= 0)
		rec_u64(r, "k", (uint64_t)k);
	rec_str(r, "unit", "tsc_ticks/op");
	rec_u64(r, "reps", 10);
	rec_u64(r, "n", 200);
	rec_u64(r, "discarded", 1);
	rec_i64(r, "min", median - 1);
	rec_i64(r, "median", median);
	rec_ratio(r, "p99", 4 * median + 9, 4); /* median + 2.25 */
	rec_i64(r, "max", median + 5);
	rec_u64(r, "mad", 1);
	rec_u64(r, "tsc_hz", 1000000000);
	rec_bool(r, "emulated", g->emulated);
	rec_close(r);
}

static inline void loggen_free(struct loggen *g)
{
	free(g->buf);
	g->buf = NULL;
}

#endif
