/** @file
 * HMAC-SHA256 (RFC 2104): H((K ^ opad) || H((K ^ ipad) || m)).
 */
#include "net/hmac_sha256.h"

static void wipe(void *p, size_t n)
{
	volatile uint8_t *v = p;

	while (n--)
		*v++ = 0;
}

void hmac_sha256_init(struct hmac_sha256 *m, const void *key, size_t key_len)
{
	uint8_t k[SHA256_BLOCK] = { 0 }, ikey[SHA256_BLOCK];
	const uint8_t *kp = key;

	if (key_len > SHA256_BLOCK) {
		sha256(key, key_len, k);
	} else {
		for (size_t i = 0; i < key_len; i++)
			k[i] = kp[i];
	}
	for (int i = 0; i < SHA256_BLOCK; i++) {
		ikey[i] = k[i] ^ 0x36;
		m->okey[i] = k[i] ^ 0x5c;
	}
	sha256_init(&m->inner);
	sha256_update(&m->inner, ikey, sizeof(ikey));
	wipe(k, sizeof(k));
	wipe(ikey, sizeof(ikey));
}

void hmac_sha256_update(struct hmac_sha256 *m, const void *data, size_t len)
{
	sha256_update(&m->inner, data, len);
}

void hmac_sha256_final(struct hmac_sha256 *m, uint8_t out[SHA256_LEN])
{
	uint8_t ih[SHA256_LEN];
	struct sha256 outer;

	sha256_final(&m->inner, ih);
	sha256_init(&outer);
	sha256_update(&outer, m->okey, sizeof(m->okey));
	sha256_update(&outer, ih, sizeof(ih));
	sha256_final(&outer, out);
	wipe(m, sizeof(*m));
	wipe(&outer, sizeof(outer));
}
