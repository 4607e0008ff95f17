/** @file
 * Exits suite: I/O instructions (SDM Vol. 3C §25.1.3: unconditional I/O
 * exiting, I/O bitmaps A (ports 0-7FFFH) and B (8000H-FFFFH), an access
 * that touches any port whose bit is 1 exits, one that wraps past FFFFH
 * always exits; "use I/O bitmaps" 1 overrides unconditional exiting), the
 * qualification (§27.2.1 Table 27-5: size-1 in 2:0, direction 3 (1 = IN),
 * string 4, REP 5, operand encoding 6 (1 = immediate), port 31:16), the
 * length (§27.2.4), the guest-linear address of INS/OUTS (§27.2.1) and
 * their instruction information (§27.2.5: address size 9:7, segment 17:15
 * for OUTS) when IA32_VMX_BASIC[54] says the CPU reports it.
 *
 * Ports are chosen so that an access that does not exit (as the case
 * expects, or wrongly) harms nothing: INs from unused ports, OUTs to the
 * POST port 80H.
 */
#include "suites/exits.h"

EXITS_SNIPPET(in_dx_b); EXITS_SNIPPET(in_dx_w); EXITS_SNIPPET(in_dx_l);
EXITS_SNIPPET(out_dx_b); EXITS_SNIPPET(out_dx_w); EXITS_SNIPPET(out_dx_l);
EXITS_SNIPPET(in_imm_b); EXITS_SNIPPET(in_imm_w); EXITS_SNIPPET(in_imm_l);
EXITS_SNIPPET(out_imm_b); EXITS_SNIPPET(out_imm_w); EXITS_SNIPPET(out_imm_l);
EXITS_SNIPPET(insb); EXITS_SNIPPET(insw); EXITS_SNIPPET(insl); EXITS_SNIPPET(outsb);
EXITS_SNIPPET(outsw); EXITS_SNIPPET(outsl); EXITS_SNIPPET(rep_insb); EXITS_SNIPPET(rep_outsw);
EXITS_SNIPPET(outsb_a32); EXITS_SNIPPET(outsb_fs);

/* How a row sets up exiting (p.io.how), and flags in its upper bits. */
enum { IO_UNCOND, IO_NONE, IO_BITMAP, IO_BOTH };
#define IO_A32 0x10  /* address-size prefix: 32-bit addresses */
#define IO_FS 0x20   /* FS segment override */

static void set_port_bit(struct exits_ctx *c, uint32_t port)
{
	uint8_t *bm = c->page[port & 0x8000 ? XP_IO_B : XP_IO_A];

	port &= 0x7fff;
	bm[port / 8] |= (uint8_t)(1u << (port % 8));
}

static void su_io(struct exits_ctx *c)
{
	const union exits_param *p = &c->k->p;
	unsigned how = p->io.how & 0xf;
	uint64_t data = xc_pa(c, XP_DATA);

	xc_disable(c, VMX_KIND_PROC, CPU_BASED_UNCOND_IO_EXITING | CPU_BASED_USE_IO_BITMAPS);
	if (how == IO_UNCOND || how == IO_BOTH)
		xc_enable(c, VMX_KIND_PROC, CPU_BASED_UNCOND_IO_EXITING);
	if (how == IO_BITMAP || how == IO_BOTH) {
		xc_enable(c, VMX_KIND_PROC, CPU_BASED_USE_IO_BITMAPS);
		xc_write(c, IO_BITMAP_A, xc_pa(c, XP_IO_A));
		xc_write(c, IO_BITMAP_B, xc_pa(c, XP_IO_B));
		if (p->io.bit)
			set_port_bit(c, p->io.bit);
	}
	c->regs.rdx = p->io.imm ? 0x5a5a : p->io.port;
	c->regs.rsi = data;
	c->regs.rdi = data + 0x800;
	c->regs.rcx = 3;
	if (!p->io.exit) {
		xc_expect_none(c);
		return;
	}
	xc_expect(c, EXIT_REASON_IO_INSTRUCTION, XCHK_QUAL | XCHK_LEN);
	c->e.qual = (uint64_t)(p->io.size - 1) | (uint64_t)p->io.in << 3 |
		    (uint64_t)p->io.str << 4 | (uint64_t)p->io.rep << 5 |
		    (uint64_t)p->io.imm << 6 | (uint64_t)p->io.port << 16;
	if (!p->io.str)
		return;
	c->e.chk |= XCHK_GLA;
	c->e.gla = p->io.in ? c->regs.rdi : c->regs.rsi;
	if (p->io.how & IO_FS)
		c->e.gla += xc_read(GUEST_FS_BASE);
	if (p->io.how & IO_A32)
		c->e.gla &= 0xffffffffu;
	if (c->caps->io_exit_info) {
		/* address size 9:7 (1 = 32, 2 = 64 bits); segment 17:15 for OUTS (DS 3, FS 4) */
		c->e.chk |= XCHK_INFO;
		c->e.info = (p->io.how & IO_A32 ? 1u : 2u) << 7;
		c->e.info_mask = 0x380;
		if (!p->io.in) {
			c->e.info |= (p->io.how & IO_FS ? 4u : 3u) << 15;
			c->e.info_mask |= 0x38000;
		}
	}
}

