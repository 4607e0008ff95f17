/** @file
 * IDT, exception dispatch and trap_call() contexts (see trap.h).
 *
 * Each CPU has a stack of active trap_call() contexts (trap_cpus[cpu_index()],
 * cpu_index() comes from the task register, platform/desc.h). An exception
 * with a context active records the fault, pops the context and IRETs to
 * trap_landing (isr.S), which makes that trap_call() return the vector.
 * Returning through IRET (not jumping out of the handler) also ends NMI
 * blocking. Without a context the fault is fatal: the handler set by
 * trap_set_fatal_handler() reports it, then the CPU halts.
 */
#include <stdint.h>
#include "platform/console.h"
#include "platform/cpu.h"
#include "platform/desc.h"
#include "platform/trap.h"

/* What isr_common pushed, lowest address first. */
struct trap_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error;
	uint64_t rip, cs, rflags, rsp, ss; /* pushed by the CPU */
};

/* Lives on trap_call()'s stack (isr.S: CTX_SIZE). */
struct trap_ctx {
	struct trap_ctx *prev;
	struct fault *f;
	uint64_t pad[5]; /* 56 bytes keeps the call to fn 16-byte aligned */
};
_Static_assert(sizeof(struct trap_ctx) == 56, "isr.S CTX_SIZE");

struct trap_cpu {
	struct trap_ctx *top;
	uint64_t spurious;
} __attribute__((aligned(64)));

struct idt_gate {
	uint16_t off0;
	uint16_t sel;
	uint8_t ist;
	uint8_t type;
	uint16_t off1;
	uint32_t off2;
	uint32_t reserved;
};

extern const char isr_stubs[], isr_stubs_end[], trap_landing[];

void trap_dispatch(struct trap_frame *fr);
void trap_ctx_push(struct trap_ctx *c, struct fault *f);
void trap_ctx_pop(struct trap_ctx *c);

static struct idt_gate idt[256] __attribute__((aligned(16)));
static struct trap_cpu trap_cpus[CPU_MAX];
static unsigned cpus_up;
static trap_fatal_fn fatal_fn;
static trap_irq_fn irq_fn[256];
static volatile int in_fatal;

void trap_ctx_push(struct trap_ctx *c, struct fault *f)
{
	struct trap_cpu *tc = &trap_cpus[cpu_index()];

	c->f = f;
	c->prev = tc->top;
	tc->top = c;
}

void trap_ctx_pop(struct trap_ctx *c)
{
	trap_cpus[cpu_index()].top = c->prev;
}

void trap_set_irq_handler(unsigned vector, trap_irq_fn fn)
{
	if (vector >= 32 && vector < 256)
		irq_fn[vector] = fn;
}

void trap_set_fatal_handler(trap_fatal_fn fn)
{
	fatal_fn = fn;
}

static void __attribute__((noreturn)) trap_fatal(const struct fault *f)
{
	if (!in_fatal) {
		in_fatal = 1;
		if (fatal_fn)
			fatal_fn(f); /* normally does not return */
		con_printf("vmxbench: exception vector=%d error=%lx rip=%lx cr2=%lx: halted\n",
			   f->vector, f->error, f->rip, f->cr2);
	}
	for (;;) {
		cli();
		hlt();
	}
}

void trap_dispatch(struct trap_frame *fr)
{
	struct trap_cpu *tc = &trap_cpus[cpu_index()];
	struct trap_ctx *c = tc->top;
	struct fault f;

	if (fr->vector >= 32) {
		/* INT n, a stray interrupt, or one a layer above asked for (the IPI
		 * that wakes an idle AP, smp.c): nothing to unwind */
		if (irq_fn[fr->vector])
			irq_fn[fr->vector]();
		else
			tc->spurious++;
		return;
	}
	f.vector = (int)fr->vector;
	f.error = fr->error;
	f.rip = fr->rip;
	f.cr2 = fr->vector == 14 ? read_cr2() : 0;
	if (!c)
		trap_fatal(&f);

	tc->top = c->prev;
	if (c->f)
		*c->f = f;
	fr->rip = (uint64_t)(uintptr_t)trap_landing;
	fr->cs = SEL_CODE64;
	fr->rflags = 0x2; /* IF=0, DF=0 */
	fr->rsp = (uint64_t)(uintptr_t)c;
	fr->ss = SEL_DATA;
	fr->rax = (uint64_t)(uint32_t)f.vector;
}

static void idt_set(unsigned v, uint8_t ist)
{
	uint64_t a = (uint64_t)(uintptr_t)isr_stubs + 16 * v;

	idt[v] = (struct idt_gate){
		.off0 = (uint16_t)a,
		.sel = SEL_CODE64,
		.ist = ist,
		.type = 0x8e, /* present, DPL0, 64-bit interrupt gate */
		.off1 = (uint16_t)(a >> 16),
		.off2 = (uint32_t)(a >> 32),
	};
}

void trap_init_cpu(void)
{
	struct desc_ptr p = { sizeof(idt) - 1, (uint64_t)(uintptr_t)idt };

	/* A CPU already on our GDT has its index (its TSS selector in TR).
	 * A loader's TR means nothing: only our GDT says the CPU is set up. */
	if (!gdt_is_loaded()) {
		unsigned cpu = __atomic_fetch_add(&cpus_up, 1, __ATOMIC_SEQ_CST);

		if (cpu >= CPU_MAX)
			for (;;)
				hlt();
		if (cpu == 0) {
			for (unsigned v = 0; v < 256; v++)
				idt_set(v, 0);
			idt_set(2, IST_NMI);
			idt_set(8, IST_DF);
			idt_set(18, IST_MC);
		}
		gdt_init_cpu(cpu);
	}
	__asm__ volatile("lidt %0" ::"m"(p) : "memory");
}

struct msr_op {
	uint32_t msr;
	uint64_t val;
};

static void do_rdmsr(void *arg)
{
	struct msr_op *op = arg;

	op->val = rdmsr(op->msr);
}

static void do_wrmsr(void *arg)
{
	struct msr_op *op = arg;

	wrmsr(op->msr, op->val);
}

int rdmsr_safe(uint32_t msr, uint64_t *val)
{
	struct msr_op op = { msr, 0 };
	int rc = trap_call(do_rdmsr, &op, NULL);

	*val = rc == FAULT_NONE ? op.val : 0;
	return rc;
}

int wrmsr_safe(uint32_t msr, uint64_t val)
{
	struct msr_op op = { msr, val };

	return trap_call(do_wrmsr, &op, NULL);
}
