/** @file
 * The exits suite's outcome text forms (see exits_text.h).
 */
#include <string.h>
#include "suites/exits_text.h"
#include "lib/fmt.h"

static void put(char *buf, size_t n, const char *fmt, uint64_t v)
{
	size_t at = strlen(buf);

	if (at + 1 < n)
		fmt_snprintf(buf + at, n - at, fmt, (unsigned long long)v);
}

void exits_text_exit(char *buf, size_t n, const struct exits_expect *e,
		     const struct exits_seen *s, const char *extra)
{
	if (!n)
		return;
	buf[0] = 0;
	put(buf, n, "vmexit:%llu", s->reason);
	if (e->chk & XCHK_QUAL)
		put(buf, n, " qual=0x%llx", s->qual);
	if (e->chk & XCHK_LEN)
		put(buf, n, " len=%llu", s->len);
	if (e->chk & XCHK_INFO)
		put(buf, n, " info=0x%llx", s->info & e->info_mask);
	if (e->chk & XCHK_INTR)
		put(buf, n, " intr=0x%llx", s->intr);
	if (e->chk & XCHK_EC)
		put(buf, n, " ec=0x%llx", s->ec);
	if (e->chk & XCHK_GLA)
		put(buf, n, " gla=0x%llx", s->gla);
	if (e->chk & XCHK_RIP)
		put(buf, n, " rip=+%llu", s->rip);
	if (extra && extra[0]) {
		size_t at = strlen(buf);

		if (at + 1 < n)
			fmt_snprintf(buf + at, n - at, " %s", extra);
	}
}

void exits_text_ok(char *buf, size_t n, const char *extra)
{
	if (n)
		fmt_snprintf(buf, n, "ok%s%s", extra && extra[0] ? " " : "", extra ? extra : "");
}
