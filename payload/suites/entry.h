/** @file
 * The entry suite: VM-entry checks and VMX instruction misuse, one case per
 * SDM rule (docs/entry-suite.md). A case is a row of a table; the runner
 * (entry.c) gives each case a fresh VMCS loaded with the known-good baseline
 * (vmx/baseline.h), lets the case change one thing, forces the
 * VM-instruction error field to a known other value, attempts VMLAUNCH (or
 * the case's own action), classifies the outcome and writes one `case`
 * record. Tables live by topic in entry_*.c.
 */
#ifndef VMXB_SUITES_ENTRY_H
#define VMXB_SUITES_ENTRY_H

#include <stdbool.h>
#include <stdint.h>
#include "lib/table.h"
#include "vmx/baseline.h"
#include "vmx/caps.h"
#include "vmx/controls.h"
#include "vmx/fields.h"
#include "vmx/guest.h"
#include "vmx/outcome.h"
#include "vmx/vmxon.h"

#define ENTRY_SCRATCH_PAGES 4

/** State a case sees. Cases use the ec_* functions below, not the VMCS directly. */
struct entry_ctx {
	const struct vmx_caps *caps;
	struct vmx_cpu *cpu;         /**< VMXON state (cpu->vmxon_region) */
	struct baseline *base;
	void *vmcs;                  /**< this case's VMCS region, current when mutate runs */
	uint64_t vmcs_pa;
	void *scratch[ENTRY_SCRATCH_PAGES]; /**< zeroed pages for the case (ec_page) */
	struct vmx_gprs regs;        /**< guest GPRs for the entry */
	bool bochs;                  /**< emulator=bochs:... was given */
	const struct entry_case *k;  /**< the case running */
	/* Set by the case: */
	const char *skip;            /**< SKIP with this reason */
	char setup_err[96];          /**< a VMWRITE in mutate failed: SKIP, reason says which */
	struct outcome observed;     /**< set by a case's own act() */
	char note[96];               /**< extra text for the record's reason */
};

/** How a row breaks a physical address. */
enum entry_addr_bad {
	ADDR_UNALIGNED, /**< page-aligned address + 0x800 */
	ADDR_WIDE,      /**< 1 << MAXPHYADDR */
	ADDR_VALID,     /**< a zeroed scratch page: the positive twin of the two above */
};

/**
 * What a row's shared mutate/act function works on: one named member per
 * kind of row, so a row says what it changes and no function unpacks a
 * number. Rows that need nothing give { 0 }.
 */
union entry_param {
	/** A variant of the row's own function: a constant of an enum in its file. */
	unsigned which;
	/**
	 * A VMCS field and a value: written (ec_mut_write), OR-ed in (ec_mut_or),
	 * cleared (ec_mut_andnot); ec_mut_noncanon writes a non-canonical address.
	 */
	struct { uint32_t field; uint64_t value; } w;
	/** One control bit: the reserved-bit rows. */
	struct { enum vmx_ctl_kind kind; unsigned bit; } ctl;
	/** Control bits the row turns on. */
	uint64_t bits;
	/** Bits set and cleared in a live value (EFER, EPTP). */
	struct { uint64_t set, clear; } mask;
	/** A bad physical address for a field (the function sets up the rest). */
	struct {
		uint32_t field;
		enum entry_addr_bad how;
		unsigned bit;  /**< ADDR_WIDE: this bit set (0: bit MAXPHYADDR); SKIP when inside the width */
	} addr;
	/** A VM-exit/VM-entry MSR area: its count and address fields, and how the address is bad. */
	struct { uint32_t count, addr; enum entry_addr_bad how; } area;
	/** An injection-matrix row: interruption information, and a real-mode guest (CR0.PE 0) or not. */
	struct { uint32_t info; bool real_mode; } injm;
	/** An injected event: interruption information, error code, instruction length. */
	struct { uint32_t info, error_code, len; } inject;
	/** Guest interruptibility state, guest RFLAGS and an injected event (0: none). */
	struct { uint32_t state, inject; uint64_t rflags; } intr;
	/** The one entry of a VM-entry MSR-load area, after a valid first entry or not. */
	struct {
		uint32_t index, reserved;  /**< the entry's first quadword */
		bool first_valid;          /**< a harmless entry comes first */
		bool same_value;           /**< value: the guest's IA32_SYSENTER_CS, else 0 */
		uint64_t or_efer;          /**< value: the live IA32_EFER with these bits, when not 0 */
	} msr;
	/** Posted-interrupt setup: which controls are on, the vector and descriptor address. */
	struct {
		bool vid, ack;             /**< virtual-interrupt delivery, acknowledge interrupt on exit */
		uint32_t vector, desc_offset;
		bool desc_too_wide;
	} posted;
	/** CET state: S_CET, SSP, interrupt-SSP-table address (all others 0). */
	struct { uint64_t s_cet, ssp, ssp_table; } cet;
	/** A segment register's selector, access rights, and base (written when not 0). */
	struct { uint32_t selector, access_rights; uint64_t base; } seg;
};

