/** @file
 * The upload sink behind the record writer (docs/upload.md): lines are
 * copied into batches as they are written, and sent only at safe points,
 * never inside a timed window.
 */
#ifndef VMXB_RECORD_RECORD_UPLOAD_H
#define VMXB_RECORD_RECORD_UPLOAD_H

#include <stdbool.h>
#include "net/upload.h"

/** Where a safe point is: what may be sent there. */
enum rec_safe {
	REC_SAFE_GROUP,   /**< before a measurement: full batches only, not in VMX operation */
	REC_SAFE_SUITE,   /**< between suites: everything buffered */
	REC_SAFE_END,     /**< after the end record: the last batch; a failure is a console line */
};

/** Send every line written from now on through @p u (set up by app/upload_start.c). */
bool record_upload_attach(struct upload *u);

/**
 * A safe point: on the boot CPU, send what @p where allows; when the sink
 * gives up, write its reason in a warn record (then the records go on to
 * the console only), or after the end record in a console line. Does
 * nothing without an upload.
 */
void record_safe_point(enum rec_safe where);

#endif
