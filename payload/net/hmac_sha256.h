/** @file
 * HMAC-SHA256 (RFC 2104, FIPS 198-1): the X-Vmxb-Mac of an upload. Pure.
 */
#ifndef VMXB_NET_HMAC_SHA256_H
#define VMXB_NET_HMAC_SHA256_H

#include <stddef.h>
#include <stdint.h>
#include "net/sha256.h"

/** An HMAC in progress: the inner hash, and the key block for the outer one. */
struct hmac_sha256 {
	struct sha256 inner;
	uint8_t okey[SHA256_BLOCK];   /**< key XOR opad */
};

/** Start with @p key of any length (longer than a block: hashed first). */
void hmac_sha256_init(struct hmac_sha256 *m, const void *key, size_t key_len);
void hmac_sha256_update(struct hmac_sha256 *m, const void *data, size_t len);
/** Write the MAC to @p out and wipe the key material in @p m. */
void hmac_sha256_final(struct hmac_sha256 *m, uint8_t out[SHA256_LEN]);

#endif
