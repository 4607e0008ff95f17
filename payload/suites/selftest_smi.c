/** @file
 * selftest-smi: proves the measurement method discards samples an SMI hit.
 *
 * Runs only when named (suites=selftest-smi), in an emulator: its body
 * writes the APM command port 0xB2, which raises an SMI on the chipset
 * (PIIX4/ICH APMC), so every sample spans SMIs and, where MSR_SMI_COUNT
 * counts them, every sample must be discarded. Never run it on a lab
 * machine: 0xB2 is the firmware's SMI command port.
 */
#include <stdint.h>
#include "platform/cpu.h"
#include "measure/timing.h"
#include "record/record.h"
#include "suites/suite.h"

#define APM_CNT_PORT 0xb2
#define APM_CMD_NONE 0x5a /* no meaning to SeaBIOS or the Bochs BIOS: SMI, then RSM */

static void body_smi(void *ctx, uint32_t reps)
{
	(void)ctx;
	while (reps--)
		outb(APM_CNT_PORT, APM_CMD_NONE);
}

static void selftest_smi_run(const struct suite_ctx *ctx)
{
	struct meas_cfg cfg;
	struct meas_result r;
	struct rec *w;
	int rc;

	meas_cfg_for(&cfg, ctx, 1);
	rc = meas_run(&cfg, body_smi, NULL, &r);
	if (rc == 0)
		meas_emit("selftest-smi", "apm-smi", &r);
	w = rec_start("selftest");
	rec_str(w, "check", "smi-discard");
	if (rc || !r.smi_known) {
		rec_i64(w, "rc", rc ? rc : -1);
		rec_i64(w, "expected", (int64_t)cfg.samples);
		rec_bool(w, "ok", false);
		rec_str(w, "reason", rc ? "no usable TSC" : "MSR_SMI_COUNT absent");
	} else {
		rec_i64(w, "rc", (int64_t)r.discarded_smi);
		rec_i64(w, "expected", (int64_t)cfg.samples);
		rec_bool(w, "ok", r.discarded_smi == cfg.samples && r.tsc.count == 0 &&
				      r.smi_seen >= (uint64_t)cfg.samples + cfg.warmup);
	}
	rec_close(w);
}

SUITE(selftest_smi, 02) = {
	.name = "selftest-smi",
	.selftest = true,
	.summary = "SMI-hit samples are discarded (raises SMIs through port 0xB2)",
	.run = selftest_smi_run,
};
