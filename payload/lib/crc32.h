/** @file
 * CRC-32 (IEEE 802.3, the zlib crc32()): protects every record line.
 * Pure: compiled into the payload and the host tools.
 */
#ifndef VMXB_CRC32_H
#define VMXB_CRC32_H

#include <stddef.h>
#include <stdint.h>

/** Continue a CRC over @p len bytes; start with crc = 0. */
uint32_t crc32_update(uint32_t crc, const void *buf, size_t len);

#endif
