/** @file
 * The hazard suite (docs/migrate-suite.md, "Hazard probes"): what SDM
 * Vol. 3C §24.11.1 leaves to the implementation, recorded as observations
 * (`hazard` records), never verdicts. Opt-in: runs only with suites=hazard.
 *
 * Files: hazard.c (VMX on, records, teardown, registration),
 * hazard_probes.c (the three probes).
 */
#ifndef VMXB_SUITES_HAZARD_H
#define VMXB_SUITES_HAZARD_H

#include <stdbool.h>
#include <stdint.h>
#include "record/record.h"
#include "suites/suite.h"
#include "vmx/caps.h"
#include "vmx/vmxon.h"

/** The field every probe writes: natural width, no VM-entry checks matter here. */
#define HZ_FIELD GUEST_RIP
#define HZ_FIELD_NAME "GUEST_RIP"

struct hz_suite {
	const struct suite_ctx *ctx;
	struct vmx_caps caps;
	struct vmx_cpu cpu[2];   /**< the boot CPU (A) and CPU 1 (B) */
	unsigned ncpu;           /**< CPUs online */
	const char *why;         /**< why the boot CPU has no VMX operation (every probe skips) */
	uint8_t *region;         /**< the VMCS probes 1 and 2 use */
	long off;                /**< where probe 1 found its pattern in the region, -1: nowhere */
	unsigned observed, skipped;
};

/* hazard.c */

/** Start a `hazard` record: probe, sdm, observed, emulated; the caller adds values and closes. */
struct rec *hz_rec(struct hz_suite *s, const char *probe, const char *observed);
/** A `hazard` record for a probe that did not run, with the reason. */
void hz_skip(struct hz_suite *s, const char *probe, const char *reason);
/** A fresh VMCS region, VMCLEARed once (§24.11.3). NULL when out of pages. */
uint8_t *hz_region(struct hz_suite *s);

/* hazard_probes.c, in this order (2 uses the offset 1 found) */
void hz_probe_visible(struct hz_suite *s);
void hz_probe_memory_change(struct hz_suite *s);
void hz_probe_two_cpus(struct hz_suite *s);

#endif
