/** @file
 * Outcome text forms (see outcome.h).
 */
#include <string.h>
#include "vmx/outcome.h"

const char *vmx_insn_error_text(uint32_t n)
{
	switch (n) {
#define X(num, name, text) case num: return text;
	VMX_INSN_ERRORS(X)
#undef X
	default:
		return NULL;
	}
}

struct outcome outcome_from_insn(const struct vmx_outcome *o)
{
	switch (o->result) {
	case VMX_OK:
		return OUTCOME_OK_V;
	case VMX_FAIL_INVALID:
		return OUTCOME_INVALID_V;
	case VMX_FAIL_VALID:
		return OUTCOME_VALID_V(o->error);
	case VMX_FAULT:
		return OUTCOME_EXCEPTION_V((uint32_t)o->vector);
	case VMX_BAD_FLAGS:
		return outcome_make(OUTCOME_BAD_FLAGS, (uint32_t)o->rflags, 0);
	default:
		return outcome_make(OUTCOME_NONE, 0, 0);
	}
}

static const char *const kind_names[] = {
	[OUTCOME_NONE] = "none",
	[OUTCOME_OK] = "ok",
	[OUTCOME_VMFAIL_INVALID] = "vmfail-invalid",
	[OUTCOME_VMFAIL_VALID] = "vmfail-valid",
	[OUTCOME_ENTRY_FAIL] = "exit",
	[OUTCOME_VMEXIT] = "vmexit",
	[OUTCOME_EXCEPTION] = "exception",
	[OUTCOME_TIMEOUT] = "timeout",
	[OUTCOME_BAD_FLAGS] = "bad-flags",
};
#define KIND_COUNT (sizeof(kind_names) / sizeof(kind_names[0]))

struct out_buf {
	char *p;
	size_t n, at;
};

static void put_s(struct out_buf *b, const char *s)
{
	while (*s && b->at + 1 < b->n)
		b->p[b->at++] = *s++;
}

static void put_u(struct out_buf *b, uint64_t v)
{
	char tmp[21];
	int i = 20;

	tmp[i] = 0;
	do {
		tmp[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	put_s(b, &tmp[i]);
}

char *outcome_format(const struct outcome *o, char *buf, size_t n)
{
	struct out_buf b = { buf, n, 0 };

	if (!n)
		return buf;
	put_s(&b, (unsigned)o->kind < KIND_COUNT ? kind_names[o->kind] : "?");
	switch (o->kind) {
	case OUTCOME_VMEXIT:
		put_s(&b, ":");
		put_u(&b, o->code);
		if (o->details & OUTCOME_HAS_VECTOR) {
			put_s(&b, ":v");
			put_u(&b, o->vector);
		}
		if (o->details & OUTCOME_HAS_QUAL) {
			put_s(&b, ":q");
			put_u(&b, o->qual);
		}
		break;
	case OUTCOME_VMFAIL_VALID:
	case OUTCOME_EXCEPTION:
	case OUTCOME_BAD_FLAGS:
		put_s(&b, ":");
		put_u(&b, o->code);
		break;
	case OUTCOME_ENTRY_FAIL:
		put_s(&b, ":");
		put_u(&b, o->code);
		put_s(&b, ":");
		put_u(&b, o->qual);
		break;
	default:
		break;
	}
	buf[b.at] = 0;
	return buf;
}

/** Parse a decimal number at *s, advancing it. @return 0 or -1 */
static int parse_u(const char **s, uint64_t *v)
{
	const char *p = *s;
	uint64_t x = 0;

	if (*p < '0' || *p > '9')
		return -1;
	while (*p >= '0' && *p <= '9') {
		uint64_t d = (uint64_t)(*p - '0');

		if (x > (UINT64_MAX - d) / 10)
			return -1;
		x = x * 10 + d;
		p++;
	}
	*s = p;
	*v = x;
	return 0;
}

int outcome_parse(const char *s, struct outcome *o)
{
	for (unsigned k = 1; k < KIND_COUNT; k++) {
		size_t len = strlen(kind_names[k]);
		const char *p = s + len;
		uint64_t code = 0, qual = 0;
		int args;

		if (strncmp(s, kind_names[k], len) != 0)
			continue;
		args = k == OUTCOME_ENTRY_FAIL ? 2 :
		       (k == OUTCOME_VMFAIL_VALID || k == OUTCOME_VMEXIT ||
			k == OUTCOME_EXCEPTION || k == OUTCOME_BAD_FLAGS) ? 1 : 0;
		if (args >= 1) {
			if (*p++ != ':' || parse_u(&p, &code) || code > UINT32_MAX)
				return -1;
		}
		if (args == 2) {
			if (*p++ != ':' || parse_u(&p, &qual))
				return -1;
		}
		*o = outcome_make((enum outcome_kind)k, (uint32_t)code, qual);
		if (k == OUTCOME_VMEXIT) {
			uint64_t v;

			/* optional ":vV" then optional ":qQ", in that order */
			if (p[0] == ':' && p[1] == 'v') {
				p += 2;
				if (parse_u(&p, &v) || v > 255)
					return -1;
				o->vector = (uint32_t)v;
				o->details |= OUTCOME_HAS_VECTOR;
			}
			if (p[0] == ':' && p[1] == 'q') {
				p += 2;
				if (parse_u(&p, &o->qual))
					return -1;
				o->details |= OUTCOME_HAS_QUAL;
			}
		}
		if (*p)
			continue; /* "exit" is a prefix of nothing else, but be strict */
		return 0;
	}
	return -1;
}

bool outcome_equal(const struct outcome *a, const struct outcome *b)
{
	if (a->kind != b->kind)
		return false;
	switch (a->kind) {
	case OUTCOME_VMEXIT:
		return a->code == b->code &&
		       (!(a->details & OUTCOME_HAS_VECTOR) ||
			((b->details & OUTCOME_HAS_VECTOR) && a->vector == b->vector)) &&
		       (!(a->details & OUTCOME_HAS_QUAL) ||
			((b->details & OUTCOME_HAS_QUAL) && a->qual == b->qual));
	case OUTCOME_VMFAIL_VALID:
	case OUTCOME_EXCEPTION:
	case OUTCOME_BAD_FLAGS:
		return a->code == b->code;
	case OUTCOME_ENTRY_FAIL:
		return a->code == b->code && a->qual == b->qual;
	default:
		return true;
	}
}
