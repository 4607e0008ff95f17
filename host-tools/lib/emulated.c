/** @file
 * Emulated-run recognition on the host (see emulated.h).
 */
#include <string.h>

#include "lib/emulated.h"
#include "platform/emu_detect.h"

static const char *str(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

const char *records_emulator(json_t *records)
{
	json_t *begin = json_array_get(records, 0), *rec;
	struct emu_clues c = { 0 };
	const char *e;
	size_t i;

	if ((e = str(begin, "emulator")) || ((e = str(begin, "emulator_detected")) && *e))
		return e;
	json_array_foreach(records, i, rec) {
		const char *type = str(rec, "type");

		if (!type)
			continue;
		if (!c.hv_signature && !strcmp(type, "identity"))
			c.hv_signature = str(rec, "hv_signature");
		if (!c.bios_vendor && !strcmp(type, "smbios")) {
			c.bios_vendor = str(rec, "bios_vendor");
			c.bios_version = str(rec, "bios_version");
		}
	}
	return emu_detect(&c, NULL, 0);
}
