/** @file
 * Address options (see addr.h). Strict on purpose: a lab typo must show
 * as a warning, not as packets sent to some other address.
 */
#include <string.h>
#include "net/addr.h"
#include "lib/fmt.h"

bool ipv4_parse(const char *s, uint8_t out[4])
{
	for (int part = 0; part < 4; part++) {
		unsigned v = 0, digits = 0;
		const char *start;

		if (part && *s++ != '.')
			return false;
		start = s;
		while (*s >= '0' && *s <= '9' && digits < 4) {
			v = v * 10 + (unsigned)(*s++ - '0');
			digits++;
		}
		if (!digits || digits > 3 || v > 255 || (digits > 1 && *start == '0'))
			return false;
		out[part] = (uint8_t)v;
	}
	return *s == '\0';
}

bool ipv4_mask_parse(const char *s, uint8_t out[4])
{
	uint32_t m;

	if (!ipv4_parse(s, out))
		return false;
	m = (uint32_t)out[0] << 24 | (uint32_t)out[1] << 16 | (uint32_t)out[2] << 8 | out[3];
	/* contiguous ones: ~m + 1 is a power of two (or 0 for 255.255.255.255) */
	return m != 0 && ((~m + 1) & ~m) == 0;
}

bool mac_parse(const char *s, uint8_t out[6])
{
	if (strlen(s) != 17)
		return false;
	for (int i = 0; i < 6; i++) {
		int hi = fmt_hex_digit(s[3 * i]), lo = fmt_hex_digit(s[3 * i + 1]);

		if (hi < 0 || lo < 0 || (i < 5 && s[3 * i + 2] != ':' && s[3 * i + 2] != '-'))
			return false;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return true;
}
