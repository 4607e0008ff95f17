/** @file
 * CPUID dumps of other tools (cpudump_text.h).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "lib/cpudump_text.h"

/* libcpuid's raw arrays: the name, the leaf, and whether the index is the sub-leaf. */
static const struct {
	const char *name;
	uint32_t leaf;
	bool sub;
} raw_arrays[] = {
	{ "basic_cpuid", 0, false },      { "ext_cpuid", 0x80000000u, false },
	{ "intel_fn4", 4, true },         { "intel_fn11", 0xb, true },
	{ "intel_fn12h", 0x12, true },    { "intel_fn14h", 0x14, true },
	{ "amd_fn8000001dh", 0x8000001du, true },
};
#define NARRAYS (sizeof(raw_arrays) / sizeof(raw_arrays[0]))
/* More rows than any libcpuid writes: a bigger index is a forged file. */
#define RAW_INDEX_MAX 255u

/* One line, NUL-terminated into @p out (at most @p cap - 1 bytes; longer lines are cut). */
static size_t next_line(const char *buf, size_t len, size_t pos, char *out, size_t cap)
{
	size_t n = 0;

	while (pos < len && buf[pos] != '\n') {
		if (n + 1 < cap)
			out[n++] = buf[pos];
		pos++;
	}
	while (n && (out[n - 1] == '\r' || out[n - 1] == ' ' || out[n - 1] == '\t'))
		n--;
	out[n] = 0;
	return pos < len ? pos + 1 : pos;
}

/* A line of dashes only: the end of a libcpuid .test file's dump part. */
static bool dashes(const char *s)
{
	size_t n = strspn(s, "-");

	return n >= 10 && s[n] == 0;
}

static bool is_hex8(const char *s)
{
	for (int i = 0; i < 8; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || ((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'f')))
			return false;
	return true;
}

static uint32_t hex8(const char *s)
{
	uint32_t v = 0;

	for (int i = 0; i < 8; i++) {
		char c = (char)(s[i] | 0x20);

		v = v << 4 | (uint32_t)(c <= '9' ? s[i] - '0' : c - 'a' + 10);
	}
	return v;
}

/* "CPUID llllllll: aaaaaaaa-bbbbbbbb-cccccccc-dddddddd" with an optional " [SL nn]" after. */
static int listing_line(const char *s, uint32_t *leaf, uint32_t *sub, uint32_t r[4])
{
	const char *p;

	if (strncmp(s, "CPUID ", 6) || !is_hex8(s + 6) || strncmp(s + 14, ": ", 2))
		return -1;
	*leaf = hex8(s + 6);
	p = s + 16;
	for (int i = 0; i < 4; i++) {
		if (!is_hex8(p) || (i < 3 && p[8] != '-'))
			return -1;
		r[i] = hex8(p);
		p += 9;
	}
	p--; /* at what follows EDX */
	*sub = 0;
	if (*p && *p != ' ')
		return -1;
	while (*p == ' ')
		p++;
	if (strncmp(p, "[SL ", 4) == 0) {
		unsigned v = 0, n = 0;

		for (p += 4; *p && *p != ']' && n < 3; p++, n++) {
			char c = (char)(*p | 0x20);

			if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
				return -1;
			v = v * 16 + (unsigned)(c <= '9' ? c - '0' : c - 'a' + 10);
		}
		if (*p != ']' || !n)
			return -1;
		*sub = v;
	}
	return 0;
}

/* "name[i]=aaaaaaaa bbbbbbbb cccccccc dddddddd" */
static int raw_line(const char *s, uint32_t *leaf, uint32_t *sub, uint32_t r[4])
{
	for (size_t a = 0; a < NARRAYS; a++) {
		size_t n = strlen(raw_arrays[a].name);
		unsigned idx = 0, digits = 0;
		const char *p = s + n;

		if (strncmp(s, raw_arrays[a].name, n) || *p != '[')
			continue;
		for (p++; *p >= '0' && *p <= '9' && digits < 4; p++, digits++)
			idx = idx * 10 + (unsigned)(*p - '0');
		if (!digits || idx > RAW_INDEX_MAX || strncmp(p, "]=", 2))
			return -1;
		p += 2;
		for (int i = 0; i < 4; i++) {
			if (!is_hex8(p) || (i < 3 && p[8] != ' ') || (i == 3 && p[8]))
				return -1;
			r[i] = hex8(p);
			p += 9;
		}
		*leaf = raw_arrays[a].sub ? raw_arrays[a].leaf : raw_arrays[a].leaf + idx;
		*sub = raw_arrays[a].sub ? idx : 0;
		return 0;
	}
	return -1;
}

