/** @file
 * All stored runs of a results directory (results/<cpu>/<run-id>.json),
 * loaded for reports and later analyses (conformance matrix, CSV, charts).
 *
 * Two ways to load: runset_load keeps every document (export, chart, tests);
 * runset_index keeps per run only a small index (the fields below other than
 * records) and loads a run's records on run_open, for as long as it is open,
 * so a report's memory follows what it shows, not the size of the store.
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
	json_t *doc;        /**< the stored document; indexed: without "records", "begin", "end" */
	json_t *records;    /**< doc's "records" array; indexed only: NULL unless open */
	json_t *cpu;        /**< doc's "cpu" object */
	json_t *begin;      /**< the begin record */
	json_t *end;        /**< the last record */
	json_t *warns;      /**< the "warn" records, an array */
	char *emulator;     /**< records_emulator (emulated.h) of the records, NULL: silicon */
	/**
	 * What records the run holds, for run_has and the section filters without
	 * loading it, one flat object (a few KB a run), keys in order of first appearance:
	 * "TYPE\0sSUITE" every record (SUITE "" when it has none; true when some
	 * record had the "suite" string, false when none had one), "TYPE\0iSUITE" the
	 * records with a string "id" (case rows), "TYPE\0nNAME" the "name" of "suite"
	 * and "suite_end" records.
	 */
	json_t *kinds;
	json_t *suite_times; /**< suite durations, suite_time.h (computed at load or index) */
	unsigned opens;  /**< run_open minus run_close */
};

struct runset {
	struct stored_run *v;
	size_t n;
	bool indexed; /**< runset_index: records loaded by run_open only */
};

/**
 * Load every DIR/<cpu>/<run-id>.json, sorted by <cpu> then run id. Unreadable or malformed
 * files are skipped with a message on @p err. @return 0 or a negative errno
 * when DIR itself cannot be read.
 */
int runset_load(const char *dir, struct runset *rs, FILE *err);
/**
 * Like runset_load, but keep only each run's index: records stay on disk until
 * run_open. A run that can no longer be read then has no records (message on stderr).
 */
int runset_index(const char *dir, struct runset *rs, FILE *err);
void runset_free(struct runset *rs);
/**
 * Add the one stored run in file @p path to an indexed (or empty) runset, its
 * slug the parent directory's name. @return 0, or -EINVAL when it is not a stored run
 * (message on @p err) or @p rs was loaded whole.
 */
int runset_index_file(struct runset *rs, const char *path, FILE *err);

/**
 * Make @p r->records usable until the matching run_close (nested calls count).
 * A run of runset_load is always open. The records are a cache, not the run's
 * identity: that is why a const run may be opened. @return 0 or a negative errno
 * (then records is an empty array until run_close).
 */
int run_open(const struct stored_run *r);
void run_close(const struct stored_run *r);
/** How many indexed runs are open now, and at most since the last reset (tests). */
size_t run_open_count(void);
size_t run_open_peak(bool reset);

/** The first record of @p type in a run, or NULL. */
json_t *run_record(const struct stored_run *r, const char *type);
/** The first "msr" record with this index, or NULL. */
json_t *run_msr(const struct stored_run *r, unsigned index);
/** Emulator of the run: the lab's label, else what the payload or the host recognised (emulated.h); NULL on silicon. */
const char *run_emulator(const struct stored_run *r);
/**
 * The machine a run came from: the begin record's lab `label`, else its `mac`, else its
 * `uuid` (lab options copied into every run), else "-". Runs of one machine share it
 * and their <cpu> slug (the report's summary and its tables across boots group by both).
 */
const char *run_machine(const struct stored_run *r);
/**
 * The machine as the per-model tables tell machines apart: on silicon run_machine; an
 * emulated model is one machine ("") unless the lab gave its boots labels (the label).
 */
const char *run_column_machine(const struct stored_run *r);
/** Are @p a and @p b runs of the same CPU model (<cpu> slug) on the same machine (run_column_machine)? */
bool run_same_column(const struct stored_run *a, const struct stored_run *b);
/** Did the run execute under an emulator (Bochs, QEMU TCG)? Its numbers describe the emulator. */
bool run_emulated(const struct stored_run *r);
/**
 * Short name of the CPU model for column headers: the emulated model
 * ("corei7_haswell_4770" from "bochs:corei7_haswell_4770"), else our codename
 * and family-model-stepping ("Haswell 06-3c-3"), "vm " in front under a hypervisor,
 * and " @ MACHINE" after it: the lab's label (begin record `label`), else on silicon the
 * machine's MAC or UUID (run_machine); an emulated model only with a lab label.
 */
void run_label(const struct stored_run *r, char *out, size_t outsz);
/** Does @p r belong in a table? (a filter for runset_pick) */
typedef bool (*run_filter_fn)(const struct stored_run *r, const void *arg);

/** One column of a per-model table: the chosen run of a CPU model (<cpu> slug) on one machine (run_machine). */
struct run_pick {
	const struct stored_run *r;
	unsigned others; /**< further runs of the same model that passed the filter, not shown */
};

/**
 * One run per <cpu> slug and machine (run_same_column: two machines with the same
 * CPU stay apart; an emulated model is one machine): of the runs passing @p keep (all when NULL), the most
 * recently collected one (collected_at, then run id). @p out gets at most
 * @p max picks in slug order. @return the number of picks.
 */
size_t runset_pick(const struct runset *rs, run_filter_fn keep, const void *arg,
		   struct run_pick *out, size_t max);
/** runset_pick, then run_open on every pick: pair with runset_picks_close. */
size_t runset_pick_open(const struct runset *rs, run_filter_fn keep, const void *arg,
			struct run_pick *out, size_t max);
void runset_picks_close(const struct run_pick *p, size_t n);

/** Was @p a collected after @p b (collected_at, then run id)? */
bool run_newer(const struct stored_run *a, const struct stored_run *b);
/** Does the run hold a record of this type (and, when @p suite is not NULL, this "suite")? */
bool run_has(const struct stored_run *r, const char *type, const char *suite);
/** Does the run hold a record of this type and "suite" (a missing one counts as "") with a string "id"? */
bool run_has_id(const struct stored_run *r, const char *type, const char *suite);
/** Does the run hold a "suite" or "suite_end" record (@p type) of this "name"? */
bool run_has_name(const struct stored_run *r, const char *type, const char *name);
/**
 * The "suite" strings of the run's records of @p type (a missing one as ""), in
 * order of first appearance; @p with_id: only of records with an "id". Start with
 * *@p it = NULL; NULL after the last. The strings live as long as the runset.
 */
const char *run_suite_next(const struct stored_run *r, const char *type, bool with_id, void **it);

#endif
