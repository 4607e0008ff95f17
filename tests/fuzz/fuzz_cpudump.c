/** @file
 * libFuzzer harness: CPUID dumps of other tools (host-tools/lib/cpudump_text.c,
 * `vmxbench identify DUMP`), then the identification of what was read. A
 * parse either fails with a message and an empty dump, or gives a dump with
 * leaf 0 whose every leaf is within the dump's own maxima.
 */
#include <stdlib.h>
#include <string.h>
#include "lib/cpudump_text.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct cpuid_dump d = { 0 };
	struct cpu_ident id;
	char err[256] = "";

	if (cpudump_parse((const char *)data, size, &d, err, sizeof(err))) {
		if (!err[0] || d.v)
			abort();
		return 0;
	}
	if (!cpuid_dump_get(&d, 0, 0))
		abort();
	for (size_t i = 0; i < d.n; i++) {
		const struct cpuid_leaf *mx = cpuid_dump_get(&d, d.v[i].leaf & 0x80000000u, 0);

		if (mx && d.v[i].leaf != (d.v[i].leaf & 0x80000000u) && d.v[i].leaf > mx->r[0])
			abort();
	}
	cpu_ident_from_dump(&d, &id);
	cpuid_dump_free(&d);
	return 0;
}
