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

/** "20261125T181502Z-1a2b3c4d": UTC time and the run's CRC. */
void run_id_make(time_t t, uint32_t crc, char *out, size_t outsz);

/** Is @p id usable as a file name ([A-Za-z0-9._-], not starting with '.', ≤ RUN_ID_MAX)? */
int run_id_valid(const char *id);

/** "2026-11-25T18:15:02Z" */
void utc_iso(time_t t, char *out, size_t outsz);

/**
 * The stored-run document: {"format":1, "run_id", "collected_at", "source",
 * "cpu":{...}, "begin":{...}, "end":{...}, "records":[...]}. Takes a
 * reference to @p records.
 */
json_t *store_run_json(json_t *records, const struct cpu_ident *id, const char *run_id,
		       time_t collected, const char *source);

/**
 * Write @p doc as DIR/<slug>/<run_id>.json atomically (temp file in the same
 * directory, fsync, rename, fsync the directory). Refuses to overwrite.
 * @return 0 or a negative errno; @p path receives the file name.
 */
int store_write(const char *dir, const char *slug, const char *run_id, json_t *doc,
		char *path, size_t pathsz);

/** A stored run in DIR/<slug>/ whose id ends in -<crc>, if any (for "already stored"). */
int store_find_crc(const char *dir, const char *slug, uint32_t crc, char *path, size_t pathsz);

/** mkdir -p. @return 0 or negative errno. */
int mkdir_p(const char *path);

/** Current time, or $VMXBENCH_NOW (seconds since the epoch) for reproducible output. */
time_t store_now(void);

#endif
