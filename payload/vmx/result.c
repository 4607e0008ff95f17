/** @file
 * Classification and formatting of VMX instruction outcomes (see result.h).
 */
#include "vmx/result.h"

enum vmx_result vmx_result_from_rflags(uint64_t rflags)
{
	switch (rflags & VMX_RFLAGS_ARITH) {
	case 0:
		return VMX_OK;
	case VMX_RFLAGS_CF:
		return VMX_FAIL_INVALID;
	case VMX_RFLAGS_ZF:
		return VMX_FAIL_VALID;
	default:
		return VMX_BAD_FLAGS;
	}
}

const char *vmx_result_name(enum vmx_result r)
{
	switch (r) {
	case VMX_OK: return "ok";
	case VMX_FAIL_INVALID: return "vmfail-invalid";
	case VMX_FAIL_VALID: return "vmfail-valid";
	case VMX_FAULT: return "fault";
	case VMX_SKIPPED: return "skipped";
	case VMX_BAD_FLAGS: return "bad-flags";
	}
	return "unknown";
}

struct out {
	char *buf;
	size_t n, len;
};

static void put_c(struct out *o, char c)
{
	if (o->len + 1 < o->n)
		o->buf[o->len] = c;
	o->len++;
}

static void put_s(struct out *o, const char *s)
{
	while (*s)
		put_c(o, *s++);
}

static void put_dec(struct out *o, uint64_t v)
{
	char d[20];
	int i = 0;

	do
		d[i++] = (char)('0' + v % 10);
	while ((v /= 10) && i < 20);
	while (i)
		put_c(o, d[--i]);
}

static void put_hex(struct out *o, uint64_t v)
{
	char d[16];
	int i = 0;

	put_s(o, "0x");
	do
		d[i++] = "0123456789abcdef"[v & 15];
	while ((v >>= 4) && i < 16);
	while (i)
		put_c(o, d[--i]);
}

size_t vmx_outcome_format(const struct vmx_outcome *vo, char *buf, size_t n)
{
	struct out o = { buf, n, 0 };

	put_s(&o, vmx_result_name(vo->result));
	if (vo->result == VMX_FAIL_VALID) {
		put_c(&o, ':');
		put_dec(&o, vo->error);
	} else if (vo->result == VMX_FAULT) {
		put_c(&o, ':');
		put_dec(&o, (uint64_t)vo->vector);
	} else if (vo->result == VMX_BAD_FLAGS) {
		put_c(&o, ':');
		put_hex(&o, vo->rflags & VMX_RFLAGS_ARITH);
	}
	if (n)
		buf[o.len < n ? o.len : n - 1] = 0;
	return o.len;
}
