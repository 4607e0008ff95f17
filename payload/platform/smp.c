/** @file
 * AP start-up and run_on (see smp.h).
 *
 * Start-up follows the SDM's universal sequence (Vol. 3A §9.4.4.1): INIT
 * IPI, 10 ms, Startup IPI, 200 µs, a second Startup IPI if the AP has not
 * answered. The Startup IPI's vector is the page number of the trampoline
 * (ap_tramp.S), copied below 1 MiB. APs start one at a time: they share the
 * trampoline's data block.
 */
#include <string.h>

#include "platform/ap_tramp.h"
#include "platform/cpu.h"
#include "platform/lapic.h"
#include "platform/mem.h"
#include "platform/paging.h"
#include "platform/percpu.h"
#include "platform/pit.h"
#include "platform/smp.h"
#include "platform/trap.h"

/* Handed to a starting AP through the trampoline's argument. */
struct ap_boot {
	volatile unsigned alive; /* its cpu_index() + 1 once it runs C */
};

static unsigned online = 1;
static uint64_t tramp_base = AP_TRAMP_BASE;

void smp_set_trampoline(uint64_t page)
{
	if (page)
		tramp_base = page;
}

static void wait_for_work(struct cpu_local *me)
{
	for (;;) {
		struct fault f;
		uint32_t req;
		int v;

		cli();
		req = __atomic_load_n(&me->call_req, __ATOMIC_ACQUIRE);
		if (req == me->call_done) {
			/* STI's one-instruction shadow: a wake-up IPI that arrived
			 * since the check is taken after HLT starts, and ends it */
			__asm__ volatile("sti\n\thlt" ::: "memory");
			continue;
		}
		v = trap_call(me->call_fn, me->call_arg, &f);
		me->call_fault = v;
		__atomic_store_n(&me->call_done, req, __ATOMIC_RELEASE);
	}
}

/* 64-bit entry of an AP (the trampoline calls it on the AP's own stack). */
static void __attribute__((noreturn, used)) ap_main(uint64_t arg)
{
	struct ap_boot *boot = (struct ap_boot *)(uintptr_t)arg;
	struct cpu_local *me;

	trap_init_cpu(); /* our GDT, this CPU's TSS and index, the IDT */
	percpu_init();
	me = this_cpu();
	lapic_probe(&me->lapic);
	lapic_sw_enable(&me->lapic);
	me->apic_id = lapic_id(&me->lapic);
	__atomic_store_n(&me->online, true, __ATOMIC_RELEASE);
	__atomic_store_n(&boot->alive, cpu_index() + 1, __ATOMIC_RELEASE);
	wait_for_work(me);
	for (;;)
		hlt();
}

/* Poll @p boot for up to @p ms milliseconds. */
static bool wait_alive(struct ap_boot *boot, unsigned ms)
{
	for (unsigned t = 0; t < ms * 10; t++) {
		if (__atomic_load_n(&boot->alive, __ATOMIC_ACQUIRE))
			return true;
		pit_delay_us(100);
	}
	return __atomic_load_n(&boot->alive, __ATOMIC_ACQUIRE) != 0;
}

static const char *start_one(struct lapic *l, uint32_t apic_id, struct ap_boot *boot)
{
	uint8_t *tramp = (uint8_t *)(uintptr_t)tramp_base;
	size_t size = (size_t)(ap_tramp_end - ap_tramp_start);
	struct ap_tramp_data *d = (struct ap_tramp_data *)(tramp + size - sizeof(*d));
	void *stack = pages_alloc(SMP_AP_STACK_PAGES);
	const uint32_t sipi = ICR_STARTUP | ICR_ASSERT | (uint32_t)(tramp_base >> 12);

	if (tramp_base >= 0x100000 || (tramp_base & 0xfff))
		return "no page below 1 MiB for the start-up code (the firmware had none free)";
	/* the AP loads CR3 in 32-bit mode: the tables must lie below 4 GiB */
	if (paging_cr3() >> 32)
		return "the page tables lie above 4 GiB (the AP loads CR3 in 32-bit mode)";
	if (!stack)
		return "no memory for its stack";
	memcpy(tramp, ap_tramp_start, size);
	d->cr3 = paging_cr3();
	d->stack = (uint64_t)(uintptr_t)stack + SMP_AP_STACK_PAGES * PAGE_SIZE;
	d->entry = (uint64_t)(uintptr_t)ap_main;
	d->arg = (uint64_t)(uintptr_t)boot;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);

	if (lapic_send_ipi(l, apic_id, ICR_INIT | ICR_ASSERT | ICR_LEVEL))
		return "INIT IPI not sent";
	pit_delay_us(10000);
	if (lapic_send_ipi(l, apic_id, sipi))
		return "Startup IPI not sent";
	pit_delay_us(200);
	if (!wait_alive(boot, 1)) {
		if (lapic_send_ipi(l, apic_id, sipi))
			return "second Startup IPI not sent";
		if (!wait_alive(boot, 100))
			return "no answer 100 ms after two Startup IPIs";
	}
	return NULL;
}

