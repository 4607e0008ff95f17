/** @file
 * Switching between the payload's CPU state and the firmware's (see fw.h).
 *
 * Why the selectors matter: an interrupt taken while in firmware state
 * pushes the CS the CPU runs with and the firmware's handler IRETs to it,
 * so CS must name a 64-bit code descriptor in the firmware's GDT: the code
 * reloads CS (and DS, ES, SS) with the firmware's own selectors. The task
 * register is left alone: no firmware handler uses it here, and TR must
 * keep naming this CPU's TSS (cpu_index(), platform/desc.h).
 */
#include "platform/cpu.h"
#include "platform/desc.h"
#include "platform/fw.h"

struct cpu_state {
	struct desc_ptr gdt, idt;
	uint64_t cr3;
	uint16_t cs, ds, ss;
};

static const struct fw_ops *fw_ops;
static struct cpu_state fw_state, payload_state;
static bool entered;

static void state_save(struct cpu_state *s)
{
	__asm__ volatile("sgdt %0\n\tsidt %1" : "=m"(s->gdt), "=m"(s->idt));
	s->cr3 = read_cr3();
	__asm__ volatile("mov %%cs, %0\n\tmov %%ds, %1\n\tmov %%ss, %2"
			 : "=r"(s->cs), "=r"(s->ds), "=r"(s->ss));
}

/* Load @p s: the GDT first, then CS through a far return, then the data
 * segments, the IDT and CR3 (both maps are identity maps of this code). */
static void state_load(const struct cpu_state *s)
{
	__asm__ volatile("lgdt %0\n\t"
			 "movzwq %1, %%rax\n\t"
			 "pushq %%rax\n\t"
			 "leaq 1f(%%rip), %%rax\n\t"
			 "pushq %%rax\n\t"
			 "lretq\n"
			 "1:\n\t"
			 "mov %2, %%ds\n\t"
			 "mov %2, %%es\n\t"
			 "mov %3, %%ss\n\t"
			 "lidt %4"
			 :
			 : "m"(s->gdt), "m"(s->cs), "r"(s->ds), "r"(s->ss), "m"(s->idt)
			 : "rax", "memory");
	write_cr3(s->cr3);
}

void fw_capture(const struct fw_ops *ops)
{
	state_save(&fw_state);
	fw_ops = ops;
}

bool fw_present(void)
{
	return fw_ops != NULL;
}

bool fw_enter(void)
{
	if (!fw_ops || entered || cpu_index() != 0)
		return false;
	cli();
	state_save(&payload_state);
	state_load(&fw_state);
	entered = true;
	sti();
	return true;
}

void fw_leave(void)
{
	if (!entered)
		return;
	cli();
	state_load(&payload_state);
	entered = false;
}

/* Enter the firmware unless already there (a hook that prints, say).
 * @return true when in the firmware's state now; *must_leave says whether
 * this call entered it (and so must leave it). */
static bool enter_once(bool *must_leave)
{
	*must_leave = false;
	if (!fw_ops)
		return false;
	if (entered)
		return cpu_index() == 0;
	*must_leave = fw_enter();
	return *must_leave;
}

bool fw_text(const char *s, size_t n)
{
	bool leave;

	if (!fw_ops || !fw_ops->text || !enter_once(&leave))
		return false;
	fw_ops->text(s, n);
	if (leave)
		fw_leave();
	return true;
}

void fw_status(const struct run_status *st)
{
	bool leave;

	if (!fw_ops || !fw_ops->status || !enter_once(&leave))
		return;
	fw_ops->status(st);
	if (leave)
		fw_leave();
}

void fw_return(int status)
{
	bool leave;

	if (!fw_ops || !fw_ops->leave_payload || !enter_once(&leave))
		return;
	fw_ops->leave_payload(status); /* does not return */
}