/**
 * One case. Fill either @c expected or @c expect (computed from capabilities).
 * @c mutate changes the fresh baseline VMCS (may be NULL); @c act replaces the
 * default action "VMLAUNCH and classify" and must set ctx->observed and leave
 * the CPU in VMX root operation with ctx->vmcs current or cleared.
 */
struct entry_case {
	const char *id;         /**< "ctl.pin.reserved1": group.topic.detail */
	const char *sdm;        /**< SDM Vol. 3 section, "26.2.1.1" */
	const char *desc;       /**< one line */
	enum vmx_feature requires; /**< VMX_FEAT_ALWAYS, or SKIP when absent */
	void (*mutate)(struct entry_ctx *c);
	void (*act)(struct entry_ctx *c);
	struct outcome expected;
	void (*expect)(const struct entry_ctx *c, struct outcome *e);
	union entry_param p;    /**< what shared mutate/act functions work on (c->k->p) */
};

struct entry_group {
	const char *name;
	const struct entry_case *cases;
	unsigned count;
};
/**
 * Register a group of cases at the bottom of its own file, at run position
 * @p order (two digits, lib/table.h): adding a group is one new file.
 */
#define ENTRY_GROUP(sym, nm, tbl, order)                                                  \
	static const struct entry_group sym = { nm, tbl, sizeof(tbl) / sizeof(tbl[0]) }; \
	static const struct entry_group *const sym##_entry TABLE_ENTRY(entry_group, order) = &sym

/**
 * A row's VMCS field and value (union entry_param .w), checked when the
 * payload is built: the value must fit the field's width (§24.11.2: a
 * VMWRITE drops the bits above it, so a wider value would test something
 * else than the row says) and a _HIGH encoding needs a 64-bit field. A row
 * that breaks either does not compile (a negative bit-field width).
 */
#define ENTRY_VALUE_FITS(enc, v)                                                    \
	(((enc) & 1) ? (((enc) >> 13 & 3) == 1 && (unsigned long long)(v) <= 0xffffffffull) \
	 : ((enc) >> 13 & 3) == 0 ? (unsigned long long)(v) <= 0xffffull                   \
	 : ((enc) >> 13 & 3) == 2 ? (unsigned long long)(v) <= 0xffffffffull : 1)
#define ENTRY_W(enc, v)                                                                  \
	.p.w = { (enc) + 0 * sizeof(struct { int value_fits_field : ENTRY_VALUE_FITS(enc, v) ? 1 : -1; }), \
		 (v) }

/* Expectation shorthands for tables. */
#define EXPECT_OK { .kind = OUTCOME_OK, .code = 0, .qual = 0 }
#define EXPECT_VMFAIL_INVALID { .kind = OUTCOME_VMFAIL_INVALID, .code = 0, .qual = 0 }
#define EXPECT_VMFAIL(n) { .kind = OUTCOME_VMFAIL_VALID, .code = (n), .qual = 0 }
#define EXPECT_CTL_FAIL EXPECT_VMFAIL(VMXERR_ENTRY_INVALID_CONTROLS)   /* 7 */
#define EXPECT_HOST_FAIL EXPECT_VMFAIL(VMXERR_ENTRY_INVALID_HOST)      /* 8 */
#define EXPECT_EXIT(r, q) { .kind = OUTCOME_ENTRY_FAIL, .code = (r), .qual = (q) }
#define EXPECT_GUEST_FAIL EXPECT_EXIT(EXIT_REASON_INVALID_GUEST_STATE, 0) /* 33, qual 0 */
#define EXPECT_MSR_FAIL(i) EXPECT_EXIT(EXIT_REASON_MSR_LOADING, (i))   /* 34, entry index */
#define EXPECT_EXCEPTION(v) { .kind = OUTCOME_EXCEPTION, .code = (v), .qual = 0 }
/* Entered, then a VM exit: reason r (any details); an exception exit (reason
 * 0) with vector v; the same with the exit qualification q (#DB, #PF). */
#define EXPECT_VMEXIT(r) { .kind = OUTCOME_VMEXIT, .code = (r), .qual = 0 }
#define EXPECT_EXC_EXIT(v) { .kind = OUTCOME_VMEXIT, .code = 0, .vector = (v), .details = OUTCOME_HAS_VECTOR }
#define EXPECT_EXC_EXIT_Q(v, q) { .kind = OUTCOME_VMEXIT, .code = 0, .qual = (q), .vector = (v), \
				  .details = OUTCOME_HAS_VECTOR | OUTCOME_HAS_QUAL }
/* Vectors of the exits the twins expect: an injected event's delivery through
 * the guest's IDT (limit 0) faults with #GP; a fetch from an empty page table #PF. */
#define VEC_GP 13u
#define VEC_PF 14u

