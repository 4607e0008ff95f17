/** @file
 * One escaping function per output language (see esc.h).
 */
#include <string.h>

#include "lib/esc.h"

/* Length of the valid UTF-8 sequence at @p s (1..4), 0 when invalid or a control. */
static size_t utf8_printable(const unsigned char *s)
{
	unsigned cp;
	size_t n, i;

	if (s[0] >= 0x20 && s[0] < 0x7f)
		return 1;
	if (s[0] < 0xc2 || s[0] > 0xf4)
		return 0; /* C0, DEL, continuation bytes, overlong leads, > U+10FFFF */
	n = s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : 2;
	cp = s[0] & (0x7f >> n);
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || (cp >= 0x80 && cp <= 0x9f))
		return 0; /* overlong, out of range, surrogate, C1 control */
	return n;
}

const char *esc_term(const char *s, char *buf, size_t bufsz)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t o = 0;

	if (!bufsz)
		return buf;
	while (*p) {
		size_t n = utf8_printable(p);
		size_t need = n ? n : 4;

		if (o + need + 1 > bufsz) {
			/* cut: "..." where it fits */
			o = bufsz > 4 ? (o < bufsz - 4 ? o : bufsz - 4) : 0;
			if (bufsz > 4)
				memcpy(buf + o, "...", 3), o += 3;
			break;
		}
		if (n) {
			memcpy(buf + o, p, n);
			p += n;
		} else {
			buf[o] = '\\', buf[o + 1] = 'x', buf[o + 2] = hex[*p >> 4],
			buf[o + 3] = hex[*p & 15];
			p++;
		}
		o += need;
	}
	buf[o] = 0;
	return buf;
}
