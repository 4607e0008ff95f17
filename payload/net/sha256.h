/** @file
 * SHA-256 (FIPS 180-4), freestanding: the upload MAC (docs/upload.md) and
 * the session id need it, and the payload has no libc. Pure.
 */
#ifndef VMXB_NET_SHA256_H
#define VMXB_NET_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_LEN 32
#define SHA256_BLOCK 64

struct sha256 {
	uint32_t h[8];
	uint64_t bytes;               /**< message bytes so far */
	uint8_t buf[SHA256_BLOCK];    /**< a partial block */
	size_t fill;                  /**< bytes in buf */
};

void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *data, size_t len);
/** Write the digest to @p out; @p s must be initialised again before reuse. */
void sha256_final(struct sha256 *s, uint8_t out[SHA256_LEN]);
/** One call: the digest of @p len bytes at @p data. */
void sha256(const void *data, size_t len, uint8_t out[SHA256_LEN]);

#endif
