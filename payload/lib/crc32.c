/** @file
 * Bitwise CRC-32: a table would be faster, but records are short and the
 * payload prefers small and obviously correct.
 */
#include "lib/crc32.h"

uint32_t crc32_update(uint32_t crc, const void *buf, size_t len)
{
	const uint8_t *p = buf;

	crc = ~crc;
	while (len--) {
		crc ^= *p++;
		for (int i = 0; i < 8; i++)
			crc = (crc >> 1) ^ (0xEDB88320u & -(crc & 1u));
	}
	return ~crc;
}
