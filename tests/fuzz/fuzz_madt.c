/** @file
 * libFuzzer harness: the payload's ACPI walk (payload/platform/acpi.c)
 * compiled for the host. The input is a physical memory image at address 0:
 * the RSDP is searched in it as on a BIOS machine, then RSDP -> XSDT/RSDT ->
 * MADT -> logical processors, every table read through a map callback that
 * refuses what lies outside the image. The results must be bounded and
 * consistent, whatever the tables claim.
 */
#include <stdlib.h>
#include <string.h>
#include "platform/acpi.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

struct image {
	const uint8_t *p;
	size_t n;
};

static const uint8_t *map(void *ctx, uint64_t pa, size_t len)
{
	struct image *im = ctx;

	if (pa > im->n || len > im->n - pa)
		return NULL;
	return im->p + pa;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	/* exact-size copy so ASan catches reads past the end */
	uint8_t *buf = malloc(size ? size : 1);
	struct image im = { buf, size };
	struct acpi_mem mem = { map, &im };
	struct acpi_rsdp r;
	struct acpi_cpus cpus;
	long off;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	off = acpi_rsdp_scan(buf, size, &r);
	if (off >= 0) {
		if ((size_t)off >= size)
			abort();
		acpi_madt_cpus(&mem, (uint64_t)off, &cpus);
		if (cpus.n > ACPI_CPU_MAX)
			abort();
		for (unsigned i = 0; i < cpus.n; i++)
			for (unsigned j = i + 1; j < cpus.n; j++)
				if (cpus.cpu[i].apic_id == cpus.cpu[j].apic_id)
					abort(); /* duplicates are skipped, never listed twice */
	}
	/* the image as a MADT itself */
	acpi_madt_parse(buf, size, &cpus);
	if (cpus.n > ACPI_CPU_MAX)
		abort();
	free(buf);
	return 0;
}
