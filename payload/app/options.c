/** @file
 * Command-line options (see options.h). Pure: unit-tested on the host.
 *
 * Words are separated by blanks. A word with '=' is key=value; any other
 * word is ignored (iPXE puts the image URI first, GRUB does not). Values
 * that do not fit are truncated, never overflow; unusable values keep the
 * default and are listed in o->bad, unknown keys in o->unknown.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "app/options.h"
#include "lib/fmt.h"

/* A word of the command line: not NUL-terminated. */
struct word {
	const char *s;
	size_t n;
};

static bool word_eq(struct word w, const char *lit)
{
	size_t n = strlen(lit);

	return w.n == n && strncmp(w.s, lit, n) == 0;
}

/* Copy @p w into @p dst of @p size bytes, truncating. */
static void copy_word(char *dst, size_t size, struct word w)
{
	size_t n = w.n < size - 1 ? w.n : size - 1;

	memcpy(dst, w.s, n);
	dst[n] = '\0';
}

/* Append @p w to the comma-separated list @p list; whole words only. */
static bool list_add(char *list, size_t size, struct word w)
{
	size_t len = strlen(list);
	size_t need = w.n + (len ? 1 : 0);

	if (len + need + 1 > size)
		return false;
	if (len)
		list[len++] = ',';
	memcpy(list + len, w.s, w.n);
	list[len + w.n] = '\0';
	return true;
}

/*
 * Copy @p w into @p dst, decoding %XX. iPXE's ${serial:uristring} escapes
 * blanks and '=' this way, so an SMBIOS string with blanks stays one word
 * and cannot pose as another option. A '%' not followed by two hex digits
 * is kept as it is; a decoded NUL ends the string.
 */
static void copy_word_pct(char *dst, size_t size, struct word w)
{
	size_t n = 0;

	for (size_t i = 0; i < w.n && n < size - 1; i++) {
		int hi, lo;

		if (w.s[i] == '%' && i + 2 < w.n &&
		    (hi = fmt_hex_digit(w.s[i + 1])) >= 0 && (lo = fmt_hex_digit(w.s[i + 2])) >= 0) {
			dst[n++] = (char)(hi << 4 | lo);
			i += 2;
		} else {
			dst[n++] = w.s[i];
		}
	}
	dst[n] = '\0';
}

/* Parse an unsigned number (decimal, or hex with 0x); false if not one. */
static bool parse_u32(struct word w, uint32_t *out)
{
	unsigned base = 10;
	uint64_t v = 0;
	size_t i = 0;

	if (w.n > 2 && w.s[0] == '0' && (w.s[1] == 'x' || w.s[1] == 'X')) {
		base = 16;
		i = 2;
	}
	if (i >= w.n)
		return false;
	for (; i < w.n; i++) {
		int d = fmt_hex_digit(w.s[i]);

		if (d < 0 || (unsigned)d >= base)
			return false;
		v = v * base + (unsigned)d;
		if (v > UINT32_MAX)
			return false;
	}
	*out = (uint32_t)v;
	return true;
}

/* console=ttyS0..3[,baud] | 0xPORT[,baud] | none */
static bool parse_console(struct options *o, struct word v)
{
	static const uint16_t com[4] = { 0x3f8, 0x2f8, 0x3e8, 0x2e8 };
	struct word dev = v, baud = { NULL, 0 };
	uint32_t port, b = o->console_baud;

	for (size_t i = 0; i < v.n; i++) {
		if (v.s[i] == ',') {
			dev.n = i;
			baud.s = v.s + i + 1;
			baud.n = v.n - i - 1;
			break;
		}
	}
	if (word_eq(dev, "none")) {
		if (baud.s)
			return false;
		o->console_port = 0;
		return true;
	}
	if (dev.n == 5 && strncmp(dev.s, "ttyS", 4) == 0 && dev.s[4] >= '0' && dev.s[4] <= '3')
		port = com[dev.s[4] - '0'];
	else if (dev.n > 2 && dev.s[0] == '0' && dev.s[1] == 'x' && parse_u32(dev, &port) &&
		 port > 0 && port <= 0xfff8)
		;
	else
		return false;
	/* The UART divisor is 115200 / baud: only exact divisors work. */
	if (baud.s && (!parse_u32(baud, &b) || b == 0 || b > 115200 || 115200 % b))
		return false;
	o->console_port = (uint16_t)port;
	o->console_baud = b;
	return true;
}

