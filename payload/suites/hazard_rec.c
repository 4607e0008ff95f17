/** @file
 * The hazard suite's records and scratch VMCS regions (see hazard.h), used
 * by the runner (hazard.c) and the probes (hazard_probes.c) alike.
 */
#include "suites/hazard.h"
#include "platform/mem.h"
#include "vmx/vmcs.h"

static struct rec *hz_begin(struct hz_suite *s, const char *probe, const char *observed)
{
	struct rec *r = rec_start("hazard");

	rec_str(r, "probe", probe);
	rec_str(r, "sdm", "24.11.1");
	rec_str(r, "observed", observed);
	/* under an emulator this is the emulator's behaviour, not a CPU's */
	rec_bool(r, "emulated", s->ctx->emulator[0] != 0);
	return r;
}

struct rec *hz_rec(struct hz_suite *s, const char *probe, const char *observed)
{
	s->observed++;
	return hz_begin(s, probe, observed);
}

void hz_skip(struct hz_suite *s, const char *probe, const char *reason)
{
	struct rec *r = hz_begin(s, probe, "not run");

	rec_bool(r, "skipped", true);
	rec_str(r, "reason", reason);
	rec_close(r);
	s->skipped++;
}

uint8_t *hz_region(struct hz_suite *s)
{
	uint8_t *p = vmcs_region_alloc(s->caps.revision, false);

	if (p)
		vmcs_clear(virt_to_phys(p), NULL);
	return p;
}
