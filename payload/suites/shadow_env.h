/** @file
 * Shadow suite: the environment every part runs in (docs/shadow-suite.md).
 * VMX operation; one ordinary VMCS from the baseline whose guest calls
 * payload functions (shadow_guest.S); the shadow VMCS and the two VMREAD /
 * VMWRITE bitmaps (SDM §24.6.15, §24.10); the list of supported field
 * encodings; the exit handler of the run loop (vmx/loop.h). The semantics
 * and cost parts use it; it calls none of them.
 */
#ifndef VMXB_SUITES_SHADOW_ENV_H
#define VMXB_SUITES_SHADOW_ENV_H

#include <stdbool.h>
#include <stdint.h>
#include "suites/suite.h"
#include "suites/case.h"
#include "suites/shadow_nested.h"
#include "vmx/baseline.h"
#include "vmx/caps.h"
#include "vmx/loop.h"
#include "vmx/shadow.h"
#include "vmx/vmxon.h"

#define SHADOW_GUEST_STACK_PAGES 4

/* Guest calls (VMCALL with RAX =). */
#define SHADOW_CALL_DONE GUEST_CALL_DONE
/* SHADOW_CALL_ERRNO and SHADOW_CALL_NOP: vmx/guest_calls.h (the assembly guests read them too) */
/* A VMCLEAR of a misaligned address fails with VMfailValid(2) (§30.3 VMCLEAR):
 * a harmless way to leave a known VM-instruction error in a VMCS before a
 * guest access, so that a stale 12/13 cannot pass. */
#define SHADOW_ERR_SENTINEL 2u
/* The guest's VPID when "enable VPID" is 1: any value but 0, which VM entry refuses (SDM §26.2.1.1). */
#define SHADOW_VPID 1u

/** How the exit handler treats VMREAD/VMWRITE exits. */
enum shadow_mode {
	SHADOW_MODE_RECORD, /**< note the exit in s->note, skip the instruction */
	SHADOW_MODE_NESTED, /**< emulate it on s->v12 like a nested hypervisor (shadow_nested.h) */
};

/** What the handler writes for the semantics checks (one access at a time). */
struct shadow_exit_note {
	uint32_t reason;   /**< basic exit reason, 0: no exit */
	uint32_t info;     /**< VM-exit instruction information */
	uint32_t len;      /**< VM-exit instruction length */
	uint64_t qual;     /**< exit qualification */
	uint64_t rip;      /**< guest RIP of the exiting instruction */
	uint32_t err_cur, err_shadow; /**< VM-instruction error fields after SHADOW_CALL_ERRNO */
	bool err_read;
	bool exc;          /**< an exception or NMI exit (reason 0) stopped the guest */
	uint32_t intr, errcode; /**< its VM-exit interruption information and error code */
};

struct shadow_item_list;

/** The suite's state; the runner owns the one instance and passes it to every part. */
struct shadow_suite {
	const struct suite_ctx *ctx;
	struct vmx_caps caps;
	struct vmx_cpu cpu;
	struct baseline base;
	void *vmcs, *shadow;
	uint64_t vmcs_pa, shadow_pa;
	uint8_t *rbm, *wbm;
	void *stack;
	struct vmx_loop loop;
	bool launched, bochs, rdtscp_ok;
	bool vpid_ok;                   /**< "enable VPID" may be 1 (shadow_vpid_set) */
	const char *vpid_reason;        /**< why not, when !vpid_ok */
	enum shadow_mode mode;
	struct shadow_exit_note *note; /**< where RECORD mode writes; NULL: nowhere */
	char why[96];                  /**< why the last guest call failed */
	uint32_t timer_exits;
	uint32_t timer_limit;           /**< timer exits resumed before the guest counts as hung; 0: the default */
	/* supported encodings: FULL and _HIGH, table order */
	uint32_t enc[SHADOW_MAX_ENCS];
	unsigned nenc;
	struct shadow_vmcs12 v12;       /**< the nested hypervisor's copy (NESTED mode, sync) */
	struct case_writer *cases;      /**< where the parts write their `case` records */
	struct shadow_item_list *items; /**< the guest access list (shadow_items.h) */
};

/**
 * Enter VMX operation and set up both VMCSs, the bitmaps (every access
 * exits) and the field list; the ordinary VMCS is current after.
 * @return NULL, or why the suite cannot run
 */
const char *shadow_env_setup(struct shadow_suite *s);
/** Clear both VMCSs and leave VMX operation (whatever set-up reached). */
void shadow_env_teardown(struct shadow_suite *s);

/** Run @p fn(@p arg) in the guest (VMX non-root) until it returns. @return 0, or -1 with s->why */
int shadow_guest_call(struct shadow_suite *s, void (*fn)(void *), void *arg);
/** Enter the guest at @p rip / @p rsp with GPRs @p g (other guest state as the VMCS holds it). Same returns. */
int shadow_guest_enter(struct shadow_suite *s, uint64_t rip, uint64_t rsp, const struct vmx_gprs *g);
/** Make the shadow VMCS current, run @p fn, make the ordinary VMCS current again. */
int shadow_with_current_shadow(struct shadow_suite *s, void (*fn)(void *), void *arg);
/**
 * "enable VPID" (secondary bit 5, SDM §24.6.2) with VPID SHADOW_VPID in the
 * ordinary VMCS (@p on), or off. @return 0, -1 when @p on and the CPU cannot
 * (s->vpid_reason) or a VMWRITE failed
 */
int shadow_vpid_set(struct shadow_suite *s, bool on);
/** Fill both bitmaps (1: every access exits). */
void shadow_bitmaps(struct shadow_suite *s, bool read_exit, bool write_exit);

/* shadow_guest.S: the guest's side */
void shadow_guest_tramp(void);
uint64_t shadow_g_read(uint64_t enc, uint64_t *val);
uint64_t shadow_g_write(uint64_t enc, uint64_t val);
uint64_t shadow_g_read_mem(uint64_t enc, void *buf);
uint64_t shadow_g_write_mem(uint64_t enc, void *buf);
void shadow_g_errno(void);
void shadow_g_cpl3(void);
extern const char shadow_g_read_insn[], shadow_g_read_end[], shadow_g_write_insn[],
	shadow_g_write_end[], shadow_g_read_mem_insn[], shadow_g_read_mem_end[],
	shadow_g_write_mem_insn[], shadow_g_write_mem_end[], shadow_g_cpl3_read[],
	shadow_g_cpl3_read_end[], shadow_g_cpl3_write[], shadow_g_cpl3_write_end[];

#endif
