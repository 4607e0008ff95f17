/** @file
 * The migrate suite (docs/migrate-suite.md): moving a VMCS from one logical
 * processor to another as SDM Vol. 3C §24.11.1 requires (VMCLEAR on the old
 * one, VMPTRLD on the new one), what it costs and whether anything is lost.
 *
 * The boot CPU drives everything; the other CPU of a pair does its part
 * through run_on(). Every timed instruction executes on the boot CPU (so
 * every figure is taken on the TSC of the CPU that executes it, and
 * meas_run's untimed preparation can call the other CPU: an AP cannot call
 * back into the boot CPU while it waits in run_on).
 *
 * Files: migrate.c (set-up, pairs, teardown, registration),
 * migrate_vmcs.c (VMCS helpers both other parts use), migrate_cost.c
 * (meas records), migrate_check.c (case records), migrate_xcpu.c (the
 * two-CPU hand-off: TSC offset and end-to-end migration).
 */
#ifndef VMXB_SUITES_MIGRATE_H
#define VMXB_SUITES_MIGRATE_H

#include <stdbool.h>
#include <stdint.h>
#include "platform/desc.h"
#include "platform/topology.h"
#include "suites/case.h"
#include "suites/suite.h"
#include "vmx/baseline.h"
#include "vmx/caps.h"
#include "vmx/vmxon.h"

/** VMCSs a prepared measurement consumes per sample run (N = 1: one, then two). */
#define MIG_POOL 2
/** Largest VMCS working set swept. */
#define MIG_WS_MAX 128
/** Pairs measured: one per relation, or every other CPU with migrate=all. */
#define MIG_PAIR_MAX (CPU_MAX - 1 > TOPO_REL_COUNT ? CPU_MAX - 1 : TOPO_REL_COUNT)
/** Host-state fields that may differ between two CPUs' baselines. */
#define MIG_HOST_MAX 24

/** One CPU in VMX operation with its own baseline (host state is per CPU). */
struct mig_cpu {
	struct vmx_cpu vmx;
	struct baseline base;
	const struct vmx_caps *caps;
	bool ready;
	const char *why;       /**< why not ready */
};

/** A pair measured: the boot CPU and @p other, and how close they are. */
struct mig_pair {
	unsigned other;
	enum topo_relation rel;
};

struct mig_suite {
	const struct suite_ctx *ctx;
	struct vmx_caps caps;
	struct topo_levels topo;
	struct mig_cpu cpu[CPU_MAX];
	unsigned ncpu;             /**< CPUs online */
	struct mig_pair pair[MIG_PAIR_MAX];
	unsigned npair;
	struct case_writer *cases;
	uint32_t wenc[256];        /**< writable fields this CPU supports (FULL encodings) */
	unsigned nw;
	uint64_t pool_pa[MIG_POOL];      /**< VMCSs the cost part moves */
	uint64_t shadow_pa[MIG_POOL];    /**< shadow VMCSs (0 without shadowing) */
	uint64_t ws_pa[MIG_WS_MAX];      /**< working-set sweep */
	uint64_t check_pa;               /**< the integrity and protocol VMCS */
	uint8_t *rbm, *wbm;              /**< VMREAD/VMWRITE bitmaps of a linking VMCS (shadowing only) */
	uint32_t host_diff[MIG_HOST_MAX]; /**< host fields whose baseline value differs between CPUs */
	unsigned nhost_diff;
};

/* migrate_vmcs.c: run on the CPU named (through run_on where it is not this one). */

/**
 * On CPU @p cpu: VMPTRLD @p pa, write @p cpu's own baseline (its host
 * state), VMLAUNCH when @p launch (the guest VMCALLs back at once), then
 * rewrite the first @p k writable fields (mig_touch), VMCLEAR when @p clear.
 * @return 0, or -1 with *why set
 */
int mig_prepare(struct mig_suite *s, unsigned cpu, uint64_t pa, unsigned k, bool launch,
		bool clear, const char **why);
/**
 * On CPU @p cpu: VMPTRLD @p pa, write that CPU's baseline, link the shadow
 * VMCS @p shadow_pa (VMCS shadowing on, link pointer) and VMLAUNCH, so the
 * VM entry makes the shadow VMCS active on that CPU (§24.10, §26.3.1.5);
 * then VMCLEAR the shadow and @p pa when @p clear.
 * @return 0, or -1 with *why set
 */
int mig_prepare_linked(struct mig_suite *s, unsigned cpu, uint64_t pa, uint64_t shadow_pa,
		       bool clear, const char **why);
/** Rewrite in the current VMCS the host fields whose values differ on CPU @p cpu. @return VMWRITEs failed */
unsigned mig_host_rewrite(struct mig_suite *s, unsigned cpu);
/** Write the first @p k writable fields with the value they hold (a dirtying write). @return failures */
unsigned mig_touch(struct mig_suite *s, unsigned k);
/** A `case` SKIP "<prefix>.<name>" (§24.11.1) for a figure that could not be taken, with @p why. */
void mig_skip(struct mig_suite *s, const char *prefix, const char *name, const char *desc,
	      const char *why);
/** On CPU @p cpu: VMCLEAR @p pa. @return the outcome's result, or -1 when run_on failed */
int mig_clear_on(unsigned cpu, uint64_t pa);

void mig_cost_run(struct mig_suite *s);
void mig_check_run(struct mig_suite *s);
void mig_xcpu_run(struct mig_suite *s);

#endif
