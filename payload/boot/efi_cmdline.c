/** @file
 * LoadOptions (UCS-2) to the payload's ASCII command line (see efi_tables.h).
 *
 * The bytes are read one at a time, not as uint16_t: the firmware gives no
 * alignment for LoadOptions.
 */
#include "boot/efi_tables.h"

size_t efi_cmdline_ascii(const void *opts, size_t bytes, char *out, size_t cap)
{
	const uint8_t *b = opts;
	size_t n = 0;

	if (!cap)
		return 0;
	for (size_t i = 0; b && i + 1 < bytes && n + 1 < cap; i += 2) {
		unsigned c = b[i] | (unsigned)b[i + 1] << 8;

		if (!c)
			break;
		if (c == '\t' || c == '\r' || c == '\n')
			c = ' ';
		else if (c < 0x20 || c > 0x7e)
			c = '?';
		out[n++] = (char)c;
	}
	out[n] = '\0';
	return n;
}
