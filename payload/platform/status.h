/** @file
 * The run's progress as a person at the machine sees it (a screen without
 * serial, as memtest86+ shows one): the suite running, cases done and their
 * verdicts. Kept by the core, drawn by the firmware (fw.h) when the boot
 * path has one; on Multiboot only the serial lines tell it.
 */
#ifndef VMXB_PLATFORM_STATUS_H
#define VMXB_PLATFORM_STATUS_H

#include <stdint.h>

/** Verdict counters, in the order of suites/verdict.h's list. */
#define STATUS_VERDICTS 3

struct run_status {
	const char *boot;         /**< boot path */
	const char *suite;        /**< suite running, "" between suites */
	const char *state;        /**< "running", "done", "aborted" */
	unsigned suites_done;
	unsigned cases;           /**< case records so far, all suites */
	unsigned verdict[STATUS_VERDICTS]; /**< PASS, DEVIATION, SKIP */
	unsigned exceptions;
	uint32_t records;
};

/** Start of run. */
void status_begin(const char *boot);
/** A suite starts (@p name) or ends (NULL, @p aborted). */
void status_suite(const char *name, int aborted);
/** One case record with verdict index @p v (redraws every few cases). */
void status_case(unsigned v);
/** The run ended. */
void status_end(int aborted, uint32_t records);

#endif
