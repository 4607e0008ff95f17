/** @file
 * All stored runs of a results directory (results/<cpu>/<run-id>.json),
 * loaded for reports and later analyses (conformance matrix, CSV, charts).
 */
#ifndef VMXB_HOST_RUNSET_H
#define VMXB_HOST_RUNSET_H

#include <stdbool.h>
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
/** Emulator of the run: the lab's label, else what the payload or the host recognised (emulated.h); NULL on silicon. */
const char *run_emulator(const struct stored_run *r);
/** Did the run execute under an emulator (Bochs, QEMU TCG)? Its numbers describe the emulator. */
bool run_emulated(const struct stored_run *r);
/**
 * Short name of the CPU model for column headers: the emulated model
 * ("corei7_haswell_4770" from "bochs:corei7_haswell_4770"), else our codename
 * and family-model-stepping ("Haswell 06-3c-3"), "vm " in front under a hypervisor.
 */
void run_label(const struct stored_run *r, char *out, size_t outsz);
/** Does @p r belong in a table? (a filter for runset_pick) */
typedef bool (*run_filter_fn)(const struct stored_run *r, const void *arg);

/** One column of a per-model table: the chosen run of a CPU model (<cpu> slug). */
struct run_pick {
	const struct stored_run *r;
	unsigned others; /**< further runs of the same model that passed the filter, not shown */
};

/**
 * One run per <cpu> slug: of the runs passing @p keep (all when NULL), the most
 * recently collected one (collected_at, then run id). @p out gets at most
 * @p max picks in slug order. @return the number of picks.
 */
size_t runset_pick(const struct runset *rs, run_filter_fn keep, const void *arg,
		   struct run_pick *out, size_t max);

/** Was @p a collected after @p b (collected_at, then run id)? */
bool run_newer(const struct stored_run *a, const struct stored_run *b);
/** Does the run hold a record of this type (and, when @p suite is not NULL, this "suite")? */
bool run_has(const struct stored_run *r, const char *type, const char *suite);

#endif