/* --- mutation API --- */
/** VMWRITE into the case's VMCS; a failure makes the case SKIP with the reason. */
void ec_write(struct entry_ctx *c, uint32_t enc, uint64_t val);
/** VMREAD (0 when it fails). */
uint64_t ec_read(struct entry_ctx *c, uint32_t enc);
void ec_set(struct entry_ctx *c, uint32_t enc, uint64_t bits);
void ec_clear(struct entry_ctx *c, uint32_t enc, uint64_t bits);
/** Make the case SKIP with @p reason (a string literal). */
void ec_skip(struct entry_ctx *c, const char *reason);
/** Scratch page @p i (zeroed for every case), physical address. */
uint64_t ec_page(struct entry_ctx *c, unsigned i);
/** May bit @p bit of control @p kind be 1 / be 0? */
bool ec_may1(const struct entry_ctx *c, enum vmx_ctl_kind kind, unsigned bit);
bool ec_may0(const struct entry_ctx *c, enum vmx_ctl_kind kind, unsigned bit);
/**
 * Turn on control bit(s) @p bits of @p kind (and what they need: secondary
 * controls need "activate secondary controls"). SKIPs the case when not allowed.
 * @return true when set
 */
bool ec_enable(struct entry_ctx *c, enum vmx_ctl_kind kind, uint64_t bits);
/** Turn off control bit(s); SKIPs when they are fixed to 1. */
bool ec_disable(struct entry_ctx *c, enum vmx_ctl_kind kind, uint64_t bits);
/** The VMCS field holding control @p kind. */
uint32_t ec_ctl_field(enum vmx_ctl_kind kind);
/** A well-formed EPTP (4-level walk, a supported memory type) to scratch page 3 (empty tables). */
uint64_t ec_eptp(struct entry_ctx *c);
/** Physical width of the CPU (CPUID 0x80000008:EAX[7:0]). */
unsigned ec_maxphyaddr(void);
/** Put a VM-instruction error other than @p avoid in the current VMCS (before a second action). */
void ec_force_error(struct entry_ctx *c, uint32_t avoid);
/* RFLAGS bit 1 (always 1), TF, IF, VM (SDM Vol. 1 §3.4.3). */
#define RFLAGS_FIXED 0x2ull
#define RFLAGS_TF 0x100ull
#define RFLAGS_IF 0x200ull
#define RFLAGS_VM 0x20000ull
/* Interruptibility-state bits (SDM Vol. 3C §24.4.2): blocking by STI, MOV SS, SMI, NMI; enclave interruption. */
#define BLOCK_STI 0x1u
#define BLOCK_MOVSS 0x2u
#define BLOCK_SMI 0x4u
#define BLOCK_NMI 0x8u
#define INTR_ENCLAVE 0x10u
/* Guest activity states (§24.4.2). */
#define ACTIVITY_ACTIVE 0u
#define ACTIVITY_HLT 1u
#define ACTIVITY_SHUTDOWN 2u
#define ACTIVITY_WAIT_SIPI 3u
/* Bit 63 set, bits 62:N clear: non-canonical for any linear-address width N < 64. */
#define ENTRY_NONCANONICAL 0x8000000000000000ull
/*
 * CET state loaded by VM entry (guest fields) or VM exit (host fields): turn
 * on @p ctl of @p kind, write zero to the S_CET, SSP and interrupt-SSP-table
 * fields, then the row's values (c->k->p.cet) where they are not 0.
 */
/* IA32_S_CET bits the CET rows use (SDM Vol. 1 §18.3.1, Vol. 4): reserved bit 6, SUPPRESS, TRACKER. */
#define CET_S_RESERVED6 (1ull << 6)
#define CET_SUPPRESS (1ull << 10)
#define CET_TRACKER (1ull << 11)
void ec_mut_cet(struct entry_ctx *c, enum vmx_ctl_kind kind, uint64_t ctl,
		uint32_t s_cet, uint32_t ssp, uint32_t ssp_table);
/* Ready-made mutations for rows with c->k->p.w: write, OR in, clear, non-canonical. */
/**
 * Turn the baseline's 64-bit guest into a valid 32-bit protected-mode guest
 * with non-PAE paging (§26.3.1): "IA-32e mode guest" 0, CR4.PAE and PCIDE
 * 0, guest IA32_EFER LMA and LME 0 (when loaded), CS.L 0 and D/B 1, RIP
 * below 4 GiB. So a case can break a rule that only a guest outside IA-32e
 * mode reaches, or clear a bit IA-32e mode needs, without breaking a second.
 * @return false (and the case SKIPs) when the guest RIP is above 4 GiB.
 */
bool ec_guest_legacy32(struct entry_ctx *c);
/** Lay out the six data and code segments as virtual-8086 mode needs them (§26.3.1.2). */
void ec_guest_v8086_segments(struct entry_ctx *c);
void ec_mut_write(struct entry_ctx *c);
void ec_mut_or(struct entry_ctx *c);
void ec_mut_andnot(struct entry_ctx *c);
void ec_mut_noncanon(struct entry_ctx *c);

/**
 * An act: VMLAUNCH, then the payload's CR0 and CR4 as they were. For rows
 * whose host CR fields are bad: a CPU that wrongly enters loads them on the
 * exit, and the payload must not go on running so.
 */
void ec_act_keep_crs(struct entry_ctx *c);

/** Run the baseline guest once (VMLAUNCH) so the VMCS is launched; false (with skip) on failure. */
bool ec_launch_baseline(struct entry_ctx *c);

#endif
