/** @file
 * TSC calibration against the PIT (see pit.h).
 */
#include "platform/cpu.h"
#include "platform/pit.h"

static inline uint64_t rdtsc_plain(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

uint64_t pit_tsc_hz(void)
{
	const uint16_t latch = (uint16_t)(PIT_HZ / 20); /* 59659 ticks = 50.0 ms */
	uint64_t t0, t1, loops = 0;
	uint8_t p61 = inb(0x61);

	outb(0x61, (uint8_t)((p61 & ~0x02) | 0x01)); /* speaker off, gate 2 on */
	outb(0x43, 0xb0);                             /* ch 2, lo/hi byte, mode 0 */
	outb(0x42, (uint8_t)latch);
	outb(0x42, (uint8_t)(latch >> 8));
	t0 = rdtsc_plain();
	for (;;) {
		t1 = rdtsc_plain();
		if (inb(0x61) & 0x20) /* OUT2 went high: terminal count */
			break;
		/* A gated-off PIT never expires: give up after ~2^33 ticks. */
		if (t1 - t0 > (1ull << 33) || ++loops > 100000000ull) {
			outb(0x61, p61);
			return 0;
		}
	}
	outb(0x61, p61);
	return (t1 - t0) * PIT_HZ / latch;
}

void pit_delay_us(uint32_t us)
{
	uint32_t ticks = (uint32_t)((uint64_t)us * PIT_HZ / 1000000u) + 1;
	uint8_t p61 = inb(0x61);

	if (ticks > 0xffff)
		ticks = 0xffff;
	outb(0x61, (uint8_t)((p61 & ~0x02) | 0x01)); /* speaker off, gate 2 on */
	outb(0x43, 0xb0);                             /* ch 2, lo/hi byte, mode 0 */
	outb(0x42, (uint8_t)ticks);
	outb(0x42, (uint8_t)(ticks >> 8));
	/* bounded: a gated-off PIT never reaches terminal count */
	for (uint32_t spin = 0; spin < 50000000u && !(inb(0x61) & 0x20); spin++)
		;
	outb(0x61, p61);
}
