/** @file
 * Who the CPU is, emitted at the start of every run whatever the suites:
 * the raw CPUID dump the host identifies the CPU from (libcpuid), and an
 * `identity` record (vendor, brand, signature, microcode, hypervisor).
 */
#include <stdbool.h>
#include <string.h>
#include "platform/cpu.h"
#include "platform/cpuid_walk.h"
#include "platform/trap.h"
#include "record/record.h"
#include "app/identity.h"

static void identity_warn(const char *msg, void *ctx)
{
	(void)ctx;
	rec_warn(msg);
}

static void cpuid_query(uint32_t leaf, uint32_t sub, uint32_t r[4], void *ctx)
{
	(void)ctx;
	cpuid_array(leaf, sub, r);
}

static void cpuid_emit(uint32_t leaf, uint32_t sub, const uint32_t r[4], void *ctx)
{
	struct rec *w = rec_start("cpuid");

	(void)ctx;
	rec_hex(w, "leaf", leaf);
	rec_hex(w, "sub", sub);
	rec_hex(w, "eax", r[0]);
	rec_hex(w, "ebx", r[1]);
	rec_hex(w, "ecx", r[2]);
	rec_hex(w, "edx", r[3]);
	rec_close(w);
}

static void identity_cpuid(void)
{
	struct cpuid_walk cw = {
		.query = cpuid_query, .emit = cpuid_emit, .warn = identity_warn,
	};

	cpuid_walk(&cw);
}

static void regs_to_str(const struct cpuid_regs *c, const char *order, char *out)
{
	for (int i = 0; i < 4 && order[i]; i++) {
		uint32_t v = order[i] == 'a' ? c->eax : order[i] == 'b' ? c->ebx
			   : order[i] == 'c' ? c->ecx : c->edx;
		for (int j = 0; j < 4; j++)
			*out++ = (char)(v >> (8 * j));
	}
	*out = 0;
}

/*
 * Microcode revision. Intel (SDM Vol. 3A §10.11.7.1): write 0 to
 * IA32_BIOS_SIGN_ID, execute CPUID(1), read bits 63:32. AMD keeps the patch
 * level in bits 31:0 of the same MSR index (read only).
 */
static int microcode_rev(const char *vendor, uint64_t *rev)
{
	uint64_t v;

	if (!strcmp(vendor, "GenuineIntel")) {
		if (wrmsr_safe(MSR_IA32_BIOS_SIGN_ID, 0) != FAULT_NONE)
			return -1;
		(void)cpuid(1, 0);
		if (rdmsr_safe(MSR_IA32_BIOS_SIGN_ID, &v) != FAULT_NONE)
			return -1;
		*rev = v >> 32;
		return 0;
	}
	if (!strcmp(vendor, "AuthenticAMD")) {
		if (rdmsr_safe(MSR_IA32_BIOS_SIGN_ID, &v) != FAULT_NONE)
			return -1;
		*rev = (uint32_t)v;
		return 0;
	}
	return -1;
}

static void identity_record(void)
{
	struct cpuid_regs c1 = cpuid(1, 0);
	uint32_t r0[4];
	char vendor[13], brand[49] = "", hv[13] = "";
	struct cpuid_sig sig = cpuid_signature(c1.eax);
	bool hypervisor = c1.ecx >> 31;
	uint64_t ucode;

	cpuid_array(0, 0, r0);
	cpuid_vendor(r0, vendor);
	if (cpuid(0x80000000u, 0).eax >= 0x80000004u) {
		for (uint32_t i = 0; i < 3; i++) {
			struct cpuid_regs b = cpuid(0x80000002u + i, 0);
			regs_to_str(&b, "abcd", brand + 16 * i);
		}
	}
	if (hypervisor) {
		struct cpuid_regs h = cpuid(0x40000000u, 0);
		regs_to_str(&h, "bcd", hv);
	}
	/* The brand string is padded with blanks on either side on some parts. */
	const char *b = brand;
	while (*b == ' ')
		b++;
	for (size_t n = strlen(brand); n > 0 && brand[n - 1] == ' '; n--)
		brand[n - 1] = 0;

	struct rec *w = rec_start("identity");
	rec_str(w, "vendor", vendor);
	rec_str(w, "brand", b);
	rec_u64(w, "family", sig.family);
	rec_u64(w, "model", sig.model);
	rec_u64(w, "stepping", sig.stepping);
	rec_hex(w, "signature", c1.eax);
	if (microcode_rev(vendor, &ucode) == 0)
		rec_hex(w, "microcode", ucode);
	rec_bool(w, "hypervisor", hypervisor);
	if (hypervisor)
		rec_str(w, "hv_signature", hv);
	rec_close(w);
}

void identity_emit(void)
{
	identity_cpuid();
	identity_record();
}
