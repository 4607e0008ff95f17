/** @file
 * A tight two-CPU hand-off for measurements: one cache line both CPUs spin
 * on with PAUSE. The other CPU runs handoff_serve() (posted with
 * run_start(), so it spins instead of sleeping in HLT); this CPU posts
 * commands with handoff_call() and sees the answer as soon as the line comes
 * back, without an IPI or the run_on() mailbox in the path.
 *
 * Each CPU reads only its own TSC; handoff_tsc_offset() estimates the
 * difference between the two (the round trip with the smallest delay
 * bounds it) so that a latency from one CPU's TSC to the other's can be
 * stated, with the offset and its uncertainty recorded beside it.
 */
#ifndef VMXB_PLATFORM_HANDOFF_H
#define VMXB_PLATFORM_HANDOFF_H

#include <stdbool.h>
#include <stdint.h>

/** One exchange seen from the initiator: its TSC before and after, the server's in between. */
struct handoff_ping {
	uint64_t t0, t1;   /**< initiator's TSC: command posted, answer seen */
	uint64_t tb;       /**< server's TSC when it answered */
};

/**
 * Estimate (server TSC − initiator TSC) from @p n exchanges: the one with
 * the shortest round trip, offset = tb − (t0 + t1) / 2, uncertainty ±
 * (t1 − t0) / 2 (the answer happened somewhere inside the round trip).
 * Pure. @return false when @p n is 0 or no exchange is ordered (t1 < t0).
 */
bool handoff_tsc_offset(const struct handoff_ping *p, unsigned n, int64_t *offset,
			uint64_t *uncertainty);

/* ---- hardware half (handoff.c) ---- */

enum handoff_cmd { HO_IDLE, HO_PING, HO_CALL, HO_STOP };

/** The shared line. Written by the initiator (cmd, fn, arg, seq), answered by the server (ack, tb). */
struct handoff {
	volatile uint32_t seq;     /**< command number, bumped by the initiator */
	volatile uint32_t ack;     /**< last command number the server finished */
	volatile uint32_t cmd;
	volatile uint64_t tb;      /**< server's TSC read after it did the command */
	void (*volatile fn)(void *);
	void *volatile arg;
	volatile int fault;        /**< trap_call() result of the last HO_CALL */
} __attribute__((aligned(64)));

/** LFENCE-fenced TSC read (the loads before it are done; nothing after starts early). */
static inline uint64_t handoff_rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("lfence\n\trdtsc\n\tlfence" : "=a"(lo), "=d"(hi) :: "memory");
	return ((uint64_t)hi << 32) | lo;
}

/**
 * Run on the other CPU through run_start(cpu, handoff_serve, h): spins on
 * @p h until HO_STOP, or until about 2^26 spins pass with no command (so a
 * lost initiator cannot keep it spinning for ever).
 */
void handoff_serve(void *h);
/**
 * Post @p cmd (with @p fn(@p arg) for HO_CALL) and spin until the server
 * finished it. @p ping (optional) gets the three TSC values.
 * @return 0, or -1 when no answer came within about 2^26 spins
 */
int handoff_post(struct handoff *h, enum handoff_cmd cmd, void (*fn)(void *), void *arg,
		 struct handoff_ping *ping);

#endif
