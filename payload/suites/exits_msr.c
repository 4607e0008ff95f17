/** @file
 * Exits suite: RDMSR and WRMSR (SDM Vol. 3C §25.1.3): without "use MSR
 * bitmaps" both always exit (reasons 31, 32); with it, the bitmap page's
 * read-low (MSRs 0-1FFFH, bytes 0-1023), read-high (C0000000H-C0001FFFH,
 * 1024-2047), write-low (2048-3071) and write-high (3072-4095) bits decide,
 * and an MSR outside both ranges always exits. Length 2 (§27.2.4).
 *
 * An access that does not exit really happens: rows read harmless MSRs and
 * write the value the MSR already has (read by the host before the entry:
 * the guest shares these MSRs with it).
 */
#include "suites/exits.h"
#include "platform/cpu.h"

EXITS_SNIPPET(rdmsr); EXITS_SNIPPET(wrmsr);

#define MSR_TSC 0x10u
#define MSR_SYSENTER_CS 0x174u
#define MSR_EFER 0xc0000080u
#define MSR_KERNEL_GS_BASE 0xc0000102u

/* Bitmap halves a row sets (p.msr.bits). */
#define MB_READ 1
#define MB_WRITE 2
#define MB_OFF 4   /* no MSR bitmaps: unconditional exits */
#define MB_EXIT 8  /* the access must exit */
#define MB_ALIAS 0x80 /* set the bit of the same index in the other range instead */

static void set_msr_bit(uint8_t *bm, uint32_t msr, bool write)
{
	unsigned off = (write ? 2048 : 0) + (msr >= 0xc0000000u ? 1024 : 0);
	uint32_t n = msr & 0x1fff;

	bm[off + n / 8] |= (uint8_t)(1u << (n % 8));
}

/* p.msr.msr: the MSR the guest accesses; p.msr.bits: MB_* (which bits, whether it must exit). */
static void su_msr(struct exits_ctx *c)
{
	const union exits_param *p = &c->k->p;
	uint8_t *bm = c->page[XP_MSR_BITMAP];
	uint32_t msr = p->msr.msr;

	c->regs.rcx = msr;
	if (p->msr.wr) {
		uint64_t v = rdmsr(msr);

		c->regs.rax = (uint32_t)v;
		c->regs.rdx = v >> 32;
	}
	if (p->msr.bits & MB_OFF) {
		xc_disable(c, VMX_KIND_PROC, CPU_BASED_USE_MSR_BITMAPS);
	} else {
		xc_enable(c, VMX_KIND_PROC, CPU_BASED_USE_MSR_BITMAPS);
		xc_write(c, MSR_BITMAP, xc_pa(c, XP_MSR_BITMAP));
		uint32_t at = (p->msr.bits & MB_ALIAS) ? (msr ^ 0xc0000000u) : msr;

		if (p->msr.bits & MB_READ)
			set_msr_bit(bm, at, false);
		if (p->msr.bits & MB_WRITE)
			set_msr_bit(bm, at, true);
	}
	if (!(p->msr.bits & MB_EXIT)) {
		xc_expect_none(c);
		return;
	}
	xc_expect(c, p->msr.wr ? EXIT_REASON_WRMSR : EXIT_REASON_RDMSR, XCHK_LEN);
}

#define R(id, d, m, b) { "msr.rdmsr." id, "25.1.3, 27.2.4, C", d, XG(rdmsr), su_msr, NULL, \
	.p.msr = { m, b, false } }
#define W(id, d, m, b) { "msr.wrmsr." id, "25.1.3, 27.2.4, C", d, XG(wrmsr), su_msr, NULL, \
	.p.msr = { m, b, true } }

static const struct exits_case msr_cases[] = {
	R("no-bitmaps", "RDMSR without MSR bitmaps exits (reason 31), length 2", MSR_TSC, MB_OFF | MB_EXIT),
	W("no-bitmaps", "WRMSR without MSR bitmaps exits (reason 32), length 2", MSR_SYSENTER_CS, MB_OFF | MB_EXIT),
	R("low.read-bit", "read-low bit of MSR 10H set: RDMSR exits", MSR_TSC, MB_READ | MB_EXIT),
	R("low.clear", "bitmaps clear: RDMSR 10H does not exit", MSR_TSC, 0),
	R("low.write-bit-only", "only the write-low bit of 10H set: RDMSR does not exit", MSR_TSC, MB_WRITE),
	R("high.read-bit", "read-high bit of MSR C0000080H set: RDMSR exits", MSR_EFER, MB_READ | MB_EXIT),
	R("high.clear", "bitmaps clear: RDMSR C0000080H does not exit", MSR_EFER, 0),
	R("high.low-alias", "read-low bit 100H set: RDMSR C0000100H (high range) does not exit",
	  MSR_FS_BASE, MB_READ | MB_ALIAS),
	R("low.high-alias", "read-high bit of C0000010H set: RDMSR 10H (low range) does not exit",
	  MSR_TSC, MB_READ | MB_ALIAS),
	R("outside.40000000", "MSR 40000000H is in neither range: RDMSR exits with clear bitmaps",
	  0x40000000u, MB_EXIT),
	R("outside.2000", "MSR 2000H (just above the low range) exits with clear bitmaps", 0x2000u, MB_EXIT),
	R("outside.c0002000", "MSR C0002000H (just above the high range) exits with clear bitmaps",
	  0xc0002000u, MB_EXIT),
	W("low.write-bit", "write-low bit of MSR 174H set: WRMSR exits", MSR_SYSENTER_CS, MB_WRITE | MB_EXIT),
	W("low.clear", "bitmaps clear: WRMSR 174H does not exit", MSR_SYSENTER_CS, 0),
	W("low.read-bit-only", "only the read-low bit of 174H set: WRMSR does not exit", MSR_SYSENTER_CS, MB_READ),
	W("high.write-bit", "write-high bit of C0000102H set: WRMSR exits", MSR_KERNEL_GS_BASE, MB_WRITE | MB_EXIT),
	W("high.clear", "bitmaps clear: WRMSR C0000102H does not exit", MSR_KERNEL_GS_BASE, 0),
	W("high.read-bit-only", "only the read-high bit of C0000102H set: WRMSR does not exit",
	  MSR_KERNEL_GS_BASE, MB_READ),
};

EXITS_GROUP(exits_msr, "msr", msr_cases, 40);
