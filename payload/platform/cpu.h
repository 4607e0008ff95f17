/** @file
 * Thin inline wrappers for the x86 instructions every layer uses.
 * Faulting variants (rdmsr_safe, ...) live in platform/trap.h.
 */
#ifndef VMXB_PLATFORM_CPU_H
#define VMXB_PLATFORM_CPU_H

#include <stdint.h>

struct cpuid_regs {
	uint32_t eax, ebx, ecx, edx;
};

static inline struct cpuid_regs cpuid(uint32_t leaf, uint32_t sub)
{
	struct cpuid_regs r;

	__asm__ volatile("cpuid"
			 : "=a"(r.eax), "=b"(r.ebx), "=c"(r.ecx), "=d"(r.edx)
			 : "a"(leaf), "c"(sub));
	return r;
}

/** cpuid() as r[0..3] = EAX, EBX, ECX, EDX: the layout the pure decoders take. */
static inline void cpuid_array(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	struct cpuid_regs c = cpuid(leaf, sub);

	r[0] = c.eax;
	r[1] = c.ebx;
	r[2] = c.ecx;
	r[3] = c.edx;
}

static inline uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;

	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((uint64_t)hi << 32) | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t val)
{
	__asm__ volatile("wrmsr" ::"c"(msr), "a"((uint32_t)val), "d"((uint32_t)(val >> 32))
			 : "memory");
}

#define CPU_CR_ACCESSORS(n)                                                  \
	static inline uint64_t read_cr##n(void)                              \
	{                                                                    \
		uint64_t v;                                                  \
		__asm__ volatile("mov %%cr" #n ", %0" : "=r"(v));            \
		return v;                                                    \
	}                                                                    \
	static inline void write_cr##n(uint64_t v)                           \
	{                                                                    \
		__asm__ volatile("mov %0, %%cr" #n ::"r"(v) : "memory");     \
	}
CPU_CR_ACCESSORS(0)
CPU_CR_ACCESSORS(2)
CPU_CR_ACCESSORS(3)
CPU_CR_ACCESSORS(4)
#undef CPU_CR_ACCESSORS

static inline uint64_t read_rflags(void)
{
	uint64_t v;

	__asm__ volatile("pushfq; popq %0" : "=r"(v));
	return v;
}

static inline void outb(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" ::"a"(v), "Nd"(port));
}

static inline void outw(uint16_t port, uint16_t v)
{
	__asm__ volatile("outw %0, %1" ::"a"(v), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;

	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline void cpu_relax(void)
{
	__asm__ volatile("pause" ::: "memory");
}

static inline void cli(void) { __asm__ volatile("cli" ::: "memory"); }
static inline void sti(void) { __asm__ volatile("sti" ::: "memory"); }
static inline void hlt(void) { __asm__ volatile("hlt" ::: "memory"); }

/* Architectural MSRs used across layers (SDM Vol. 4). */
#define MSR_IA32_FEATURE_CONTROL 0x3a
#define MSR_IA32_BIOS_SIGN_ID 0x8b
#define MSR_IA32_SMI_COUNT 0x34
#define MSR_IA32_EFER 0xc0000080
#define MSR_IA32_PAT 0x277
#define MSR_FS_BASE 0xc0000100
#define MSR_GS_BASE 0xc0000101

/* CR0 and CR4 bits (SDM Vol. 3A §2.5 "Control Registers"); 64-bit so that
 * ~CR0_PG keeps the register's upper half. */
#define CR0_PE (1ull << 0)
#define CR0_NE (1ull << 5)
#define CR0_WP (1ull << 16)
#define CR0_PG (1ull << 31)
#define CR4_PAE (1ull << 5)
#define CR4_VMXE (1ull << 13)
#define CR4_PCIDE (1ull << 17)
#define CR4_CET (1ull << 23)

/* IA32_EFER bits (SDM Vol. 3A §2.2.1 "Extended Feature Enable Register"). */
#define EFER_LME (1ull << 8)
#define EFER_LMA (1ull << 10)

#endif
