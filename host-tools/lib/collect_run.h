/** @file
 * One complete run → identified, named, stored: the store path every way in
 * shares (a serial log through collect.c, an upload through upload_session.c),
 * so a run is checked and stored the same whichever way it arrived.
 */
#ifndef VMXB_HOST_COLLECT_RUN_H
#define VMXB_HOST_COLLECT_RUN_H

#include <stddef.h>
#include <jansson.h>

#include "lib/cpuident.h"
#include "lib/logscan.h"
#include "lib/store.h"

enum collect_run_result {
	CRUN_STORED,      /**< written now */
	CRUN_ALREADY,     /**< the same records were stored before (file names it) */
	CRUN_UNIDENTIFIED, /**< the cpuid records cannot identify a CPU (why says why) */
	CRUN_ID_TAKEN,    /**< a stored run of that id holds other records */
	CRUN_ERROR,       /**< the write failed (err: negative errno) */
};

struct collect_run_out {
	struct cpu_ident id;  /**< the identification (CRUN_STORED, CRUN_ALREADY) */
	char file[4200];      /**< the stored file */
	char why[256];        /**< CRUN_UNIDENTIFIED: the reason */
	int err;              /**< CRUN_ERROR: negative errno */
};

/**
 * Identify @p r's CPU, name the run (@p run_id, or its content hash when
 * NULL) and store it under @p out_dir with store_write (atomic, exclusive).
 * @p source names where it came from; @p upload (may be NULL) becomes the
 * stored document's "upload" member (docs/host-tools.md).
 */
enum collect_run_result collect_run_store(struct scan_run *r, const char *out_dir,
					  const char *run_id, const char *source,
					  json_t *upload, struct collect_run_out *o);

#endif
