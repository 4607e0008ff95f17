/** @file
 * Lab key file and batch MAC (see upload_auth.h), with nettle.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <nettle/hmac.h>
#include <nettle/memops.h>

#include "lib/upload_auth.h"
#include "lib/fmt.h"

/* Exactly 2*n hex digits into n bytes. @return 0 or -1. */
static int unhex(const char *s, size_t slen, uint8_t *out, size_t n)
{
	if (slen != 2 * n)
		return -1;
	for (size_t i = 0; i < n; i++) {
		int hi = fmt_hex_digit((unsigned char)s[2 * i]), lo = fmt_hex_digit((unsigned char)s[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return -1;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return 0;
}

int upload_key_load(const char *path, struct upload_key *key, char *why, size_t whysz)
{
	char buf[UPLOAD_KEY_LEN * 2 + 4];
	struct stat st;
	ssize_t n;
	size_t len;
	int fd = open(path, O_RDONLY | O_NOCTTY);

	if (fd < 0) {
		snprintf(why, whysz, "%s", strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		snprintf(why, whysz, "not a regular file");
		close(fd);
		return -1;
	}
	if (st.st_mode & (S_IRWXG | S_IRWXO)) {
		snprintf(why, whysz, "readable or writable by group or others (mode %03o): the key "
			 "is the lab's secret; chmod 600 it", (unsigned)(st.st_mode & 0777));
		close(fd);
		return -1;
	}
	n = read(fd, buf, sizeof(buf));
	close(fd);
	if (n < 0) {
		snprintf(why, whysz, "%s", strerror(errno));
		return -1;
	}
	len = (size_t)n;
	if (len && buf[len - 1] == '\n')
		len--;
	if (len && buf[len - 1] == '\r')
		len--;
	if (unhex(buf, len, key->k, sizeof(key->k))) {
		snprintf(why, whysz, "not a key: the file must hold exactly %d hex digits (%d "
			 "bytes) and a newline", UPLOAD_KEY_LEN * 2, UPLOAD_KEY_LEN);
		return -1;
	}
	return 0;
}

static void mac_raw(const struct upload_key *key, const char *session, const char *seq,
		    const char *body, size_t len, uint8_t out[SHA256_DIGEST_SIZE])
{
	struct hmac_sha256_ctx h;

	hmac_sha256_set_key(&h, sizeof(key->k), key->k);
	hmac_sha256_update(&h, strlen(session), (const uint8_t *)session);
	hmac_sha256_update(&h, 1, (const uint8_t *)"\n");
	hmac_sha256_update(&h, strlen(seq), (const uint8_t *)seq);
	hmac_sha256_update(&h, 1, (const uint8_t *)"\n");
	hmac_sha256_update(&h, len, (const uint8_t *)body);
	hmac_sha256_digest(&h, SHA256_DIGEST_SIZE, out);
}

void upload_mac_hex(const struct upload_key *key, const char *session, const char *seq,
		    const char *body, size_t len, char hex[UPLOAD_MAC_HEX + 1])
{
	uint8_t m[SHA256_DIGEST_SIZE];

	mac_raw(key, session, seq, body, len, m);
	for (size_t i = 0; i < sizeof(m); i++)
		snprintf(hex + 2 * i, 3, "%02x", m[i]);
}

bool upload_mac_ok(const struct upload_key *key, const char *session, const char *seq,
		   const char *body, size_t len, const char *given)
{
	uint8_t want[SHA256_DIGEST_SIZE], got[SHA256_DIGEST_SIZE];

	if (!given || unhex(given, strlen(given), got, sizeof(got)))
		return false;
	mac_raw(key, session, seq, body, len, want);
	return memeql_sec(want, got, sizeof(want)) != 0;
}