static bool parse_exit(struct options *o, struct word v)
{
	static const struct {
		const char *name;
		enum exit_mode mode;
	} modes[] = {
		{ "halt", EXIT_HALT },
		{ "bochs", EXIT_BOCHS },
		{ "qemu", EXIT_QEMU },
		{ "reboot", EXIT_REBOOT },
		{ "return", EXIT_RETURN },
	};

	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		if (word_eq(v, modes[i].name)) {
			o->exit = modes[i].mode;
			return true;
		}
	}
	return false;
}

/* key=HEX64: 32 bytes. A bad key leaves no key at all (then nothing is uploaded). */
static bool parse_key(struct options *o, struct word v)
{
	o->has_key = false;
	memset(o->key, 0, sizeof(o->key));
	if (v.n != 2 * sizeof(o->key))
		goto bad;
	for (size_t i = 0; i < sizeof(o->key); i++) {
		int hi = fmt_hex_digit(v.s[2 * i]), lo = fmt_hex_digit(v.s[2 * i + 1]);

		if (hi < 0 || lo < 0)
			goto bad;
		o->key[i] = (uint8_t)(hi << 4 | lo);
	}
	o->has_key = true;
	o->key_bad = false;
	return true;
bad:
	memset(o->key, 0, sizeof(o->key));
	o->key_bad = true;
	return false;
}