/* The wake-up IPI: a fixed interrupt, so the local APIC wants its EOI. */
static void wake_eoi(void)
{
	lapic_eoi(&this_cpu()->lapic);
}

unsigned smp_start(const uint32_t *apic_ids, const bool *x2apic, unsigned n, struct smp_ap *out)
{
	struct cpu_local *me = this_cpu();
	unsigned started = 0;

	trap_set_irq_handler(SMP_WAKE_VECTOR, wake_eoi);
	lapic_probe(&me->lapic);
	me->apic_id = lapic_id(&me->lapic);
	me->online = true;
	for (unsigned i = 0; i < n; i++) {
		struct ap_boot boot = { 0 };
		struct smp_ap *a = &out[i];

		*a = (struct smp_ap){ .apic_id = apic_ids[i], .x2apic = x2apic[i] };
		if (apic_ids[i] == me->apic_id) {
			a->started = true;
			a->index = cpu_index();
			continue;
		}
		if (online >= CPU_MAX) {
			a->why = "more processors than the payload has room for (CPU_MAX)";
			continue;
		}
		if (!me->lapic.state || (strcmp(me->lapic.state, "xapic") && strcmp(me->lapic.state, "x2apic"))) {
			a->why = "the boot CPU has no usable local APIC";
			continue;
		}
		if (apic_ids[i] > 0xff && me->lapic.mmio) {
			a->why = "APIC id above 255 needs x2APIC mode";
			continue;
		}
		a->why = start_one(&me->lapic, apic_ids[i], &boot);
		if (a->why)
			continue;
		a->started = true;
		a->index = boot.alive - 1;
		online++;
		started++;
	}
	return started;
}

void smp_stop_aps(void)
{
	struct cpu_local *me = this_cpu();

	for (unsigned i = 0; i < CPU_MAX; i++)
		if (i != cpu_index() && __atomic_load_n(&cpu_locals[i].online, __ATOMIC_ACQUIRE)) {
			lapic_send_ipi(&me->lapic, cpu_locals[i].apic_id,
				       ICR_INIT | ICR_ASSERT | ICR_LEVEL);
			cpu_locals[i].online = false;
		}
}

unsigned smp_online(void)
{
	return online;
}

uint32_t smp_apic_id(unsigned cpu)
{
	return cpu < CPU_MAX ? cpu_locals[cpu].apic_id : 0;
}

int run_start(unsigned cpu, void (*fn)(void *), void *arg)
{
	struct cpu_local *c;

	if (cpu == cpu_index() || cpu >= CPU_MAX ||
	    !__atomic_load_n(&cpu_locals[cpu].online, __ATOMIC_ACQUIRE))
		return -1;
	c = &cpu_locals[cpu];
	if (__atomic_load_n(&c->call_done, __ATOMIC_ACQUIRE) != c->call_req)
		return -1; /* still busy with earlier work */
	c->call_fn = fn;
	c->call_arg = arg;
	__atomic_store_n(&c->call_req, c->call_done + 1, __ATOMIC_RELEASE);
	lapic_send_ipi(&this_cpu()->lapic, c->apic_id, ICR_FIXED | ICR_ASSERT | SMP_WAKE_VECTOR);
	return 0;
}

int run_wait(unsigned cpu)
{
	struct cpu_local *c = &cpu_locals[cpu];
	uint32_t req = __atomic_load_n(&c->call_req, __ATOMIC_ACQUIRE);

	/* a quick answer first, then in 100 µs steps: about a second in all */
	for (unsigned spin = 0; spin < 100000; spin++) {
		if (__atomic_load_n(&c->call_done, __ATOMIC_ACQUIRE) == req)
			return c->call_fault;
		__asm__ volatile("pause");
	}
	for (unsigned t = 0; t < 10000; t++) {
		if (__atomic_load_n(&c->call_done, __ATOMIC_ACQUIRE) == req)
			return c->call_fault;
		pit_delay_us(100);
	}
	return RUN_NO_ANSWER;
}

int run_on(unsigned cpu, void (*fn)(void *), void *arg)
{
	if (cpu == cpu_index())
		return trap_call(fn, arg, NULL);
	if (cpu >= CPU_MAX || run_start(cpu, fn, arg))
		return RUN_NO_ANSWER;
	return run_wait(cpu);
}
