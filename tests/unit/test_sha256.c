/** @file
 * SHA-256 and HMAC-SHA256 (payload/net/sha256.c, hmac_sha256.c) against
 * FIPS 180-4 / RFC 4231 vectors and against nettle on random inputs.
 */
#include <stdio.h>
#include <string.h>
#include <nettle/hmac.h>
#include <nettle/sha2.h>
/* nettle names its functions nettle_* behind macros that clash with ours */
#undef sha256_init
#undef sha256_update
#undef sha256_digest
#undef hmac_sha256_set_key
#undef hmac_sha256_update
#undef hmac_sha256_digest
#include "unit.h"
#include "net/hmac_sha256.h"
#include "net/sha256.h"

static void hex(const uint8_t *p, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", p[i]);
}

static void unhex(const char *s, uint8_t *out, size_t *n)
{
	*n = strlen(s) / 2;
	for (size_t i = 0; i < *n; i++)
		sscanf(s + 2 * i, "%2hhx", &out[i]);
}

static void test_fips_vectors(void **state)
{
	static const struct {
		const char *msg;
		const char *digest;
	} v[] = {
		{ "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
		{ "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
		{ "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
		  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
	};
	uint8_t d[SHA256_LEN];
	char h[65];

	(void)state;
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		sha256(v[i].msg, strlen(v[i].msg), d);
		hex(d, sizeof(d), h);
		assert_string_equal(h, v[i].digest);
	}
}

/* One million 'a' fed in odd-sized pieces: the buffering across blocks. */
static void test_million_a(void **state)
{
	static char a[1024]; /* pieces of up to 1009 bytes */
	struct sha256 s;
	uint8_t d[SHA256_LEN];
	char h[65];
	size_t left = 1000000, step = 1;

	(void)state;
	memset(a, 'a', sizeof(a));
	sha256_init(&s);
	while (left) {
		size_t n = step < left ? step : left;

		sha256_update(&s, a, n);
		left -= n;
		step = step % 997 + 13;
	}
	sha256_final(&s, d);
	hex(d, sizeof(d), h);
	assert_string_equal(h, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

/* RFC 4231 test cases 1-4, 6, 7 (5 is a truncated MAC). */
static void test_rfc4231(void **state)
{
	static const struct {
		const char *key, *data, *mac; /* key and data in hex */
	} v[] = {
		{ "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "4869205468657265",
		  "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7" },
		{ "4a656665", "7768617420646f2079612077616e7420666f72206e6f7468696e673f",
		  "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843" },
		{ "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
		  "dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd",
		  "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe" },
		{ "0102030405060708090a0b0c0d0e0f10111213141516171819",
		  "cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd",
		  "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b" },
		{ "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
		  "54657374205573696e67204c6172676572205468616e20426c6f636b2d53697a65204b6579202d2048617368204b6579204669727374",
		  "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54" },
		{ "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
		  "5468697320697320612074657374207573696e672061206c6172676572207468616e20626c6f636b2d73697a65206b657920616e642061206c6172676572207468616e20626c6f636b2d73697a6520646174612e20546865206b6579206e6565647320746f20626520686173686564206265666f7265206265696e6720757365642062792074686520484d414320616c676f726974686d2e",
		  "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		uint8_t key[200], data[200], mac[SHA256_LEN];
		size_t kn, dn;
		struct hmac_sha256 m;
		char h[65];

		unhex(v[i].key, key, &kn);
		unhex(v[i].data, data, &dn);
		hmac_sha256_init(&m, key, kn);
		hmac_sha256_update(&m, data, dn);
		hmac_sha256_final(&m, mac);
		hex(mac, sizeof(mac), h);
		assert_string_equal(h, v[i].mac);
	}
}

/* Random lengths around the block and padding edges, random keys: same as nettle. */
static void test_random_vs_nettle(void **state)
{
	static uint8_t buf[4096];
	unsigned seed = 12345;

	(void)state;
	for (int round = 0; round < 600; round++) {
		size_t len = round < 200 ? (size_t)round : (size_t)(rand_r(&seed) % sizeof(buf));
		size_t klen = (size_t)(rand_r(&seed) % 150);
		uint8_t key[150], ours[SHA256_LEN], ref[SHA256_LEN];
		struct sha256_ctx nc;
		struct hmac_sha256_ctx nh;
		struct hmac_sha256 m;
		size_t split = len ? (size_t)rand_r(&seed) % len : 0;

		for (size_t i = 0; i < len; i++)
			buf[i] = (uint8_t)rand_r(&seed);
		for (size_t i = 0; i < klen; i++)
			key[i] = (uint8_t)rand_r(&seed);

		sha256(buf, len, ours);
		nettle_sha256_init(&nc);
		nettle_sha256_update(&nc, len, buf);
		nettle_sha256_digest(&nc, SHA256_DIGEST_SIZE, ref);
		assert_memory_equal(ours, ref, SHA256_LEN);

		hmac_sha256_init(&m, key, klen);
		hmac_sha256_update(&m, buf, split);
		hmac_sha256_update(&m, buf + split, len - split);
		hmac_sha256_final(&m, ours);
		nettle_hmac_sha256_set_key(&nh, klen, key);
		nettle_hmac_sha256_update(&nh, len, buf);
		nettle_hmac_sha256_digest(&nh, SHA256_DIGEST_SIZE, ref);
		assert_memory_equal(ours, ref, SHA256_LEN);
	}
}

/* The final call wipes the key material: nothing of the key stays in the struct. */
static void test_hmac_wipes(void **state)
{
	struct hmac_sha256 m;
	uint8_t key[32], mac[SHA256_LEN], zero[sizeof(m)];

	(void)state;
	memset(key, 0x42, sizeof(key));
	hmac_sha256_init(&m, key, sizeof(key));
	hmac_sha256_update(&m, "x", 1);
	hmac_sha256_final(&m, mac);
	memset(zero, 0, sizeof(zero));
	assert_memory_equal(&m, zero, sizeof(m));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fips_vectors),
		cmocka_unit_test(test_million_a),
		cmocka_unit_test(test_rfc4231),
		cmocka_unit_test(test_random_vs_nettle),
		cmocka_unit_test(test_hmac_wipes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
