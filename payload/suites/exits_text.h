/** @file
 * The text forms of the exits suite's expected and observed outcomes
 * (docs/record-format.md, "exits suite records"): what a case checks of a
 * VM exit, and the one function that writes it, for the expectation and
 * the observation alike, so equal strings mean equal checked values. Pure.
 */
#ifndef VMXB_SUITES_EXITS_TEXT_H
#define VMXB_SUITES_EXITS_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What a case checks besides the basic exit reason (struct exits_expect.chk). */
#define XCHK_QUAL (1u << 0)  /**< exit qualification (§27.2.1) */
#define XCHK_LEN (1u << 1)   /**< VM-exit instruction length (§27.2.4) */
#define XCHK_INFO (1u << 2)  /**< VM-exit instruction information, masked (§27.2.5) */
#define XCHK_RIP (1u << 3)   /**< guest RIP, as an offset into the snippet */
#define XCHK_INTR (1u << 4)  /**< VM-exit interruption information (§27.2.2) */
#define XCHK_EC (1u << 5)    /**< VM-exit interruption error code (§27.2.2) */
#define XCHK_GLA (1u << 6)   /**< guest-linear address (§27.2.1) */

/** What the first VM exit of a case must report. */
struct exits_expect {
	bool no_exit;       /**< the guest must reach its call back: "ok" */
	uint32_t reason;    /**< basic exit reason */
	unsigned chk;       /**< XCHK_* */
	uint64_t qual;
	uint32_t len;       /**< default: the length of the instruction at the snippet's "at" */
	uint32_t rip;       /**< offset of the guest RIP from the snippet start; default "at" */
	uint32_t info, info_mask;
	uint32_t intr, ec;
	uint64_t gla;
};

/** What a VM exit reported (or, for the expectation, what it must report). */
struct exits_seen {
	uint32_t reason;
	uint64_t qual, gla;
	uint32_t len, rip, info, intr, ec;
};

/**
 * "vmexit:R qual=0xQ len=N info=0xI intr=0xV ec=0xE gla=0xA rip=+O EXTRA"
 * into @p buf, with only the members @p e->chk names (info masked with
 * @p e->info_mask) and EXTRA when @p extra is not empty. Truncated to @p n.
 */
void exits_text_exit(char *buf, size_t n, const struct exits_expect *e,
		     const struct exits_seen *s, const char *extra);

/** "ok", or "ok EXTRA": the guest ran to its call back. */
void exits_text_ok(char *buf, size_t n, const char *extra);

#endif
