/** @file
 * Atomic output files (see outfile.h).
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "lib/outfile.h"

int outfile_open(struct outfile *o, const char *path)
{
	memset(o, 0, sizeof(*o));
	snprintf(o->path, sizeof(o->path), "%s", path);
	if (strcmp(path, "-") == 0) {
		o->f = stdout;
		return 0;
	}
	snprintf(o->tmp, sizeof(o->tmp), "%s.tmp.%ld", path, (long)getpid());
	o->f = fopen(o->tmp, "w");
	return o->f ? 0 : -errno;
}

int outfile_commit(struct outfile *o)
{
	int rc;

	if (!o->tmp[0])
		return fflush(o->f) ? -errno : 0;
	rc = fflush(o->f) || fsync(fileno(o->f)) ? -errno : 0;
	if (fclose(o->f) && !rc)
		rc = -errno;
	o->f = NULL;
	if (!rc && rename(o->tmp, o->path))
		rc = -errno;
	if (rc)
		unlink(o->tmp);
	return rc;
}

void outfile_abort(struct outfile *o)
{
	if (o->tmp[0]) {
		if (o->f)
			fclose(o->f);
		unlink(o->tmp);
	}
	o->f = NULL;
}
