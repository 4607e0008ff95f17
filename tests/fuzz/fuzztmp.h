/** @file
 * Shared by the harnesses that need files: one temporary directory per
 * process ($TMPDIR or /tmp, "vmxb-fuzz-XXXXXX"), removed at exit, and a
 * recursive remove. Nothing is written outside that directory.
 */
#ifndef VMXB_FUZZ_TMP_H
#define VMXB_FUZZ_TMP_H

#define _GNU_SOURCE
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char fuzz_dir[256];

static int fuzz_rm_one(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb, (void)flag, (void)ftw;
	remove(p);
	return 0;
}

/** rm -rf @p path (depth first, no symlinks followed). */
static inline void fuzz_rm_tree(const char *path)
{
	nftw(path, fuzz_rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void fuzz_tmp_cleanup(void)
{
	if (fuzz_dir[0])
		fuzz_rm_tree(fuzz_dir);
}

/* Durability is not under test and fsync on every stored run would dominate
 * the run time: these definitions take the place of libc's in the harness. */
int fsync(int fd);
int fdatasync(int fd);
int fsync(int fd) { (void)fd; return 0; }
int fdatasync(int fd) { (void)fd; return 0; }

/** The process's temporary directory, created on first use (aborts if it cannot be). */
static inline const char *fuzz_tmp(void)
{
	if (!fuzz_dir[0]) {
		const char *t = getenv("TMPDIR");

		snprintf(fuzz_dir, sizeof(fuzz_dir), "%s/vmxb-fuzz-XXXXXX", t && *t ? t : "/tmp");
		if (!mkdtemp(fuzz_dir))
			abort();
		atexit(fuzz_tmp_cleanup);
	}
	return fuzz_dir;
}

/** Write @p size bytes to @p path (aborts on failure: the harness is broken then). */
static inline void fuzz_write(const char *path, const void *data, size_t size)
{
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(data, 1, size, f) != size || fclose(f))
		abort();
}

#endif
