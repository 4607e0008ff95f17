/** @file
 * A spinlock for the few things several CPUs share (record writer, console,
 * page allocator). It remembers its owner so that the owner may take it
 * again: an exception that unwinds through trap_call() (or the fatal path)
 * can abandon a record half built, and the same CPU's next record must not
 * wait for itself forever. Never held across a timed measurement.
 */
#ifndef VMXB_PLATFORM_SPINLOCK_H
#define VMXB_PLATFORM_SPINLOCK_H

#include <stdbool.h>
#include "platform/desc.h"

struct spinlock {
	volatile int owner; /**< cpu_index() + 1 of the holder, 0: free */
};

/** Take @p l; returns at once when this CPU already holds it. */
static inline void spin_lock(struct spinlock *l)
{
	int me = (int)cpu_index() + 1, free = 0;

	if (l->owner == me)
		return;
	while (!__atomic_compare_exchange_n(&l->owner, &free, me, false, __ATOMIC_ACQUIRE,
					    __ATOMIC_RELAXED)) {
		free = 0;
		__asm__ volatile("pause");
	}
}

static inline void spin_unlock(struct spinlock *l)
{
	__atomic_store_n(&l->owner, 0, __ATOMIC_RELEASE);
}

#endif
