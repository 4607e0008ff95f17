/** @file
 * The two-CPU hand-off's spinning halves (see handoff.h).
 */
#include "platform/handoff.h"
#include "platform/trap.h"

/* about 3 s of PAUSE on silicon, a few seconds under Bochs */
#define HANDOFF_SPINS (1u << 26)

void handoff_serve(void *p)
{
	struct handoff *h = p;
	uint32_t done = h->ack;

	for (uint32_t idle = 0; idle < HANDOFF_SPINS; idle++) {
		uint32_t seq = __atomic_load_n(&h->seq, __ATOMIC_ACQUIRE);
		uint32_t cmd;

		if (seq == done) {
			__asm__ volatile("pause");
			continue;
		}
		cmd = h->cmd;
		if (cmd == HO_CALL)
			h->fault = trap_call(h->fn, h->arg, 0);
		h->tb = handoff_rdtsc();
		done = seq;
		__atomic_store_n(&h->ack, seq, __ATOMIC_RELEASE);
		if (cmd == HO_STOP)
			return;
		idle = 0;
	}
}

int handoff_post(struct handoff *h, enum handoff_cmd cmd, void (*fn)(void *), void *arg,
		 struct handoff_ping *ping)
{
	uint32_t seq = h->seq + 1;
	uint64_t t0;

	h->cmd = cmd;
	h->fn = fn;
	h->arg = arg;
	t0 = handoff_rdtsc();
	__atomic_store_n(&h->seq, seq, __ATOMIC_RELEASE);
	for (uint32_t spin = 0; spin < HANDOFF_SPINS; spin++) {
		if (__atomic_load_n(&h->ack, __ATOMIC_ACQUIRE) == seq) {
			if (ping) {
				ping->t1 = handoff_rdtsc();
				ping->t0 = t0;
				ping->tb = h->tb;
			}
			return 0;
		}
		__asm__ volatile("pause");
	}
	return -1;
}
