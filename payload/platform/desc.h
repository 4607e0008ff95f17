/** @file
 * Descriptor tables of the payload (platform/gdt.c, platform/trap.c): the
 * selectors every layer may need (VMX host state, guests on the same GDT).
 *
 * One GDT is shared by all CPUs; each CPU has its own TSS descriptor, so the
 * task register (STR) tells which CPU runs: cpu_index() is derived from it,
 * never from GS (a segment load would clear GS base) or CPUID (it exits in
 * VMX non-root). VMX code must restore TR (host TR selector = str()) and the
 * GDT/IDT bases on VM exit for cpu_index() and trap_call() to keep working.
 */
#ifndef VMXB_PLATFORM_DESC_H
#define VMXB_PLATFORM_DESC_H

#include <stdbool.h>
#include <stdint.h>

#define SEL_CODE64 0x08
#define SEL_DATA 0x10
#define SEL_CODE32 0x18
/** TSS selector of CPU @p i (16-byte system descriptors). */
#define SEL_TSS(i) (0x20 + 16 * (i))

/** CPUs the descriptor tables have room for. */
#define CPU_MAX 8

/** IST slots (1-based as in the IDT gate). */
#define IST_DF 1
#define IST_NMI 2
#define IST_MC 3
#define IST_STACK_SIZE 16384

struct desc_ptr {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

static inline uint16_t str(void)
{
	uint16_t sel;

	__asm__ volatile("str %0" : "=r"(sel));
	return sel;
}

/** Index (0..CPU_MAX-1) of this CPU, assigned by trap_init_cpu(); 0 before. */
static inline unsigned cpu_index(void)
{
	uint16_t tr = str();

	unsigned i = tr >= SEL_TSS(0) ? (unsigned)(tr - SEL_TSS(0)) / 16 : 0;

	return i < CPU_MAX ? i : 0;
}

/** True once this CPU runs on the payload's GDT (trap_init_cpu() done). */
bool gdt_is_loaded(void);
/** Load the shared GDT and this CPU's TSS (index @p cpu); reloads CS/DS/SS. */
void gdt_init_cpu(unsigned cpu);
/** Base of CPU @p cpu's TSS (for VMX host TR base). */
uint64_t gdt_tss_base(unsigned cpu);

#endif
