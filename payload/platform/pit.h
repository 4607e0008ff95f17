/** @file
 * The 8254 PIT as a clock to calibrate the TSC against, where CPUID does not
 * give the TSC frequency.
 */
#ifndef VMXB_PLATFORM_PIT_H
#define VMXB_PLATFORM_PIT_H

#include <stdint.h>

#define PIT_HZ 1193182u

/**
 * TSC ticks per second, counted over a ~50 ms one-shot of PIT channel 2
 * (gated through port 0x61, no IRQ needed). @return 0 when the PIT never
 * expires (gated off, absent).
 */
uint64_t pit_tsc_hz(void);

/** Wait at least @p us microseconds (at most 50 ms a call) on PIT channel 2, no IRQ. */
void pit_delay_us(uint32_t us);

#endif
