/** @file
 * The exits suite: what VM exits report (SDM Vol. 3C chapter 27) for what
 * causes them in VMX non-root operation (chapter 25). A case is a row of a
 * table: a guest snippet (exits_guest.S) that runs one instruction under
 * test, a set-up that turns on the controls and writes the expectation, and
 * the runner (exits.c), which enters the snippet once from a fresh baseline
 * VMCS and compares what the first VM exit reports (basic reason, exit
 * qualification, instruction length, instruction information, guest RIP,
 * interruption information: each only where the case checks it) with the
 * expectation. docs/exits-suite.md describes the groups and outcome strings.
 */
#ifndef VMXB_SUITES_EXITS_H
#define VMXB_SUITES_EXITS_H

#include <stdbool.h>
#include <stdint.h>
#include "lib/table.h"
#include "vmx/baseline.h"
#include "vmx/caps.h"
#include "vmx/controls.h"
#include "vmx/exit_reason.h"
#include "vmx/fields.h"
#include "vmx/guest.h"
#include "suites/exits_text.h"

/* Scratch pages every case gets zeroed. */
enum exits_page {
	XP_IO_A, XP_IO_B, XP_MSR_BITMAP, XP_MSR_STORE, XP_MSR_LOAD, XP_DATA,
	XP_COUNT
};

/** State a case sees. */
struct exits_ctx {
	const struct vmx_caps *caps;
	const struct baseline *base;
	void *page[XP_COUNT];          /**< zeroed pages (exits_pa for their addresses) */
	struct vmx_gprs regs;          /**< guest GPRs at entry */
	const struct exits_case *k;
	struct exits_expect e;         /**< the set-up fills it */
	const char *skip;              /**< SKIP with this reason */
	char setup_err[96];
	bool own_timer;                /**< the case uses the preemption timer itself: exit 52 is its result */
	const uint8_t *ok_at;          /**< the call back "ok" expects, when not the snippet's own */
	bool watchdog;                 /**< the baseline's preemption timer guards the guest */
	char extra_exp[48], extra_obs[48]; /**< a check's own values, appended to both strings */
	uint64_t tsc_before, tsc_after;  /**< host TSC around the entry */
};

/** One value a row's shared set-up works on. */
union exits_param {
	unsigned gpr;                  /**< register number as in qualifications (RAX 0 .. R15 15) */
	struct { unsigned cr, gpr; } crg; /**< control register and register */
	struct { uint32_t msr; uint8_t bits; bool wr; } msr; /**< MSR, which bitmap halves set (1 read, 2 write), write? */
	/** I/O: the port accessed, the port whose bitmap bit is set (0: none), the
	 * access size, how exiting is set up (exits_io.c), whether it must exit. */
	struct { uint16_t port, bit; uint8_t size, how; bool in, imm, str, rep, exit; } io;
	struct { uint32_t ident, info; } desc; /**< instruction identity and expected info bits */
	uint64_t value;
	unsigned which;
};

struct exits_case {
	const char *id;                /**< "cr.mov-to-cr0.rax": group.topic.detail */
	const char *sdm;               /**< SDM Vol. 3C section(s) the expectation cites */
	const char *desc;
	const uint8_t *guest, *at, *after; /**< snippet start, instruction under test, next one */
	void (*setup)(struct exits_ctx *c);
	void (*check)(struct exits_ctx *c, bool exited); /**< optional: fill extra_exp/extra_obs */
	union exits_param p;
};

struct exits_group {
	const char *name;
	const struct exits_case *cases;
	unsigned count;
};
#define EXITS_GROUP(sym, nm, tbl, order)                                                  \
	static const struct exits_group sym = { nm, tbl, sizeof(tbl) / sizeof(tbl[0]) }; \
	static const struct exits_group *const sym##_entry TABLE_ENTRY(exits_group, order) = &sym

/* A snippet of exits_guest.S: start, instruction under test, the call back after it. */
#define EXITS_SNIPPET(n) extern const uint8_t exs_##n[], exa_##n[], exe_##n[]
#define XG(n) .guest = exs_##n, .at = exa_##n, .after = exe_##n

/* The general registers in the order qualifications number them (§27.2.1 Table 27-3). */
#define EXITS_GPRS(X) X(rax, 0) X(rcx, 1) X(rdx, 2) X(rbx, 3) X(rsp, 4) X(rbp, 5) X(rsi, 6) \
	X(rdi, 7) X(r8, 8) X(r9, 9) X(r10, 10) X(r11, 11) X(r12, 12) X(r13, 13) X(r14, 14) X(r15, 15)

/* --- set-up API --- */
void xc_write(struct exits_ctx *c, uint32_t enc, uint64_t val);
uint64_t xc_read(uint32_t enc);
void xc_set(struct exits_ctx *c, uint32_t enc, uint64_t bits);
void xc_clear(struct exits_ctx *c, uint32_t enc, uint64_t bits);
/** Turn on control bits (secondary: with "activate secondary controls"); SKIP when not allowed. */
bool xc_enable(struct exits_ctx *c, enum vmx_ctl_kind kind, uint64_t bits);
/** Turn off control bits; SKIP when fixed to 1. */
bool xc_disable(struct exits_ctx *c, enum vmx_ctl_kind kind, uint64_t bits);
void xc_skip(struct exits_ctx *c, const char *reason);
uint64_t xc_pa(struct exits_ctx *c, enum exits_page p);
/** Set guest GPR number @p n (RSP: the GUEST_RSP field) to @p v. */
void xc_gpr(struct exits_ctx *c, unsigned n, uint64_t v);
/** Expect a fault-like exit with reason @p r at the instruction under test, checking @p chk. */
void xc_expect(struct exits_ctx *c, uint32_t reason, unsigned chk);
/** Expect the guest to run to its call back without an exit. */
void xc_expect_none(struct exits_ctx *c);
/** Copy @p s into an extra_exp/extra_obs buffer (truncated to fit). */
void xc_text(char *dst, const char *s);
/** Offset of @p p into the case's snippet. */
uint32_t xc_off(const struct exits_ctx *c, const uint8_t *p);

#endif
