/** @file
 * The lab key and the batch MAC of docs/upload.md: HMAC-SHA256(key,
 * session "\n" seq "\n" body), sent as 64 lower-case hex digits in X-Vmxb-Mac.
 */
#ifndef VMXB_HOST_UPLOAD_AUTH_H
#define VMXB_HOST_UPLOAD_AUTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define UPLOAD_KEY_LEN 32
#define UPLOAD_MAC_HEX 64

struct upload_key {
	uint8_t k[UPLOAD_KEY_LEN];
};

/**
 * Read a key file: 64 hex digits (either case), optionally followed by a
 * newline, nothing else. A file that group or others may read or write is
 * refused (the key is the lab's only secret). @return 0, or -1 with a
 * one-line reason in @p why.
 */
int upload_key_load(const char *path, struct upload_key *key, char *why, size_t whysz);

/** The MAC of one batch as 64 lower-case hex digits and a NUL into @p hex. */
void upload_mac_hex(const struct upload_key *key, const char *session, const char *seq,
		    const char *body, size_t len, char hex[UPLOAD_MAC_HEX + 1]);

/**
 * Does @p given (the X-Vmxb-Mac header, any case) match the batch's MAC?
 * Compared in constant time (nettle memeql_sec) on the decoded 32 bytes.
 */
bool upload_mac_ok(const struct upload_key *key, const char *session, const char *seq,
		   const char *body, size_t len, const char *given);

#endif
