/** @file
 * Test helper for the upload tests: runs as record lines written by the
 * payload's record writer (loggen.h), with or without the UEFI payload's
 * "upload_session" in the begin record, and counting the stored run files.
 */
#ifndef VMXB_TESTS_UPLOADFIX_H
#define VMXB_TESTS_UPLOADFIX_H

#include <dirent.h>
#include <stdio.h>
#include <string.h>

#include "loggen.h"

/**
 * A whole run into @p g (which must be fresh): begin (bound to @p session
 * when not NULL, labelled @p label), Haswell CPUID, a suite, @p extra warn
 * records (distinct per @p label), end. Record lines only, each ending '\n'.
 */
static inline void uploadfix_run(struct loggen *g, const char *session, const char *label,
				 unsigned extra)
{
	struct rec *r;
	char m[64];

	loggen_init(g);
	g->w.seq = 0;
	r = rec_open(&g->w, "begin");
	rec_u64(r, "format", 1);
	rec_str(r, "payload", "0.1.0");
	rec_str(r, "boot", "uefi");
	rec_str(r, "cmdline", "suites=caps");
	rec_str(r, "mac", "52:54:00:12:34:56");
	rec_str(r, "label", label);
	if (session)
		rec_str(r, "upload_session", session);
	rec_str(r, "suites", "caps");
	rec_close(r);
	loggen_haswell_cpuid(g);
	r = rec_open(&g->w, "suite");
	rec_str(r, "name", "caps");
	rec_close(r);
	for (unsigned i = 0; i < extra; i++) {
		snprintf(m, sizeof(m), "%s filler %u", label, i);
		loggen_warn(g, m);
	}
	loggen_end(g);
}

/** Byte offset of the start of line @p n (0-based) of @p text, or its length. */
static inline size_t uploadfix_line_off(const char *text, size_t len, unsigned n)
{
	size_t off = 0;

	while (n-- && off < len) {
		const char *nl = memchr(text + off, '\n', len - off);

		off = nl ? (size_t)(nl - text) + 1 : len;
	}
	return off;
}

/** Stored run files (*.json, not temp files) under @p dir/<slug>/. */
static inline int uploadfix_count_runs(const char *dir)
{
	DIR *d = opendir(dir), *s;
	struct dirent *e, *f;
	char p[512];
	int n = 0;

	if (!d)
		return 0;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
		if (!(s = opendir(p)))
			continue;
		while ((f = readdir(s))) {
			size_t l = strlen(f->d_name);

			if (f->d_name[0] != '.' && l > 5 && strcmp(f->d_name + l - 5, ".json") == 0)
				n++;
		}
		closedir(s);
	}
	closedir(d);
	return n;
}

#endif
