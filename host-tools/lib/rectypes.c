/** @file
 * The record types of the format (rectypes.h).
 */
#include <string.h>

#include "lib/rectypes.h"

#define RT_NAME(n) #n,
static const char *const types[] = { VMXB_RECORD_TYPES(RT_NAME) };
#undef RT_NAME
#define RT_TEXT(n) #n ", "
static const char list[] = VMXB_RECORD_TYPES(RT_TEXT);
#undef RT_TEXT

bool rectype_known(const char *type)
{
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(types[i], type) == 0)
			return true;
	return false;
}

const char *rectype_list(void)
{
	static char out[sizeof(list)];

	/* without the last ", " */
	if (!out[0]) {
		memcpy(out, list, sizeof(list) - 3);
		out[sizeof(list) - 3] = 0;
	}
	return out;
}
