/** @file
 * Page allocator: a bump allocator over a static pool in BSS (identity
 * mapped, write-back). Never frees, never overruns: NULL when exhausted.
 */
#include <stdint.h>
#include <string.h>
#include "platform/mem.h"
#include "platform/spinlock.h"

#define MEM_POOL_PAGES 2560 /* 10 MiB */

/* .bss.noclear: pages_alloc() clears what it hands out, so the Multiboot start
 * need not clear 10 MiB first (payload/link.ld; slow under Bochs). */
static uint8_t pool[MEM_POOL_PAGES][PAGE_SIZE]
	__attribute__((aligned(PAGE_SIZE), section(".bss.noclear")));
static size_t pool_used;

static struct spinlock pool_lock; /* APs may allocate too */

void *pages_alloc(size_t n)
{
	void *p;

	spin_lock(&pool_lock);
	if (n == 0 || n > MEM_POOL_PAGES - pool_used) {
		spin_unlock(&pool_lock);
		return NULL;
	}
	p = pool[pool_used];
	pool_used += n;
	spin_unlock(&pool_lock);
	memset(p, 0, n * PAGE_SIZE);
	return p;
}

void *page_alloc(void)
{
	return pages_alloc(1);
}
