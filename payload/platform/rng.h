/** @file
 * Entropy for the upload session id: RDRAND when CPUID says so, else a
 * mix of what differs between boots (the caller hashes it).
 */
#ifndef VMXB_PLATFORM_RNG_H
#define VMXB_PLATFORM_RNG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** Fill @p out with 8 random bytes from RDRAND; false when absent or failing. */
bool rng_rdrand64(uint64_t *out);

/** The TSC now (unserialized: only for mixing into entropy). */
uint64_t rng_tsc(void);

#endif
