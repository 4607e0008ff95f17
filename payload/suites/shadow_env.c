/** @file
 * Shadow suite: the environment (see shadow_env.h). Set-up of VMX
 * operation, the ordinary VMCS (the baseline, guest = payload functions
 * called through shadow_guest_tramp), the shadow VMCS and bitmaps; the exit
 * handler of the run loop; guest calls; teardown.
 */
#include <string.h>
#include "suites/shadow_env.h"
#include "lib/fmt.h"
#include "platform/cpu.h"
#include "platform/mem.h"
#include "measure/timing.h"
#include "platform/trap.h"
#include "vmx/controls.h"
#include "vmx/exit_reason.h"
#include "vmx/fields.h"
#include "vmx/vmcs.h"

/* Preemption-timer exits resumed before the guest counts as hung. */
#define SHADOW_TIMER_EXITS_MAX 100000u

static void arm_error(void)
{
	vmcs_clear(1, NULL);
}

/** Leave the sentinel error in the ordinary and the shadow VMCS (ordinary current after). */
static void arm_errors(struct shadow_suite *s)
{
	arm_error();
	if (s->shadow && vmcs_load(s->shadow_pa, NULL) == 0) {
		arm_error();
		vmcs_load(s->vmcs_pa, NULL);
	}
}

static void read_errors(struct shadow_suite *s, struct shadow_exit_note *n)
{
	n->err_cur = (uint32_t)vmcs_read_or(VM_INSTRUCTION_ERROR, 0);
	n->err_shadow = 0;
	if (s->shadow && vmcs_load(s->shadow_pa, NULL) == 0) {
		n->err_shadow = (uint32_t)vmcs_read_or(VM_INSTRUCTION_ERROR, 0);
		vmcs_load(s->vmcs_pa, NULL);
	}
	n->err_read = true;
}

static int handler(struct vmx_loop *l)
{
	struct shadow_suite *s = l->ctx;
	uint32_t reason = (uint32_t)vmx_loop_vmread(EXIT_REASON) & 0xffff;
	struct vmx_gprs *g = &l->g;

	s->launched = true;
	l->exits++;
	switch (reason) {
	case EXIT_REASON_VMREAD:
	case EXIT_REASON_VMWRITE:
		if (s->mode == SHADOW_MODE_NESTED)
			return shadow_nested_exit(&s->v12, l, reason);
		if (s->note) {
			s->note->reason = reason;
			s->note->info = (uint32_t)vmx_loop_vmread(VMX_INSTRUCTION_INFO);
			s->note->len = (uint32_t)vmx_loop_vmread(VM_EXIT_INSTRUCTION_LEN);
			s->note->qual = vmx_loop_vmread(EXIT_QUALIFICATION);
			s->note->rip = vmx_loop_vmread(GUEST_RIP);
		}
		vmx_loop_skip_insn();
		return 0;
	case EXIT_REASON_VMCALL:
		if ((uint32_t)g->rax == SHADOW_CALL_DONE)
			return 1;
		if ((uint32_t)g->rax == SHADOW_CALL_NOP) {
			vmx_loop_skip_insn();
			return 0;
		}
		if ((uint32_t)g->rax == SHADOW_CALL_ERRNO && s->note) {
			read_errors(s, s->note);
			arm_errors(s);
			vmx_loop_skip_insn();
			return 0;
		}
		break;
	case EXIT_REASON_CPUID: {
		struct cpuid_regs r = cpuid((uint32_t)g->rax, (uint32_t)g->rcx);

		g->rax = r.eax;
		g->rbx = r.ebx;
		g->rcx = r.ecx;
		g->rdx = r.edx;
		vmx_loop_skip_insn();
		return 0;
	}
	case EXIT_REASON_RDMSR: {
		uint64_t v = 0;

		/* The guest is the payload itself: the host's MSR (0 where it faults). */
		rdmsr_safe((uint32_t)g->rcx, &v);
		g->rax = (uint32_t)v;
		g->rdx = v >> 32;
		vmx_loop_skip_insn();
		return 0;
	}
	case EXIT_REASON_WRMSR:
		wrmsr_safe((uint32_t)g->rcx, (g->rdx << 32) | (uint32_t)g->rax);
		vmx_loop_skip_insn();
		return 0;
	case EXIT_REASON_PREEMPTION_TIMER:
		/* The watchdog: a guest making progress is resumed (the timer reloads). */
		if (++s->timer_exits < (s->timer_limit ? s->timer_limit : SHADOW_TIMER_EXITS_MAX))
			return 0;
		fmt_snprintf(s->why, sizeof(s->why), "guest timed out (%u preemption-timer exits)",
			     s->timer_exits);
		return 3;
	}
	if (s->note && reason == EXIT_REASON_EXCEPTION_NMI) {
		s->note->exc = true;
		s->note->intr = (uint32_t)vmx_loop_vmread(VM_EXIT_INTR_INFO);
		s->note->errcode = (uint32_t)vmx_loop_vmread(VM_EXIT_INTR_ERROR_CODE);
		s->note->rip = vmx_loop_vmread(GUEST_RIP);
	}
	fmt_snprintf(s->why, sizeof(s->why), "unexpected VM exit %u (qualification 0x%llx, rip 0x%llx, intr 0x%llx)",
		     reason, (unsigned long long)vmx_loop_vmread(EXIT_QUALIFICATION),
		     (unsigned long long)vmx_loop_vmread(GUEST_RIP),
		     (unsigned long long)vmx_loop_vmread(VM_EXIT_INTR_INFO));
	return 2;
}

