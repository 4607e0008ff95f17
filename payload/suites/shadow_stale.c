/** @file
 * Shadow suite: make a stale displacement certain before the register-form
 * qualification cases (qual.*.register, SDM §27.2.1: an instruction without
 * a displacement gives qualification 0).
 *
 * Why: Bochs 2.7 (cpu/vmexit.cc, VMexit_Instruction) stores the decoder's
 * displacement slot as the qualification even for a register operand, and
 * that slot holds whatever instruction was decoded into the same place of
 * its decode pool before. Left to chance, the verdict then depends on what
 * ran before the payload (the boot route). So the payload first executes a
 * 128-KiB run of `mov 0x615(%rsp), %rax` enough times that any decoder
 * recycling its storage has seen that displacement everywhere: Bochs's pool
 * (576 K entries, cpu/icache.h) wraps, and every slot the following code is
 * decoded into held 0x615. A processor that follows the SDM still gives 0;
 * one that keeps a stale displacement now gives 0x615, every time. On
 * silicon this costs about 650 K loads from the stack (well under 1 ms).
 */
#include <stdint.h>
#include <string.h>
#include "suites/shadow.h"

#define STALE_BYTES (128u * 1024)
#define STALE_PASSES 40 /* 40 x 16 K instructions > Bochs's 576 K-entry pool */
#define STALE_DISP 0x615u

static uint8_t stale_code[STALE_BYTES] __attribute__((aligned(4096)));

uint64_t shadow_stale_displacement(void)
{
	return STALE_DISP;
}

void shadow_stale_fill(void)
{
	/* mov 0x615(%rsp), %rax: REX.W 8B /r, ModRM 84 (disp32, SIB), SIB 24 (base RSP) */
	static const uint8_t insn[8] = { 0x48, 0x8b, 0x84, 0x24, STALE_DISP & 0xff, STALE_DISP >> 8, 0, 0 };
	void (*run)(void) = (void (*)(void))(uintptr_t)stale_code;

	if (stale_code[0] != insn[0]) {
		for (unsigned at = 0; at + sizeof(insn) < STALE_BYTES; at += sizeof(insn))
			memcpy(stale_code + at, insn, sizeof(insn));
		stale_code[STALE_BYTES - sizeof(insn)] = 0xc3; /* ret */
	}
	/* the code was just written: a serializing instruction before running it (SDM Vol. 3A §8.1.3) */
	__asm__ volatile("cpuid" ::"a"(0), "c"(0) : "rbx", "rdx", "memory");
	for (unsigned p = 0; p < STALE_PASSES; p++)
		run();
}
