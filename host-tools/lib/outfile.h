/** @file
 * Output files written whole or not at all: a temporary file beside the
 * target, renamed over it when complete ("-" is stdout). Used by report,
 * export and chart, so a reader never sees half a file.
 */
#ifndef VMXB_HOST_OUTFILE_H
#define VMXB_HOST_OUTFILE_H

#include <stdio.h>

struct outfile {
	FILE *f;             /**< write here */
	char path[4200];     /**< the target */
	char tmp[4300];      /**< the temporary file, "" for stdout */
};

/** Open @p path ("-" = stdout) for writing. @return 0 or a negative errno. */
int outfile_open(struct outfile *o, const char *path);
/** Flush, fsync and rename into place. @return 0 or a negative errno (temp removed). */
int outfile_commit(struct outfile *o);
/** Give up: close and remove the temporary file. */
void outfile_abort(struct outfile *o);

#endif