/* One key=value word; returns false for an unusable value. */
static bool parse_option(struct options *o, struct word key, struct word val, bool *known)
{
	static const struct {
		const char *key;
		size_t off;
		bool pct; /* %XX-encoded (iPXE :uristring) */
	} strs[] = {
		{ "mac", offsetof(struct options, mac), false },
		{ "uuid", offsetof(struct options, uuid), false },
		{ "ip", offsetof(struct options, ip), false },
		{ "label", offsetof(struct options, label), false },
		{ "emulator", offsetof(struct options, emulator), false },
		{ "serial", offsetof(struct options, serial), true },
		{ "product", offsetof(struct options, product), true },
		{ "collect", offsetof(struct options, collect), false },
		{ "netmask", offsetof(struct options, netmask), false },
		{ "gw", offsetof(struct options, gw), false },
	};
	uint32_t n;

	*known = true;
	for (size_t i = 0; i < sizeof(strs) / sizeof(strs[0]); i++) {
		if (word_eq(key, strs[i].key)) {
			if (strs[i].pct)
				copy_word_pct((char *)o + strs[i].off, OPT_STR_MAX, val);
			else
				copy_word((char *)o + strs[i].off, OPT_STR_MAX, val);
			return true;
		}
	}
	if (word_eq(key, "key"))
		return parse_key(o, val);
	if (word_eq(key, "console"))
		return parse_console(o, val);
	if (word_eq(key, "exit"))
		return parse_exit(o, val);
	if (word_eq(key, "samples")) {
		if (!parse_u32(val, &n) || n == 0)
			return false;
		o->samples = n;
		o->samples_given = true;
		return true;
	}
	if (word_eq(key, "smp")) {
		/* smp=off: the boot CPU only (the others are listed, not started) */
		if (!word_eq(val, "on") && !word_eq(val, "off"))
			return false;
		o->smp = word_eq(val, "on");
		return true;
	}
	if (word_eq(key, "migrate")) {
		/* migrate=all: the boot CPU paired with every other CPU, not one per relation */
		if (!word_eq(val, "one") && !word_eq(val, "all"))
			return false;
		o->migrate_all = word_eq(val, "all");
		return true;
	}
	if (word_eq(key, "turbo")) {
		/* turbo=off: IDA disable for the run, restored before the end record (measure/timing_pmu.c) */
		if (!word_eq(val, "off") && !word_eq(val, "as-found"))
			return false;
		o->turbo_off = word_eq(val, "off");
		return true;
	}
	if (word_eq(key, "suites")) {
		if (val.n == 0)
			return false;
		copy_word(o->suites, sizeof(o->suites), val);
		return true;
	}
	*known = false;
	return true;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

void options_redact(char *dst, size_t size, const char *src)
{
	static const char red[] = "key=<redacted>";
	size_t n = 0;

	if (!size)
		return;
	while (*src) {
		const char *w = src, *blanks;
		size_t len, nb;

		while (*src && !is_blank(*src))
			src++;
		len = (size_t)(src - w);
		if (len >= 4 && strncmp(w, "key=", 4) == 0) {
			w = red;
			len = sizeof(red) - 1;
		}
		blanks = src;
		while (*src && is_blank(*src))
			src++;
		nb = (size_t)(src - blanks);
		if (n + len >= size) {
			/* cut here (the secret is already replaced: a cut cannot show part of it) */
			memcpy(dst + n, w, size - 1 - n);
			n = size - 1;
			break;
		}
		memcpy(dst + n, w, len);
		n += len;
		nb = nb < size - 1 - n ? nb : size - 1 - n;
		memcpy(dst + n, blanks, nb);
		n += nb;
	}
	dst[n] = '\0';
}

void options_parse(struct options *o, const char *cmdline)
{
	const char *p = cmdline;

	memset(o, 0, sizeof(*o));
	o->console_port = 0x3f8;
	o->console_baud = 115200;
	memcpy(o->suites, "caps", 5);
	o->samples = 1000;
	o->smp = true;
	o->exit = EXIT_HALT;
	if (!cmdline)
		return;
	options_redact(o->cmdline, sizeof(o->cmdline), cmdline);

	while (*p) {
		struct word w, key, val;
		const char *eq;
		bool known;

		while (*p && is_blank(*p))
			p++;
		w.s = p;
		while (*p && !is_blank(*p))
			p++;
		w.n = (size_t)(p - w.s);
		if (w.n == 0)
			break;
		eq = NULL;
		for (size_t i = 0; i < w.n; i++) {
			if (w.s[i] == '=') {
				eq = w.s + i;
				break;
			}
		}
		if (!eq || eq == w.s)
			continue; /* image URI, file name, stray word */
		key = (struct word){ w.s, (size_t)(eq - w.s) };
		val = (struct word){ eq + 1, w.n - key.n - 1 };
		if (!parse_option(o, key, val, &known)) {
			/* The whole word helps most; its key if that is too long or a secret. */
			if (word_eq(key, "key") || !list_add(o->bad, sizeof(o->bad), w))
				list_add(o->bad, sizeof(o->bad), key);
		}
		else if (!known)
			list_add(o->unknown, sizeof(o->unknown), key);
	}
}

/* True if @p name is one of the comma-separated items of @p list. */
static bool list_has(const char *list, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = list; *p;) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);

		if (len == n && strncmp(p, name, n) == 0)
			return true;
		if (!e)
			break;
		p = e + 1;
	}
	return false;
}

bool options_want_suite(const struct options *o, const char *name)
{
	return list_has(o->suites, "all") || list_has(o->suites, name);
}

bool options_names_suite(const struct options *o, const char *name)
{
	return list_has(o->suites, name);
}

const char *options_emulator(const struct options *o)
{
	return o->emulator[0] ? o->emulator : o->emulator_detected;
}

uint32_t options_samples(const struct options *o)
{
	if (!o->samples_given && options_emulator(o)[0])
		return OPT_SAMPLES_EMULATED;
	return o->samples;
}
