/** @file
 * The run store: results/<cpu>/<run-id>.json, one complete run per file,
 * written atomically. Also the names: CPU slug and run id.
 */
#ifndef VMXB_HOST_STORE_H
#define VMXB_HOST_STORE_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include <jansson.h>

#include "lib/cpuident.h"

#define STORE_FORMAT 1
#define SLUG_MAX 96
#define RUN_ID_MAX 80

/** Lower-case [a-z0-9_], anything else one '-', no leading/trailing '-'. */
void slug_clean(const char *in, char *out, size_t outsz);

/**
 * Directory name for a CPU: "<uarch>-<ff>-<mm>-<s>" (hex family, model,
 * stepping), e.g. "haswell-06-3c-3"; "unknown-…" when not identified.
 * Emulated runs (begin "emulator") get "emu-<emulator>-" in front, runs
 * under a hypervisor (CPUID.1:ECX[31]) without that label "vm-".
 */
void cpu_slug(const struct cpu_ident *id, const char *emulator, char *out, size_t outsz);

/**
 * The default run id: 16 hex digits of the run's content hash (scan_run.hash),
 * so the same run always gets the same id, whoever collects it and when.
 */
void run_id_from_hash(uint64_t hash, char *out, size_t outsz);

/** The run id of older versions, "20261125T181502Z-1a2b3c4d": UTC time and run CRC. */
void run_id_make(time_t t, uint32_t crc, char *out, size_t outsz);

/** Is @p id usable as a file name ([A-Za-z0-9._-], not starting with '.', ≤ RUN_ID_MAX)? */
int run_id_valid(const char *id);

/** "2026-11-25T18:15:02Z" */
void utc_iso(time_t t, char *out, size_t outsz);

/**
 * The stored-run document: {"format":1, "run_id", "collected_at", "source",
 * ["upload":{...},] "cpu":{...}, "begin":{...}, "end":{...}, "records":[...]}.
 * Takes a reference to @p records and (when not NULL) to @p upload, the
 * arrival of a run that came over the network (upload_session.c).
 */
json_t *store_run_json(json_t *records, const struct cpu_ident *id, const char *run_id,
		       time_t collected, const char *source, json_t *upload);

/** store_write: a run with that id and the same records was there already. */
#define STORE_ALREADY 1

/**
 * Create DIR/<slug>/<run_id>.json holding @p doc, atomically and exclusively:
 * a temp file in the same directory, fsync, link(2) to the final name, fsync
 * the directory. An existing file is never replaced: when its "records" equal
 * @p doc's that is STORE_ALREADY, otherwise -EEXIST. On failure nothing is
 * left behind (no temp file, no directory this call created).
 * @return 0, STORE_ALREADY or a negative errno; @p path receives the file name.
 */
int store_write(const char *dir, const char *slug, const char *run_id, json_t *doc,
		char *path, size_t pathsz);

/**
 * A run stored under an older-style id ending in -<crc> in DIR/<slug>/ whose
 * records equal @p records (collect's "already stored" for runs stored before
 * ids were content hashes). @return 1 and its @p path, or 0.
 */
int store_find_crc(const char *dir, const char *slug, uint32_t crc, json_t *records,
		   char *path, size_t pathsz);

/** How old an unclaimed temp file must be before any collect removes it. */
#define STORE_STALE_SECS 600

/**
 * Remove temp files a killed collect left in DIR/<slug>/ directories: only
 * our own temp names, and only when their writer (same host) is gone or they
 * are older than STORE_STALE_SECS. @return the number removed.
 */
unsigned store_clean_stale(const char *dir);

/** mkdir -p. @return 0 or negative errno. */
int mkdir_p(const char *path);

/** Current time, or $VMXBENCH_NOW (seconds since the epoch) for reproducible output. */
time_t store_now(void);

#endif
