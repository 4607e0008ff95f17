/** @file
 * All stored runs of a results directory (results/<cpu>/<run-id>.json),
 * loaded for reports and later analyses (conformance matrix, CSV, charts).
 */
#ifndef VMXB_HOST_RUNSET_H
#define VMXB_HOST_RUNSET_H

#include <stdio.h>
#include <jansson.h>

struct stored_run {
	char *path;         /**< the file */
	char *slug;         /**< its <cpu> directory */
	const char *run_id; /**< points into doc */
	json_t *doc;        /**< the whole stored document */
	json_t *records;    /**< doc's "records" array */
	json_t *cpu;        /**< doc's "cpu" object */
	json_t *begin;      /**< the begin record */
};

struct runset {
	struct stored_run *v;
	size_t n;
};

/**
 * Load every DIR/<cpu>/<run-id>.json, sorted by <cpu> then run id. Unreadable or malformed
 * files are skipped with a message on @p err. @return 0 or a negative errno
 * when DIR itself cannot be read.
 */
int runset_load(const char *dir, struct runset *rs, FILE *err);
void runset_free(struct runset *rs);

/** The first record of @p type in a run, or NULL. */
json_t *run_record(const struct stored_run *r, const char *type);
/** The first "msr" record with this index, or NULL. */
json_t *run_msr(const struct stored_run *r, unsigned index);
/** Emulator label of the run (begin "emulator"), or NULL. */
const char *run_emulator(const struct stored_run *r);

#endif