static bool cpu_header(const char *s, unsigned *cpu)
{
	const char *p = strstr(s, "Logical CPU #");

	if (!p || (s[0] != '-' && s[0] != '_'))
		return false;
	*cpu = 0;
	for (p += 13; *p >= '0' && *p <= '9' && *cpu < 100000; p++)
		*cpu = *cpu * 10 + (unsigned)(*p - '0');
	return true;
}

enum cpudump_kind cpudump_detect(const char *buf, size_t len)
{
	char line[512];
	size_t pos = 0;
	unsigned cpu;

	while (pos < len) {
		pos = next_line(buf, len, pos, line, sizeof(line));
		if (!line[0] || cpu_header(line, &cpu) || strncmp(line, "version=", 8) == 0)
			continue;
		if (strncmp(line, "CPUID ", 6) == 0)
			return CPUDUMP_LISTING;
		for (size_t a = 0; a < NARRAYS; a++)
			if (strncmp(line, raw_arrays[a].name, strlen(raw_arrays[a].name)) == 0 &&
			    line[strlen(raw_arrays[a].name)] == '[')
				return CPUDUMP_LIBCPUID;
		return CPUDUMP_NONE;
	}
	return CPUDUMP_NONE;
}

static int fail(struct cpuid_dump *d, char *err, size_t errsz, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errsz, fmt, ap);
	va_end(ap);
	cpuid_dump_free(d);
	return -EINVAL;
}

/* A leaf the dump's own maxima (leaf 0, 80000000h EAX) say the CPU does not have. */
static bool beyond_max(const struct cpuid_dump *d, uint32_t leaf)
{
	uint32_t base = leaf & 0x80000000u;
	const struct cpuid_leaf *mx = cpuid_dump_get(d, base, 0);

	return leaf != base && mx && leaf > mx->r[0];
}

int cpudump_parse(const char *buf, size_t len, struct cpuid_dump *d, char *err, size_t errsz)
{
	enum cpudump_kind kind = cpudump_detect(buf, len);
	struct cpuid_dump all = { 0 };
	char line[512];
	size_t pos = 0;
	unsigned lineno = 0, cpu, rows = 0;
	bool seen_cpu = false;

	if (kind == CPUDUMP_NONE)
		return fail(d, err, errsz, "not a CPUID dump (neither cpuid_tool --save nor "
			    "\"CPUID llllllll: ...\" lines)");
	while (pos < len) {
		uint32_t leaf, sub, r[4];

		pos = next_line(buf, len, pos, line, sizeof(line));
		lineno++;
		if (cpu_header(line, &cpu)) {
			if (seen_cpu || cpu != 0)
				break; /* the first logical CPU only */
			seen_cpu = true;
			continue;
		}
		if (dashes(line))
			break; /* a .test file: the expected answers follow */
		if (!line[0] || (kind == CPUDUMP_LIBCPUID && strncmp(line, "version=", 8) == 0))
			continue;
		if ((kind == CPUDUMP_LISTING ? listing_line : raw_line)(line, &leaf, &sub, r)) {
			cpuid_dump_free(&all);
			return fail(d, err, errsz, "line %u is not a %s line", lineno,
				    kind == CPUDUMP_LISTING ? "\"CPUID llllllll: EAX-EBX-ECX-EDX\""
							    : "libcpuid raw data");
		}
		cpuid_dump_add(&all, leaf, sub, r);
		rows++;
	}
	if (!rows || !cpuid_dump_get(&all, 0, 0)) {
		cpuid_dump_free(&all);
		return fail(d, err, errsz, "no CPUID leaf 0 in the dump");
	}
	/* libcpuid writes every row of its arrays; keep the leaves the CPU reports. */
	for (size_t i = 0; i < all.n; i++)
		if (!beyond_max(&all, all.v[i].leaf))
			cpuid_dump_add(d, all.v[i].leaf, all.v[i].sub, all.v[i].r);
	cpuid_dump_free(&all);
	return 0;
}
