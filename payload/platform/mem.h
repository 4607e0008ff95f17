/** @file
 * Page allocator for VMX regions and guest structures: a bump allocator
 * over a static, identity-mapped pool. Pages are never freed; suites reuse
 * what they allocated.
 */
#ifndef VMXB_PLATFORM_MEM_H
#define VMXB_PLATFORM_MEM_H

#include <stddef.h>
#include <stdint.h>

#define PAGE_SIZE 4096

/** A zeroed, 4 KiB-aligned page; NULL when the pool is exhausted. */
void *page_alloc(void);
/** @p n contiguous zeroed pages. */
void *pages_alloc(size_t n);

/** Physical address of a payload pointer (identity mapped). */
static inline uint64_t virt_to_phys(const void *p) { return (uint64_t)(uintptr_t)p; }

#endif
