/** @file
 * The noise suite: the measurement harness measuring itself. An empty body
 * shows the noise floor (its per-sample cost should be 0 once the fixed
 * overhead is subtracted); bodies of a known number of instructions
 * (10 per repetition: 8 NOP + DEC + JNZ; 5: CPUID leaf 0 with its loop;
 * 3: RDTSC with its loop) show that the subtraction leaves exactly the body
 * where the TSC counts instructions (Bochs) and give sanity figures on
 * silicon. Nothing VMX here.
 */
#include "measure/timing.h"
#include "record/record.h"
#include "suites/suite.h"

static void body_empty(void *ctx, uint32_t reps)
{
	(void)ctx;
	(void)reps;
}

static void body_nop10(void *ctx, uint32_t reps)
{
	(void)ctx;
	__asm__ volatile("1:\n\t"
			 "nop; nop; nop; nop; nop; nop; nop; nop\n\t"
			 "dec %0\n\t"
			 "jnz 1b"
			 : "+r"(reps)::"cc");
}

static void body_cpuid0(void *ctx, uint32_t reps)
{
	(void)ctx;
	__asm__ volatile("1:\n\t"
			 "xor %%eax, %%eax\n\t"
			 "xor %%ecx, %%ecx\n\t"
			 "cpuid\n\t"
			 "dec %0\n\t"
			 "jnz 1b"
			 : "+r"(reps)::"rax", "rbx", "rcx", "rdx", "cc", "memory");
}

static void body_rdtsc(void *ctx, uint32_t reps)
{
	(void)ctx;
	__asm__ volatile("1:\n\t"
			 "rdtsc\n\t"
			 "dec %0\n\t"
			 "jnz 1b"
			 : "+r"(reps)::"rax", "rdx", "cc");
}

static const struct noise_case {
	const char *name;
	meas_body_fn body;
	uint32_t reps; /* N; 1 for the empty body, so its values are raw ticks */
} noise_cases[] = {
	{ "empty", body_empty, 1 },
	{ "nop10", body_nop10, 100 },
	{ "cpuid.0", body_cpuid0, 10 },
	{ "rdtsc", body_rdtsc, 100 },
};

static void noise_run(const struct suite_ctx *ctx)
{
	struct meas_cfg cfg;

	meas_cfg_for(&cfg, ctx, 1);
	timing_emit(&cfg);
	for (unsigned i = 0; i < sizeof(noise_cases) / sizeof(noise_cases[0]); i++) {
		const struct noise_case *c = &noise_cases[i];
		struct meas_result r;

		meas_cfg_for(&cfg, ctx, c->reps);
		if (meas_run(&cfg, c->body, NULL, &r) == 0) {
			meas_emit("noise", c->name, &r);
		} else {
			rec_warn("noise: no usable TSC, nothing measured");
			return;
		}
	}
}

SUITE(noise, 40) = {
	.name = "noise",
	.summary = "the measurement harness's own noise and overhead subtraction",
	.run = noise_run,
};
