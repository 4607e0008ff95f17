/** @file
 * printf-style formatting (see fmt.h). Pure: unit-tested on the host.
 */
#include <stdbool.h>
#include <stdint.h>
#include "lib/fmt.h"

struct fmt_state {
	fmt_out_fn out;
	void *ctx;
	size_t count;
};

static void emit(struct fmt_state *st, const char *s, size_t n)
{
	if (n) {
		st->out(s, n, st->ctx);
		st->count += n;
	}
}

static void pad(struct fmt_state *st, char c, int n)
{
	while (n-- > 0)
		emit(st, &c, 1);
}

/* Emit @p s (length @p n) in a field of @p width. */
static void field(struct fmt_state *st, const char *s, size_t n, int width, bool left, char padc)
{
	int fill = width > (int)n ? width - (int)n : 0;

	if (!left && padc == '0' && n && (s[0] == '-')) {
		/* Zero padding goes after the sign. */
		emit(st, s, 1);
		s++;
		n--;
	}
	if (!left)
		pad(st, padc, fill);
	emit(st, s, n);
	if (left)
		pad(st, ' ', fill);
}

static size_t utoa(char *end, uint64_t v, unsigned base, bool upper)
{
	const char *dig = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	size_t n = 0;

	do {
		*--end = dig[v % base];
		v /= base;
		n++;
	} while (v);
	return n;
}

size_t fmt_vformat(fmt_out_fn out, void *ctx, const char *fmt, va_list ap)
{
	struct fmt_state st = { out, ctx, 0 };

	while (*fmt) {
		const char *p = fmt;
		char buf[24], *end = buf + sizeof(buf);
		bool left = false;
		char padc = ' ';
		int width = 0, lng = 0;
		uint64_t u;
		int64_t s;
		size_t n;

		while (*p && *p != '%')
			p++;
		emit(&st, fmt, (size_t)(p - fmt));
		if (!*p)
			break;
		p++;
		for (;; p++) {
			if (*p == '-')
				left = true;
			else if (*p == '0')
				padc = '0';
			else
				break;
		}
		while (*p >= '0' && *p <= '9')
			width = width * 10 + (*p++ - '0');
		for (; *p == 'l' || *p == 'z'; p++)
			lng++;
		switch (*p) {
		case 'd':
		case 'i':
			s = lng ? va_arg(ap, long long) : va_arg(ap, int);
			u = s < 0 ? (uint64_t)0 - (uint64_t)s : (uint64_t)s;
			n = utoa(end, u, 10, false);
			if (s < 0) {
				end[-(long)n - 1] = '-';
				n++;
			}
			field(&st, end - n, n, width, left, padc);
			break;
		case 'u':
		case 'x':
		case 'X':
			u = lng ? va_arg(ap, unsigned long long) : va_arg(ap, unsigned int);
			n = utoa(end, u, *p == 'u' ? 10 : 16, *p == 'X');
			field(&st, end - n, n, width, left, padc);
			break;
		case 'p':
			u = (uint64_t)(uintptr_t)va_arg(ap, void *);
			n = utoa(end, u, 16, false);
			end[-(long)n - 1] = 'x';
			end[-(long)n - 2] = '0';
			field(&st, end - n - 2, n + 2, width, left, ' ');
			break;
		case 'c':
			buf[0] = (char)va_arg(ap, int);
			field(&st, buf, 1, width, left, ' ');
			break;
		case 's': {
			const char *str = va_arg(ap, const char *);

			if (!str)
				str = "(null)";
			for (n = 0; str[n]; n++)
				;
			field(&st, str, n, width, left, ' ');
			break;
		}
		case '%':
			emit(&st, "%", 1);
			break;
		case '\0':
			return st.count;
		default:
			/* Unknown conversion: show it rather than guess. */
			emit(&st, p - 1, 2);
			break;
		}
		fmt = p + 1;
	}
	return st.count;
}

struct snbuf {
	char *buf;
	size_t size, len;
};

static void sn_out(const char *s, size_t n, void *ctx)
{
	struct snbuf *b = ctx;

	for (size_t i = 0; i < n; i++, b->len++)
		if (b->len + 1 < b->size)
			b->buf[b->len] = s[i];
}

size_t fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct snbuf b = { buf, size, 0 };
	size_t n = fmt_vformat(sn_out, &b, fmt, ap);

	if (size)
		buf[b.len < size ? b.len : size - 1] = '\0';
	return n;
}

size_t fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	n = fmt_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

int fmt_hex_digit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}
