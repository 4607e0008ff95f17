/** @file
 * libFuzzer harness: one record line through recline_parse
 * (host-tools/lib/recline.h). Built with -DVMXB_FUZZING, so any well-formed
 * CRC is accepted and mutations reach the JSON and member checks.
 */
#include <stdlib.h>
#include <string.h>
#include "lib/recline.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	/* An exact-size copy: ASan then sees any read past the line's end. */
	char *line = malloc(size ? size : 1);
	struct recline r;
	enum recline_kind k;

	if (!line)
		return 0;
	memcpy(line, data, size);
	memset(&r, 0, sizeof(r));
	k = recline_parse(line, size, &r);
	if (k == RECLINE_OK) {
		/* what callers rely on: an object, its type string, a non-negative seq */
		if (!json_is_object(r.obj) || !r.type || r.seq < 0)
			abort();
		json_decref(r.obj);
	} else if (k != RECLINE_NOISE && !memchr(r.err, 0, sizeof(r.err))) {
		abort();
	}
	free(line);
	return 0;
}
