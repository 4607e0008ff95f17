/** @file
 * libFuzzer harness: the payload's SMBIOS parsers (payload/platform/smbios.c)
 * compiled for the host. The input is taken three ways: as an entry point
 * (smbios_entry_parse), as a structure table (smbios_table_parse), and as a
 * small physical memory image at address 0 that is scanned for an entry
 * point whose table is then walked where it points, as smbios_probe does.
 */
#include <stdlib.h>
#include <string.h>
#include "platform/smbios.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static void check(const struct smbios_info *in)
{
	const char *s[] = { in->bios_vendor, in->bios_version, in->manufacturer, in->product,
			    in->serial };

	for (size_t i = 0; i < sizeof(s) / sizeof(s[0]); i++) {
		/* the strings go into records: terminated, printable ASCII only */
		const char *e = memchr(s[i], 0, SMBIOS_STR_MAX);

		if (!e)
			abort();
		for (const char *p = s[i]; p < e; p++)
			if (*p < 0x20 || *p > 0x7e)
				abort();
	}
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	/* exact-size copy so ASan catches reads past the end */
	uint8_t *buf = malloc(size ? size : 1);
	struct smbios_entry e;
	struct smbios_info info;
	long off;

	if (!buf)
		return 0;
	memcpy(buf, data, size);

	smbios_entry_parse(buf, size, &e);

	memset(&info, 0, sizeof(info));
	smbios_table_parse(buf, size, 0, &info);
	check(&info);

	off = smbios_entry_scan(buf, size, &e);
	if (off >= 0) {
		if ((size_t)off >= size)
			abort();
		memset(&info, 0, sizeof(info));
		/* the table where the entry point says, clipped to the image */
		if (e.table < size) {
			size_t len = e.table_len;

			if (len > size - e.table)
				len = size - (size_t)e.table;
			smbios_table_parse(buf + e.table, len, e.count, &info);
			check(&info);
		}
	}
	free(buf);
	return 0;
}
