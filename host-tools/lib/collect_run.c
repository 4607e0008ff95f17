/** @file
 * Identify, name and store one complete run (see collect_run.h).
 */
#include <errno.h>
#include <string.h>

#include "lib/collect_run.h"
#include "lib/emulated.h"

enum collect_run_result collect_run_store(struct scan_run *r, const char *out_dir,
					  const char *run_id, const char *source,
					  json_t *upload, struct collect_run_out *o)
{
	char slug[SLUG_MAX], rid[RUN_ID_MAX + 1];
	const char *emu = records_emulator(r->records);
	json_t *doc;
	int rc;

	memset(o, 0, sizeof(*o));
	if (cpu_ident_from_records(r->records, &o->id, o->why, sizeof(o->why)))
		return CRUN_UNIDENTIFIED;
	cpu_slug(&o->id, emu, slug, sizeof(slug));
	/* runs stored under the older time-and-CRC ids are recognised by content */
	if (!run_id && store_find_crc(out_dir, slug, r->crc, r->records, o->file,
				      sizeof(o->file)))
		return CRUN_ALREADY;
	if (run_id)
		snprintf(rid, sizeof(rid), "%s", run_id);
	else
		run_id_from_hash(r->hash, rid, sizeof(rid));
	doc = store_run_json(r->records, &o->id, rid, store_now(), source, upload);
	rc = doc ? store_write(out_dir, slug, rid, doc, o->file, sizeof(o->file)) : -ENOMEM;
	json_decref(doc);
	if (rc == STORE_ALREADY)
		return CRUN_ALREADY;
	if (rc == -EEXIST)
		return CRUN_ID_TAKEN;
	if (rc) {
		o->err = rc;
		return CRUN_ERROR;
	}
	return CRUN_STORED;
}