#define SDM_IO "25.1.3, 27.2.1, 27.2.4"
#define SDM_STR "25.1.3, 27.2.1, 27.2.4, 27.2.5"
/* row(id, snippet, desc, port, bitmap bit, size, how, in, imm, str, rep, exits) */
#define IO(id, sn, d, port, bit, size, how, in, imm, str, rep, ex) \
	{ "io." id, (str) ? SDM_STR : SDM_IO, d, XG(sn), su_io, NULL, \
	  .p.io = { port, bit, size, how, in, imm, str, rep, ex } }

static const struct exits_case io_cases[] = {
	IO("uncond.in-dx-1", in_dx_b, "IN AL,DX with unconditional I/O exiting: reason 30, size 1, IN, DX form",
	   0x1234, 0, 1, IO_UNCOND, 1, 0, 0, 0, 1),
	IO("uncond.in-dx-2", in_dx_w, "IN AX,DX: size 2", 0x1234, 0, 2, IO_UNCOND, 1, 0, 0, 0, 1),
	IO("uncond.in-dx-4", in_dx_l, "IN EAX,DX: size 4", 0x1234, 0, 4, IO_UNCOND, 1, 0, 0, 0, 1),
	IO("uncond.out-dx-1", out_dx_b, "OUT DX,AL: size 1, direction OUT", 0x80, 0, 1, IO_UNCOND, 0, 0, 0, 0, 1),
	IO("uncond.out-dx-2", out_dx_w, "OUT DX,AX: size 2", 0x80, 0, 2, IO_UNCOND, 0, 0, 0, 0, 1),
	IO("uncond.out-dx-4", out_dx_l, "OUT DX,EAX: size 4", 0x80, 0, 4, IO_UNCOND, 0, 0, 0, 0, 1),
	IO("uncond.in-imm-1", in_imm_b, "IN AL,84H: immediate operand encoding, port 84H", 0x84, 0, 1, IO_UNCOND, 1, 1, 0, 0, 1),
	IO("uncond.in-imm-2", in_imm_w, "IN AX,84H: size 2, immediate", 0x84, 0, 2, IO_UNCOND, 1, 1, 0, 0, 1),
	IO("uncond.in-imm-4", in_imm_l, "IN EAX,84H: size 4, immediate", 0x84, 0, 4, IO_UNCOND, 1, 1, 0, 0, 1),
	IO("uncond.out-imm-1", out_imm_b, "OUT 80H,AL: immediate", 0x80, 0, 1, IO_UNCOND, 0, 1, 0, 0, 1),
	IO("uncond.out-imm-2", out_imm_w, "OUT 80H,AX: size 2, immediate", 0x80, 0, 2, IO_UNCOND, 0, 1, 0, 0, 1),
	IO("uncond.out-imm-4", out_imm_l, "OUT 80H,EAX: size 4, immediate", 0x80, 0, 4, IO_UNCOND, 0, 1, 0, 0, 1),
	IO("string.insb", insb, "INSB: string, guest-linear address ES:RDI", 0x1234, 0, 1, IO_UNCOND, 1, 0, 1, 0, 1),
	IO("string.insw", insw, "INSW: string, size 2", 0x1234, 0, 2, IO_UNCOND, 1, 0, 1, 0, 1),
	IO("string.insd", insl, "INSD: string, size 4", 0x1234, 0, 4, IO_UNCOND, 1, 0, 1, 0, 1),
	IO("string.outsb", outsb, "OUTSB: string, guest-linear address DS:RSI, segment DS", 0x80, 0, 1, IO_UNCOND, 0, 0, 1, 0, 1),
	IO("string.outsw", outsw, "OUTSW: string, size 2", 0x80, 0, 2, IO_UNCOND, 0, 0, 1, 0, 1),
	IO("string.outsd", outsl, "OUTSD: string, size 4", 0x80, 0, 4, IO_UNCOND, 0, 0, 1, 0, 1),
	IO("string.rep-insb", rep_insb, "REP INSB: REP bit 5 set", 0x1234, 0, 1, IO_UNCOND, 1, 0, 1, 1, 1),
	IO("string.rep-outsw", rep_outsw, "REP OUTSW: REP, size 2", 0x80, 0, 2, IO_UNCOND, 0, 0, 1, 1, 1),
	IO("string.outsb-a32", outsb_a32, "OUTSB with a 32-bit address-size prefix: information address size 1",
	   0x80, 0, 1, IO_UNCOND | IO_A32, 0, 0, 1, 0, 1),
	IO("string.outsb-fs", outsb_fs, "OUTSB FS:[RSI]: information segment FS, address FS base + RSI",
	   0x80, 0, 1, IO_UNCOND | IO_FS, 0, 0, 1, 0, 1),
	IO("none.in", in_dx_b, "IN with neither I/O control: no exit", 0x1234, 0, 1, IO_NONE, 1, 0, 0, 0, 0),
	IO("bitmap-a.set", in_dx_b, "I/O bitmap A bit of port 1234H set: IN exits", 0x1234, 0x1234, 1, IO_BITMAP, 1, 0, 0, 0, 1),
	IO("bitmap-a.clear", in_dx_b, "I/O bitmaps clear: IN from 1234H does not exit", 0x1234, 0, 1, IO_BITMAP, 1, 0, 0, 0, 0),
	IO("bitmap-a.other-port", in_dx_b, "bit of port 1235H set: a 1-byte IN from 1234H does not exit",
	   0x1234, 0x1235, 1, IO_BITMAP, 1, 0, 0, 0, 0),
	IO("bitmap-a.size2-covers", in_dx_w, "bit of port 1235H set: a 2-byte IN from 1234H touches it and exits",
	   0x1234, 0x1235, 2, IO_BITMAP, 1, 0, 0, 0, 1),
	IO("bitmap-a.size4-covers", in_dx_l, "bit of port 1237H set: a 4-byte IN from 1234H exits",
	   0x1234, 0x1237, 4, IO_BITMAP, 1, 0, 0, 0, 1),
	IO("bitmap-a.size4-beyond", in_dx_l, "bit of port 1238H set: a 4-byte IN from 1234H does not exit",
	   0x1234, 0x1238, 4, IO_BITMAP, 1, 0, 0, 0, 0),
	IO("bitmap-b.set", in_dx_b, "I/O bitmap B bit of port 9234H set: IN exits", 0x9234, 0x9234, 1, IO_BITMAP, 1, 0, 0, 0, 1),
	IO("bitmap-b.clear", in_dx_b, "bitmaps clear: IN from 9234H does not exit", 0x9234, 0, 1, IO_BITMAP, 1, 0, 0, 0, 0),
	IO("bitmap-b.a-not-b", in_dx_b, "bit 1234H of bitmap A set: IN from 9234H (bitmap B) does not exit",
	   0x9234, 0x1234, 1, IO_BITMAP, 1, 0, 0, 0, 0),
	IO("bitmap.spans-a-b", in_dx_l, "bit of port 8000H (first of B) set: a 4-byte IN from 7FFEH exits",
	   0x7ffe, 0x8000, 4, IO_BITMAP, 1, 0, 0, 0, 1),
	IO("bitmap.wrap", in_dx_w, "a 2-byte IN from FFFFH wraps the port space: exits with clear bitmaps",
	   0xffff, 0, 2, IO_BITMAP, 1, 0, 0, 0, 1),
	IO("bitmap.imm", in_imm_b, "bit of port 84H set: IN AL,84H exits, immediate encoding",
	   0x84, 0x84, 1, IO_BITMAP, 1, 1, 0, 0, 1),
	IO("bitmap.string", insb, "bit of port 1234H set: INSB exits with the string fields",
	   0x1234, 0x1234, 1, IO_BITMAP, 1, 0, 1, 0, 1),
	IO("bitmap.overrides-uncond", in_dx_b, "use I/O bitmaps 1 overrides unconditional I/O exiting: clear bitmap, no exit",
	   0x1234, 0, 1, IO_BOTH, 1, 0, 0, 0, 0),
};

EXITS_GROUP(exits_io, "io", io_cases, 30);