int shadow_guest_enter(struct shadow_suite *s, uint64_t rip, uint64_t rsp, const struct vmx_gprs *g)
{
	struct outcome o;
	char buf[40];

	s->why[0] = 0;
	if (vmcs_write(GUEST_RIP, rip, NULL) || vmcs_write(GUEST_RSP, rsp, NULL) ||
	    vmcs_write(GUEST_RFLAGS, 0x2, NULL)) {
		fmt_snprintf(s->why, sizeof(s->why), "guest RIP/RSP/RFLAGS could not be written");
		return -1;
	}
	s->loop.g = *g;
	s->loop.handler = handler;
	s->loop.ctx = s;
	if (vmx_loop_run(&s->loop, s->launched, &o)) {
		if (!s->why[0])
			fmt_snprintf(s->why, sizeof(s->why), "guest entry failed: %s",
				     outcome_format(&o, buf, sizeof(buf)));
		return -1;
	}
	return s->loop.stop == 1 ? 0 : -1;
}

int shadow_guest_call(struct shadow_suite *s, void (*fn)(void *), void *arg)
{
	struct vmx_gprs g;

	memset(&g, 0, sizeof(g));
	g.rbx = (uint64_t)(uintptr_t)fn;
	g.rdi = (uint64_t)(uintptr_t)arg;
	return shadow_guest_enter(s, (uint64_t)(uintptr_t)shadow_guest_tramp,
				  (uint64_t)(uintptr_t)s->stack + SHADOW_GUEST_STACK_PAGES * PAGE_SIZE, &g);
}

int shadow_with_current_shadow(struct shadow_suite *s, void (*fn)(void *), void *arg)
{
	if (vmcs_load(s->shadow_pa, NULL))
		return -1;
	fn(arg);
	return vmcs_load(s->vmcs_pa, NULL);
}

/* Whether "enable VPID" may be 1: the secondary controls must be activatable (primary bit 31) and allow bit 5 (A.3.2, A.3.3). */
static void vpid_probe(struct shadow_suite *s)
{
	s->vpid_ok = controls_may_set(&s->caps, VMX_KIND_PROC2, SECONDARY_EXEC_ENABLE_VPID_BIT);
	if (s->vpid_ok)
		s->vpid_reason = NULL;
	else if (!controls_may_set(&s->caps, VMX_KIND_PROC, 31))
		s->vpid_reason = "IA32_VMX_PROCBASED_CTLS allowed-1 bit 31 (activate secondary controls) is 0";
	else
		s->vpid_reason = "IA32_VMX_PROCBASED_CTLS2 allowed-1 bit 5 (enable VPID) is 0";
}

