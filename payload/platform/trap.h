/** @file
 * Catching exceptions: probes that turn a fault into an error return, and a
 * guard that contains a whole suite.
 *
 * Contexts nest (per CPU): the innermost active trap_call() catches. With no
 * trap_call active an exception is reported on the console and the CPU halts.
 */
#ifndef VMXB_PLATFORM_TRAP_H
#define VMXB_PLATFORM_TRAP_H

#include <stdint.h>

/** Returned by the functions below when nothing faulted. */
#define FAULT_NONE (-1)

struct fault {
	int vector;        /**< exception vector 0..31 */
	uint64_t error;    /**< error code, 0 when the vector pushes none */
	uint64_t rip;      /**< faulting RIP */
	uint64_t cr2;      /**< CR2 for #PF, else 0 */
};

/**
 * Run fn(arg). If an exception hits anywhere inside it, unwind to here
 * (callee-saved registers and stack restored, like longjmp) and return.
 * @p f may be NULL.
 * @return FAULT_NONE if fn returned normally, else the vector.
 */
int trap_call(void (*fn)(void *arg), void *arg, struct fault *f);

/** RDMSR/WRMSR that return FAULT_NONE or the vector (#GP = 13) instead of dying. */
int rdmsr_safe(uint32_t msr, uint64_t *val);
int wrmsr_safe(uint32_t msr, uint64_t val);

/**
 * Install GDT, TSS (with IST stacks for #DF/#NMI/#MC) and IDT on this CPU.
 * The first call (BSP) gets CPU index 0, each AP calling it later the next
 * index (platform/desc.h cpu_index()); a second call on a CPU only reloads
 * the IDT.
 */
void trap_init_cpu(void);

/** Called for an exception with no trap_call() active, before the CPU halts. */
typedef void (*trap_fatal_fn)(const struct fault *f);
void trap_set_fatal_handler(trap_fatal_fn fn);

/** Handles an interrupt (vector >= 32) that arrived: e.g. sends the EOI. */
typedef void (*trap_irq_fn)(void);
/** Call @p fn when interrupt @p vector (32..255) arrives, instead of counting it as stray. */
void trap_set_irq_handler(unsigned vector, trap_irq_fn fn);

#endif
