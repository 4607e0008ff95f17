/** @file
 * libFuzzer harness: what the UEFI boot wrapper reads from the firmware
 * (payload/boot/efi_cmdline.c, efi_config.c, efi_memmap.c), compiled for the
 * host. The input is, at once, LoadOptions bytes, a configuration table
 * (24-byte entries) and a memory map whose descriptor size comes from the
 * first byte.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "boot/efi_tables.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	char line[64];
	size_t n, desc_size;
	struct efi_config *t;
	uint8_t *map;
	uint64_t end;
	const uint64_t limit = 512ull << 30;

	/* LoadOptions: printable ASCII out, terminated, within the buffer */
	n = efi_cmdline_ascii(data, size, line, sizeof(line));
	if (n >= sizeof(line) || line[n] != '\0' || strlen(line) != n)
		abort();
	for (size_t i = 0; i < n; i++)
		if (line[i] < 0x20 || line[i] > 0x7e)
			abort();

	/* the configuration table: an aligned copy, as the firmware's is */
	t = malloc(size / sizeof(*t) * sizeof(*t) + 1);
	if (!t)
		return 0;
	memcpy(t, data, size / sizeof(*t) * sizeof(*t));
	(void)efi_config_rsdp(t, size / sizeof(*t));
	(void)efi_config_smbios(t, size / sizeof(*t));
	free(t);

	/* the memory map: descriptors 40..103 bytes apart, 8-byte aligned copy */
	if (!size)
		return 0;
	desc_size = 40 + (data[0] & 0x3f);
	map = malloc(size);
	if (!map)
		return 0;
	memcpy(map, data, size);
	end = efi_memmap_end(map, size, desc_size, limit);
	if (end > limit || (size < desc_size && end != 0))
		abort();
	free(map);
	return 0;
}