int shadow_vpid_set(struct shadow_suite *s, bool on)
{
	uint64_t proc, proc2;

	if (!s->vpid_ok)
		return on ? -1 : 0;
	proc = vmcs_read_or(CPU_BASED_VM_EXEC_CONTROL, 0);
	proc2 = (proc & CPU_BASED_ACTIVATE_SECONDARY_CONTROLS) ? vmcs_read_or(SECONDARY_VM_EXEC_CONTROL, 0) : 0;
	/*
	 * With VPID 1 the TLB keeps the guest's translations across VM entries
	 * and exits (§28.1); they stay right without INVVPID because the guest
	 * runs on the payload's own, unchanging page tables.
	 */
	if (on && vmcs_write(VIRTUAL_PROCESSOR_ID, SHADOW_VPID, NULL))
		return -1;
	proc2 = on ? proc2 | SECONDARY_EXEC_ENABLE_VPID : proc2 & ~SECONDARY_EXEC_ENABLE_VPID;
	if (vmcs_write(CPU_BASED_VM_EXEC_CONTROL, proc | CPU_BASED_ACTIVATE_SECONDARY_CONTROLS, NULL) ||
	    vmcs_write(SECONDARY_VM_EXEC_CONTROL, proc2, NULL))
		return -1;
	return 0;
}

void shadow_bitmaps(struct shadow_suite *s, bool read_exit, bool write_exit)
{
	shadow_bitmap_fill(s->rbm, read_exit);
	shadow_bitmap_fill(s->wbm, write_exit);
}

static void build_field_list(struct shadow_suite *s)
{
	s->nenc = 0;
	for (size_t i = 0; i < vmcs_field_count && s->nenc + 2 <= SHADOW_MAX_ENCS; i++) {
		uint32_t e = vmcs_fields[i].enc;

		if (!shadow_field_supported(&s->caps, e))
			continue;
		s->enc[s->nenc++] = e;
		if (vmcs_enc_width(e) == VMCS_W64 && shadow_field_supported(&s->caps, VMCS_HIGH(e)))
			s->enc[s->nenc++] = VMCS_HIGH(e);
	}
}

