/** @file
 * A suite: a named set of checks the payload can run (suites=NAME,...).
 *
 * Each suite registers itself at the bottom of its own file:
 *
 *     SUITE(caps, 20) = { .name = "caps", .summary = "...", .run = caps_run };
 *
 * The number orders the run (suites= selects, it does not reorder):
 * self-tests first (01..09; they run only when named, so a run that asks for
 * one also shows the real suites still running after a contained fault),
 * then the suites (10..98). An opt-in suite (.opt_in, e.g. hazard) also
 * runs only when named: it does what the SDM says not to do.
 */
#ifndef VMXB_SUITES_SUITE_H
#define VMXB_SUITES_SUITE_H

#include <stdbool.h>
#include "lib/table.h"
#include <stdint.h>
#include <string.h>
#include "measure/timing.h"

struct boot_info;
struct cpu_local;

/** What a suite runs with (from the command line and the boot path). */
struct suite_ctx {
	uint32_t samples;             /**< samples=N: measurement samples per timed case */
	const char *emulator;         /**< the emulator named (emulator=) or recognised, "" on silicon */
	const struct boot_info *boot; /**< what the boot path found (ACPI, SMBIOS, ...) */
	struct cpu_local *cpu;        /**< the CPU running the suite */
	bool migrate_all;             /**< migrate=all: every CPU paired with the boot CPU */
};

/** Runs under Bochs (named or recognised): some cases would stop the emulator. */
static inline bool suite_on_bochs(const struct suite_ctx *ctx)
{
	return !strncmp(ctx->emulator, "bochs", 5);
}

struct suite {
	const char *name;
	const char *summary;
	bool selftest; /**< runs only when named in suites= ("all" leaves it out) */
	bool opt_in;   /**< not a self-test, but also runs only when named ("all" leaves it out) */
	/** Emit the suite's records. Exceptions escaping it abort the suite only. */
	void (*run)(const struct suite_ctx *ctx);
	/**
	 * Optional: undo what run() set up; called after run(), after an abort
	 * too. Afterwards the runner leaves VMX operation on this CPU if the
	 * suite did not (VMCLEAR of the current VMCS, VMXOFF).
	 */
	void (*teardown)(const struct suite_ctx *ctx);
};

/** A measurement set-up from the command line: samples=N and the emulator (timing.h). */
static inline void meas_cfg_for(struct meas_cfg *cfg, const struct suite_ctx *ctx, uint32_t reps)
{
	meas_cfg_init(cfg, ctx->samples, ctx->emulator[0] != 0, reps);
}

/** Register suite @p sym (a struct suite defined right after) at run position @p order. */
#define SUITE(sym, order)                                                              \
	static const struct suite suite_##sym;                                         \
	static const struct suite *const suite_##sym##_entry TABLE_ENTRY(suite, order) = \
		&suite_##sym;                                                          \
	static const struct suite suite_##sym

/** Walk the suites in run order: @p s is a `const struct suite *const *`. */
#define for_each_suite(s) for_each_table_entry(s, const struct suite *const, suite)

/**
 * Name the case now running (NULL: none), so an unexpected exception's
 * record says "where":"suite/case". The runner clears it between suites.
 */
void suite_set_case(const char *id);

/** The case now running on this CPU, NULL when none. */
const char *suite_case(void);

#endif
