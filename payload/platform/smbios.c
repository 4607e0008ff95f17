/** @file
 * SMBIOS entry point and structure table parsing (DSP0134 §5.2, §6.1).
 * Pure: works on buffers; every length is checked against the buffer.
 */
#include "platform/smbios.h"
#include <string.h>

static uint16_t le16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static uint32_t le32(const uint8_t *p) { return le16(p) | (uint32_t)le16(p + 2) << 16; }
static uint64_t le64(const uint8_t *p) { return le32(p) | (uint64_t)le32(p + 4) << 32; }

static bool checksum_ok(const uint8_t *p, size_t n)
{
	uint8_t s = 0;

	for (size_t i = 0; i < n; i++)
		s = (uint8_t)(s + p[i]);
	return s == 0;
}

int smbios_entry_parse(const uint8_t *p, size_t avail, struct smbios_entry *e)
{
	memset(e, 0, sizeof(*e));
	if (avail >= 0x18 && !memcmp(p, "_SM3_", 5)) {
		/* 3.x: length at 06h (18h), table max size at 0Ch, 64-bit address at 10h */
		uint8_t n = p[6];
		if (n < 0x18 || n > avail || !checksum_ok(p, n))
			return -1;
		e->v3 = true;
		e->major = p[7];
		e->minor = p[8];
		e->table_len = le32(p + 0x0c);
		e->table = le64(p + 0x10);
		return 0;
	}
	if (avail >= 0x1f && !memcmp(p, "_SM_", 4)) {
		/* 2.1+: length at 05h (1Fh; some 2.1 tables say 1Eh), then "_DMI_" at 10h */
		uint8_t n = p[5];
		if (n < 0x1e || n > avail || !checksum_ok(p, n))
			return -1;
		if (memcmp(p + 0x10, "_DMI_", 5) || !checksum_ok(p + 0x10, 0x0f))
			return -1;
		e->major = p[6];
		e->minor = p[7];
		e->table_len = le16(p + 0x16);
		e->table = le32(p + 0x18);
		e->count = le16(p + 0x1c);
		return 0;
	}
	return -1;
}

long smbios_entry_scan(const uint8_t *area, size_t len, struct smbios_entry *e)
{
	struct smbios_entry t;
	long found = -1;

	for (size_t off = 0; off + 16 <= len; off += 16) {
		if (smbios_entry_parse(area + off, len - off, &t))
			continue;
		if (found < 0 || (t.v3 && !e->v3)) {
			*e = t;
			found = (long)off;
		}
		if (t.v3)
			break;
	}
	return found;
}

/* String @p idx (1-based) of the string set [s, end); copied printable-only. */
static void get_string(const uint8_t *s, const uint8_t *end, unsigned idx, char *out)
{
	out[0] = 0;
	if (idx == 0)
		return;
	for (unsigned i = 1; s < end && *s; i++) {
		const uint8_t *e = s;
		while (e < end && *e)
			e++;
		if (i == idx) {
			size_t n = 0;
			/* trim the trailing blanks some firmware pads with */
			while (e > s && e[-1] == ' ')
				e--;
			for (; s < e && n + 1 < SMBIOS_STR_MAX; s++)
				out[n++] = (*s >= 0x20 && *s < 0x7f) ? (char)*s : '?';
			out[n] = 0;
			return;
		}
		s = e + 1;
	}
}

void smbios_table_parse(const uint8_t *t, size_t len, unsigned count, struct smbios_info *info)
{
	size_t off = 0;

	info->structures = 0;
	while (off + 4 <= len && (count == 0 || info->structures < count)) {
		uint8_t type = t[off], flen = t[off + 1];
		if (flen < 4 || off + flen > len) {
			info->truncated = true;
			return;
		}
		/* The string set ends with two NULs, right after the formatted area. */
		size_t s = off + flen, e = s;
		while (e + 1 < len && (t[e] || t[e + 1]))
			e++;
		if (e + 1 >= len) {
			info->truncated = true;
			return;
		}
		const uint8_t *f = t + off, *strs = t + s, *end = t + e + 1;
		if (type == 0 && flen >= 0x06) {
			get_string(strs, end, f[4], info->bios_vendor);
			get_string(strs, end, f[5], info->bios_version);
		} else if (type == 1 && flen >= 0x08) {
			get_string(strs, end, f[4], info->manufacturer);
			get_string(strs, end, f[5], info->product);
			get_string(strs, end, f[7], info->serial);
		}
		info->structures++;
		if (type == 127) /* end of table */
			return;
		off = e + 2;
	}
}
