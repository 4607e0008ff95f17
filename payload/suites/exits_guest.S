/** @file
 * Guest snippets of the exits suite (exits.h). Each snippet NAME is:
 *   exs_NAME  start (GUEST_RIP at entry)
 *   exa_NAME  the instruction under test (a fault-like exit's guest RIP)
 *   exe_NAME  what follows it: the call back (VMCALL with GUEST_CALL_DONE)
 * and a UD2 that can never be passed: a guest that does not exit where the
 * case expects still comes back (through the call back, the exception
 * bitmap or the preemption-timer watchdog).
 */
#include "vmx/guest_calls.h"

/* SNIP name, instructions: the instructions under test start at once. */
.macro SNIP name, insn:vararg
	.globl exs_\name, exa_\name, exe_\name
exs_\name:
exa_\name:
	\insn
exe_\name:
	mov $GUEST_CALL_DONE, %eax
	vmcall
	ud2
.endm

/* SNIPB name, "insn", "next": two instructions, the first under test (quoted: commas). */
.macro SNIPB name, insn, next
	.globl exs_\name, exa_\name, exe_\name
exs_\name:
exa_\name:
	\insn
	\next
exe_\name:
	mov $GUEST_CALL_DONE, %eax
	vmcall
	ud2
.endm


	.text
	.balign 16

/* --- instructions (exits_insn.c) --- */
SNIP cpuid, cpuid
SNIP hlt, hlt
SNIP invlpg_rax, invlpg (%rax)
SNIP invlpg_disp, invlpg 0x10(%rbx)
SNIP invlpg_sib, invlpg 8(%r12,%rcx,4)
SNIP rdtsc, rdtsc
SNIP rdtscp, rdtscp
/* keep what the guest read: the call back overwrites EAX */
SNIPB rdtsc_keep, "rdtsc", "mov %rax, %rbx"
SNIPB rdtscp_keep, "rdtscp", "mov %rax, %rbx"
SNIP invd, invd
SNIP wbinvd, wbinvd
SNIP pause, pause
SNIP monitor, monitor
SNIP mwait, mwait
SNIP xsetbv, xsetbv
SNIP vmcall, vmcall
SNIP rdpmc, rdpmc
SNIP rdrand, rdrand %rbx
SNIP rdseed, rdseed %ecx
SNIP vmxoff, vmxoff
SNIP vmlaunch, vmlaunch
SNIP vmresume, vmresume
SNIP vmptrst, vmptrst (%rax)
SNIP vmptrst_disp, vmptrst 0x18(%rbx)
SNIP vmptrld_rbp, vmptrld 8(%rbp)
SNIP vmclear_sib, vmclear 0x20(%rsi,%rdi,8)
SNIP vmxon, vmxon (%rax)
SNIP vmread, vmread %rcx, %rdx
SNIP vmwrite, vmwrite %rsi, %rdi
SNIP invept, invept (%rax), %rcx
SNIP invvpid, invvpid (%rax), %rcx

/* --- control and debug registers (exits_cr.c) --- */
.irp r, rax,rcx,rdx,rbx,rsp,rbp,rsi,rdi,r8,r9,r10,r11,r12,r13,r14,r15
SNIP to_cr0_\r, mov %\r, %cr0
SNIP to_cr3_\r, mov %\r, %cr3
SNIP to_cr4_\r, mov %\r, %cr4
SNIP to_cr8_\r, mov %\r, %cr8
SNIP from_cr3_\r, mov %cr3, %\r
SNIP from_cr8_\r, mov %cr8, %\r
SNIP from_dr7_\r, mov %dr7, %\r
.endr
SNIP from_cr0_rbx, mov %cr0, %rbx
SNIP from_cr4_rbx, mov %cr4, %rbx
SNIP clts, clts
SNIP lmsw_ax, lmsw %ax
SNIP lmsw_mem, lmsw (%rbx)
.irp n, 0,1,2,3,6,7
SNIP to_dr\n, mov %rax, %dr\n
SNIP from_dr\n, mov %dr\n, %rdx
.endr

/* --- I/O (exits_io.c) --- */
SNIP in_dx_b, in %dx, %al
SNIP in_dx_w, in %dx, %ax
SNIP in_dx_l, in %dx, %eax
SNIP out_dx_b, out %al, %dx
SNIP out_dx_w, out %ax, %dx
SNIP out_dx_l, out %eax, %dx
SNIP in_imm_b, in $0x84, %al
SNIP in_imm_w, in $0x84, %ax
SNIP in_imm_l, in $0x84, %eax
SNIP out_imm_b, out %al, $0x80
SNIP out_imm_w, out %ax, $0x80
SNIP out_imm_l, out %eax, $0x80
SNIP insb, insb
SNIP insw, insw
SNIP insl, insl
SNIP outsb, outsb
SNIP outsw, outsw
SNIP outsl, outsl
SNIP rep_insb, rep insb
SNIP rep_outsw, rep outsw
SNIP outsb_a32, addr32 outsb
SNIP outsb_fs, outsb %fs:(%rsi), (%dx)

/* --- MSRs (exits_msr.c) --- */
SNIP rdmsr, rdmsr
SNIP wrmsr, wrmsr

/* --- events (exits_event.c) --- */
SNIP nop, nop
SNIP mov_imm, mov $1, %ebx
SNIPB sti_nop, "sti", "nop"
SNIP ud2, ud2
SNIP int3, int3
SNIP icebp, .byte 0xf1
SNIP div0, div %rcx
SNIP load, mov (%rax), %rbx
SNIP store, mov %rbx, (%rax)
SNIPB spin, "1: pause", "jmp 1b"

/* --- descriptor tables (exits_desc.c) --- */
SNIP sgdt, sgdt (%rax)
SNIP sidt, sidt 8(%rbx)
SNIP lgdt, lgdt (%rcx)
SNIP lidt, lidt 0x10(%rdx,%rsi,2)
SNIP sgdt_a32, addr32 sgdt (%eax)
SNIP sldt_reg, sldt %ax
SNIP str_reg, str %ecx
SNIP lldt_reg, lldt %dx
SNIP ltr_reg, ltr %bx
SNIP sldt_mem, sldt (%rdi)
SNIP str_mem, str 4(%rsi)

	.section .note.GNU-stack, "", @progbits
