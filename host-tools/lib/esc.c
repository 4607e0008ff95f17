/** @file
 * One escaping function per output language (see esc.h).
 */
#include <string.h>
#include <strings.h>

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
	size_t o = 0, fit = 0; /* fit: the last character boundary that leaves room for "..." */

	if (!bufsz)
		return buf;
	while (*p) {
		size_t n = utf8_printable(p);
		size_t need = n ? n : 4;

		if (o + need + 1 > bufsz) {
			/* cut after a whole character or escape, then "..." when it fits */
			if (bufsz > 4)
				o = fit, memcpy(buf + o, "...", 3), o += 3;
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
		if (o + 4 <= bufsz)
			fit = o;
	}
	buf[o] = 0;
	return buf;
}

void esc_gp(FILE *f, const char *s, enum esc_gp_ctx ctx)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");

	if (ctx != ESC_GP_TEXT)
		fputc(ctx == ESC_GP_SCRIPT ? '\'' : '"', f);
	while (*p) {
		size_t n = utf8_printable(p);

		if (!n) {
			fputc(' ', f); /* a newline would end the string, the line, the command */
			p++;
			continue;
		}
		if (ctx == ESC_GP_SCRIPT && *p == '\'')
			fputs("''", f); /* the only escape inside single quotes */
		else if (ctx == ESC_GP_DATA && *p == '"')
			fputc('\'', f); /* data files have no escape for " (it ends the field) */
		else if (ctx == ESC_GP_DATA && *p == '\\')
			fputs("\\\\", f); /* data files read \n, \\ ... as escapes */
		else
			fwrite(p, 1, n, f);
		p += n;
	}
	if (ctx != ESC_GP_TEXT)
		fputc(ctx == ESC_GP_SCRIPT ? '\'' : '"', f);
}

static bool alnum(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

void esc_md(FILE *f, const char *s, bool code)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");

	for (const unsigned char *b = p; *p; p++) {
		if (*p < 0x20 || *p == 0x7f) {
			fputc(' ', f); /* a newline would end the cell, the line, the block */
		} else if (code) {
			/* a code span ends at a backquote; GitHub splits table cells at | even here */
			if (*p == '`')
				fputc('\'', f);
			else if (*p == '|')
				fputs("\\|", f);
			else
				fputc(*p, f);
		} else if (*p == '_') {
			/* inside a word (model_a) it makes no emphasis; elsewhere it may */
			if (p == b || !alnum(p[-1]) || !alnum(p[1]))
				fputc('\\', f);
			fputc('_', f);
		} else {
			if (strchr("\\`*[]<>&#|~", *p))
				fputc('\\', f);
			fputc(*p, f);
		}
	}
}

void esc_html(FILE *f, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		switch (s[i]) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&#39;", f); break;
		default: fputc(s[i], f); break;
		}
	}
}

void esc_xml(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");

	while (*p) {
		size_t n = utf8_printable(p);

		if (!n) {
			fputc(' ', f); /* XML 1.0 forbids most controls; invalid UTF-8 breaks the parser */
			p++;
			continue;
		}
		if (n == 1)
			esc_html(f, (const char *)p, 1);
		else
			fwrite(p, 1, n, f);
		p += n;
	}
}

bool esc_url_ok(const char *u, size_t n, bool image)
{
	size_t i;

	if (!n)
		return false;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)u[i];

		/* browsers drop tabs and newlines inside URLs ("java\tscript:") and read \ as / */
		if (c <= 0x20 || c == 0x7f || c == '\\')
			return false;
	}
	/* a scheme ends at the first ':' that comes before any / ? # */
	for (i = 0; i < n && u[i] != '/' && u[i] != '?' && u[i] != '#' && u[i] != ':'; i++)
		;
	if (i < n && u[i] == ':')
		return !image && ((i == 4 && !strncasecmp(u, "http", 4)) ||
				   (i == 5 && !strncasecmp(u, "https", 5)));
	if (n >= 2 && u[0] == '/' && u[1] == '/')
		return !image; /* protocol-relative: another host */
	return true;
}

/* A plain number: -?digits[.digits][(e|E)[+-]digits] (what JSON numbers look like). */
static bool plain_number(const char *s)
{
	const char *p = s + (*s == '-');
	size_t d = strspn(p, "0123456789");

	if (!d)
		return false;
	p += d;
	if (*p == '.') {
		d = strspn(++p, "0123456789");
		if (!d)
			return false;
		p += d;
	}
	if (*p == 'e' || *p == 'E') {
		p++;
		p += *p == '+' || *p == '-';
		d = strspn(p, "0123456789");
		if (!d)
			return false;
		p += d;
	}
	return !*p;
}

void esc_csv(FILE *f, const char *s)
{
	bool formula;

	if (!s)
		return;
	formula = strchr("=+-@\t\r", *s) && *s && !plain_number(s);
	if (!formula && !strpbrk(s, ",\"\r\n")) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	if (formula)
		fputc('\'', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}
