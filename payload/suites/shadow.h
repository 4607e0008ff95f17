/** @file
 * The shadow suite (docs/shadow-suite.md): VMCS shadowing semantics
 * (shadow_sem.c) and the cost of VMREAD/VMWRITE on every path a nested
 * hypervisor has (shadow_cost.c). shadow.c owns the shared set-up: VMX
 * operation, one ordinary VMCS from the baseline whose guest calls payload
 * functions (shadow_guest.S), the shadow VMCS, the two bitmaps, and the
 * exit handler of the run loop (vmx/loop.h).
 */
#ifndef VMXB_SUITES_SHADOW_H
#define VMXB_SUITES_SHADOW_H

#include <stdbool.h>
#include <stdint.h>
#include "app/options.h"
#include "vmx/baseline.h"
#include "vmx/caps.h"
#include "vmx/loop.h"
#include "vmx/shadow.h"
#include "vmx/vmxon.h"

#define SHADOW_MAX_ENCS 400
#define SHADOW_GUEST_STACK_PAGES 4

/* Guest calls (VMCALL with RAX =). */
#define SHADOW_CALL_DONE GUEST_CALL_DONE
#define SHADOW_CALL_ERRNO 0x5e770000u
/* A VMCLEAR of a misaligned address fails with VMfailValid(2) (§30.3 VMCLEAR):
 * a harmless way to leave a known VM-instruction error in a VMCS before a
 * guest access, so that a stale 12/13 cannot pass. */
#define SHADOW_ERR_SENTINEL 2u

/** How the exit handler treats VMREAD/VMWRITE exits. */
enum shadow_mode {
	SHADOW_MODE_RECORD, /**< note the exit in shadow_sem's current item, skip the instruction */
	SHADOW_MODE_NESTED, /**< emulate it on the in-memory vmcs12 like a nested hypervisor */
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

struct shadow_suite {
	const struct options *opt;
	struct vmx_caps caps;
	struct vmx_cpu cpu;
	struct baseline base;
	void *vmcs, *shadow;
	uint64_t vmcs_pa, shadow_pa;
	uint8_t *rbm, *wbm;
	void *stack;
	struct vmx_loop loop;
	bool launched, bochs, rdtscp_ok;
	enum shadow_mode mode;
	struct shadow_exit_note *note; /**< where RECORD mode writes; NULL: nowhere */
	char why[96];                  /**< why the last guest call failed */
	uint32_t timer_exits;
	/* supported encodings: FULL and _HIGH, table order */
	uint32_t enc[SHADOW_MAX_ENCS];
	unsigned nenc;
	/* vmcs12: the nested hypervisor's in-memory copy, one slot per supported FULL field */
	uint64_t vmcs12[SHADOW_MAX_ENCS];
	uint16_t slot_of[0x8000];      /**< enc[14:0] -> slot + 1 (0: not a field) */
	unsigned nslots;
	/* case tally */
	unsigned n, pass, dev, skip;
};

extern struct shadow_suite shadow_st;

/** Run @p fn(@p arg) in the guest (VMX non-root) until it returns. @return 0, or -1 with s->why */
int shadow_guest_call(struct shadow_suite *s, void (*fn)(void *), void *arg);
/** Enter the guest at @p rip / @p rsp with GPRs @p g (other guest state as the VMCS holds it). Same returns. */
int shadow_guest_enter(struct shadow_suite *s, uint64_t rip, uint64_t rsp, const struct vmx_gprs *g);
/** Make the shadow VMCS current, run @p fn, make the ordinary VMCS current again. */
int shadow_with_current_shadow(struct shadow_suite *s, void (*fn)(void *), void *arg);
/** Fill both bitmaps (1: every access exits). */
void shadow_bitmaps(struct shadow_suite *s, bool read_exit, bool write_exit);
/** Emit one `case` record and count it. */
void shadow_case(struct shadow_suite *s, const char *id, const char *sdm, const char *desc,
		 const char *expected, const char *observed, const char *verdict, const char *reason);

/* ---- guest access lists (shadow_items.c) ---- */
#define SHADOW_MAX_ITEMS (2 * SHADOW_MAX_ENCS)
enum shadow_item_op { SI_READ, SI_WRITE, SI_READ_MEM, SI_WRITE_MEM };

/** One guest VMREAD/VMWRITE: register forms R9/R10, memory forms 0x48(%rsi). */
struct shadow_item {
	uint64_t enc, wval, rval, rflags;
	enum shadow_item_op op;
	struct shadow_exit_note note;
};

extern struct shadow_item shadow_items[SHADOW_MAX_ITEMS];
extern unsigned shadow_nitems;
/** Run shadow_items[0..shadow_nitems) in the guest (error sentinels armed first). @return 0 or -1 */
int shadow_items_run(struct shadow_suite *s);
/** What an access did: vmexit:R, ok, vmfail-invalid, vmfail-valid:N (*where: which VMCS held N), bad-flags. */
struct outcome shadow_item_observed(const struct shadow_item *it, const char **where);
/** Exit details of an exiting access; NULL when right, else a message in @p buf. */
const char *shadow_item_check_exit(const struct shadow_item *it, char *buf, size_t n);

void shadow_sem_run(struct shadow_suite *s);
/* shadow_one.c: the single-access cases (called by shadow_sem_run). */
void shadow_single_run(struct shadow_suite *s);
void shadow_cost_run(struct shadow_suite *s);

/* shadow_guest.S */
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


/* shadow_cost.c: the nested-hypervisor emulation of an exiting VMREAD/VMWRITE. */
int shadow_nested_exit(struct shadow_suite *s, struct vmx_loop *l, uint32_t reason);
/* Build the vmcs12 slot map over the supported FULL encodings. */
void shadow_vmcs12_init(struct shadow_suite *s);
#endif