/** Controls the measured guest needs: RDTSC(P) without exits or offset (timing.c reads the TSC). */
static const char *guest_timing_controls(struct shadow_suite *s)
{
	uint64_t proc = vmcs_read_or(CPU_BASED_VM_EXEC_CONTROL, 0), proc2;

	if ((proc & (CPU_BASED_RDTSC_EXITING | CPU_BASED_USE_TSC_OFFSETTING)) &&
	    vmcs_write(CPU_BASED_VM_EXEC_CONTROL,
		       proc & ~(CPU_BASED_RDTSC_EXITING | CPU_BASED_USE_TSC_OFFSETTING), NULL))
		return "RDTSC exiting / TSC offsetting cannot be turned off";
	/*
	 * meas_run masks the 8259 pair with port I/O (measure/timing_quiet.c):
	 * with neither unconditional I/O exiting nor I/O bitmaps that I/O does
	 * not exit (SDM §25.1.3), so no exit can come near a timed window.
	 */
	proc = vmcs_read_or(CPU_BASED_VM_EXEC_CONTROL, 0);
	if ((proc & (CPU_BASED_UNCOND_IO_EXITING | CPU_BASED_USE_IO_BITMAPS)) &&
	    vmcs_write(CPU_BASED_VM_EXEC_CONTROL,
		       proc & ~(CPU_BASED_UNCOND_IO_EXITING | CPU_BASED_USE_IO_BITMAPS), NULL))
		return "I/O exiting cannot be turned off";
	/* A VM exit clears IA32_DEBUGCTL and entry loads the guest's (SDM §27.5.1,
	 * §26.3.2.1): the guest keeps FREEZE_WHILE_SMM through its own field. */
	if (timing_init()->freeze_smm)
		vmcs_write(GUEST_IA32_DEBUGCTL, vmcs_read_or(GUEST_IA32_DEBUGCTL, 0) | (1ull << 14), NULL);
	s->rdtscp_ok = !timing_init()->rdtscp;
	/* Without "enable RDTSCP", RDTSCP in non-root raises #UD (SDM §25.3 RDTSCP). */
	if (timing_init()->rdtscp && controls_may_set(&s->caps, VMX_KIND_PROC2, SECONDARY_EXEC_ENABLE_RDTSCP_BIT)) {
		proc = vmcs_read_or(CPU_BASED_VM_EXEC_CONTROL, 0);
		proc2 = (proc & CPU_BASED_ACTIVATE_SECONDARY_CONTROLS) ?
				vmcs_read_or(SECONDARY_VM_EXEC_CONTROL, 0) : 0;
		if (vmcs_write(CPU_BASED_VM_EXEC_CONTROL, proc | CPU_BASED_ACTIVATE_SECONDARY_CONTROLS, NULL) == 0 &&
		    vmcs_write(SECONDARY_VM_EXEC_CONTROL, proc2 | SECONDARY_EXEC_ENABLE_RDTSCP, NULL) == 0)
			s->rdtscp_ok = true;
	}
	return NULL;
}

const char *shadow_env_setup(struct shadow_suite *s)
{
	uint32_t bad = 0;

	if (!vmx_supported())
		return "VMX not available (CPUID.1:ECX[5]=0)";
	if (vmx_caps_probe(&s->caps))
		return "IA32_VMX_BASIC unreadable";
	if (vmx_enable(&s->cpu))
		return s->cpu.reason ? s->cpu.reason : "VMXON failed";
	if (baseline_build(&s->base, &s->caps))
		return s->base.error;
	s->vmcs = vmcs_region_alloc(s->caps.revision, false);
	s->rbm = page_alloc();
	s->wbm = page_alloc();
	s->stack = pages_alloc(SHADOW_GUEST_STACK_PAGES);
	if (!s->vmcs || !s->rbm || !s->wbm || !s->stack)
		return "out of pages";
	s->vmcs_pa = virt_to_phys(s->vmcs);
	if (s->caps.shadowing) {
		s->shadow = shadow_vmcs_alloc(s->caps.revision);
		if (!s->shadow)
			return "shadow VMCS could not be allocated or cleared";
		s->shadow_pa = virt_to_phys(s->shadow);
	}
	if (vmcs_clear(s->vmcs_pa, NULL) || vmcs_load(s->vmcs_pa, NULL))
		return "VMCLEAR/VMPTRLD of the ordinary VMCS failed";
	if (baseline_apply(&s->base, &bad))
		return "baseline VMCS could not be written";
	{
		const char *e = guest_timing_controls(s);

		if (e)
			return e;
	}
	shadow_bitmaps(s, true, true);
	if (s->caps.shadowing &&
	    shadow_enable(&s->caps, virt_to_phys(s->rbm), virt_to_phys(s->wbm), s->shadow_pa))
		return "VMCS shadowing could not be enabled in the VMCS";
	vpid_probe(s);
	build_field_list(s);
	shadow_vmcs12_init(&s->v12, s->enc, s->nenc);
	return NULL;
}

void shadow_env_teardown(struct shadow_suite *s)
{
	if (s->shadow)
		vmcs_clear(s->shadow_pa, NULL);
	if (s->vmcs_pa)
		vmcs_clear(s->vmcs_pa, NULL);
	if (s->cpu.on)
		vmx_disable(&s->cpu);
}
