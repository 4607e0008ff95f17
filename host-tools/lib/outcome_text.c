/** @file
 * Outcome codes explained (outcome_text.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/outcome_text.h"
#include "vmx/outcome.h"

static const char *exit_reason_text(unsigned long n)
{
	switch (n) {
#define EXIT_REASON(name, num, text) case num: return text;
#include "vmx/exit_reasons.def"
#undef EXIT_REASON
	default: return NULL;
	}
}

/* SDM Vol. 3A Table 6-1 (exceptions and interrupts). */
static const char *vector_text(unsigned long v)
{
	static const char *const names[] = {
		"#DE divide error", "#DB debug", "NMI", "#BP breakpoint", "#OF overflow",
		"#BR BOUND range", "#UD invalid opcode", "#NM no math coprocessor",
		"#DF double fault", NULL, "#TS invalid TSS", "#NP segment not present",
		"#SS stack-segment fault", "#GP general protection", "#PF page fault", NULL,
		"#MF x87 FPU error", "#AC alignment check", "#MC machine check",
		"#XM SIMD floating-point", "#VE virtualization exception",
		"#CP control protection",
	};

	return v < sizeof(names) / sizeof(names[0]) ? names[v] : NULL;
}

/* A decimal number at *p, advancing it; false when there is none. */
static bool number(const char **p, unsigned long *v)
{
	char *end;

	if (**p < '0' || **p > '9')
		return false;
	*v = strtoul(*p, &end, 10);
	*p = end;
	return true;
}

bool outcome_explain(const char *code, char *out, size_t outsz)
{
	const char *p;
	unsigned long r, q;

	if (!strcmp(code, "ok")) {
		snprintf(out, outsz, "entered; the guest ran to its call back (VMCALL)");
	} else if (!strcmp(code, "vmfail-invalid")) {
		snprintf(out, outsz, "VMfailInvalid: CF = 1, no current VMCS to hold an error (SDM §30.2)");
	} else if (!strcmp(code, "timeout")) {
		snprintf(out, outsz, "entered, then stopped by the VMX-preemption timer watchdog");
	} else if (!strncmp(code, "vmfail-valid:", 13)) {
		const char *t;

		p = code + 13;
		if (!number(&p, &r) || *p)
			return false;
		t = vmx_insn_error_text((uint32_t)r);
		snprintf(out, outsz, "VMfailValid: ZF = 1, VM-instruction error %lu: %s (SDM §30.4)", r,
			 t ? t : "not defined by the SDM");
	} else if (!strncmp(code, "exit:", 5)) {
		const char *t;

		p = code + 5;
		if (!number(&p, &r) || *p != ':' || (p++, !number(&p, &q)) || *p)
			return false;
		t = exit_reason_text(r);
		snprintf(out, outsz, "VM-entry failure: exit reason %lu (%s), exit qualification %lu "
			 "(SDM §27.8)", r, t ? t : "not defined by the SDM", q);
	} else if (!strncmp(code, "vmexit:", 7)) {
		const char *t;

		p = code + 7;
		if (!number(&p, &r))
			return false;
		t = exit_reason_text(r);
		if (!*p) {
			snprintf(out, outsz, "entered, then VM exit reason %lu: %s (Appendix C)", r,
				 t ? t : "not defined by the SDM");
		} else if (!strncmp(p, ":v", 2)) {
			const char *vt;

			p += 2;
			if (!number(&p, &q))
				return false;
			vt = vector_text(q);
			snprintf(out, outsz, "entered, then VM exit reason %lu (%s) for vector %lu%s%s%s",
				 r, t ? t : "?", q, vt ? " (" : "", vt ? vt : "", vt ? ")" : "");
			if (!strncmp(p, ":q", 2))
				snprintf(out + strlen(out), outsz - strlen(out),
					 ", with its exit qualification");
			else if (*p)
				return false;
		} else {
			return false;
		}
	} else if (!strncmp(code, "exception:", 10)) {
		const char *vt;

		p = code + 10;
		if (!number(&p, &r) || *p)
			return false;
		vt = vector_text(r);
		snprintf(out, outsz, "the instruction itself raised vector %lu%s%s%s", r,
			 vt ? " (" : "", vt ? vt : "", vt ? ")" : "");
	} else if (!strncmp(code, "bad-flags:", 10)) {
		snprintf(out, outsz, "RFLAGS after the VMX instruction fit no VMX convention (SDM §30.2)");
	} else {
		return false;
	}
	return true;
}

void outcome_codes(const char *text, void (*fn)(const char *code, void *arg), void *arg)
{
	char tok[96];

	while (text && *text) {
		size_t n = strcspn(text, " ;/,");
		char expl[8];

		if (n && n < sizeof(tok)) {
			memcpy(tok, text, n);
			tok[n] = 0;
			/* vmexit:R:vV:qQ is one code; its ":qQ" value varies, so the code ends before it */
			char *q = strstr(tok, ":q");

			if (!strncmp(tok, "vmexit:", 7) && q)
				q[2] = 0, strcat(tok, "Q");
			if (outcome_explain(tok, expl, sizeof(expl)))
				fn(tok, arg);
		}
		text += n;
		text += strspn(text, " ;/,");
	}
}
