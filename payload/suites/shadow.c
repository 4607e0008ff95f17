/** @file
 * The shadow suite's runner (see shadow.h): sets up the environment, runs
 * the semantics parts (when the CPU has VMCS shadowing) and the cost part,
 * tears down, and writes the summary. It owns the suite's state, case
 * writer and guest access list, and passes them to every part.
 */
#include <string.h>
#include "suites/shadow.h"
#include "suites/shadow_items.h"
#include "suites/suite.h"
#include "measure/timing.h"
#include "record/record.h"

static struct shadow_suite st;
static struct case_writer cases;
static struct shadow_item_list items;

static void shadow_run(const struct suite_ctx *ctx)
{
	struct shadow_suite *s = &st;
	const char *err;

	memset(s, 0, sizeof(*s));
	s->ctx = ctx;
	s->bochs = suite_on_bochs(ctx);
	timing_init();
	case_writer_init(&cases, "shadow");
	s->cases = &cases;
	s->items = &items;
	err = shadow_env_setup(s);
	if (err) {
		case_emit(s->cases, "shadow.setup", "24.10", "VMX operation and a VMCS for the shadow suite",
			  NULL, NULL, VERDICT_SKIP, err);
	} else {
		if (!s->caps.shadowing) {
			case_emit(s->cases, "shadow.supported", "24.10",
				  "VMCS shadowing semantics (VMREAD/VMWRITE in VMX non-root)", NULL, NULL,
				  VERDICT_SKIP,
				  "VMCS shadowing not supported: secondary control 14 cannot be 1 "
				  "(IA32_VMX_PROCBASED_CTLS2 bit 46 clear, or no secondary controls)");
		} else {
			shadow_sem_run(s);
			shadow_single_run(s);
		}
		shadow_cost_run(s);
	}
	shadow_env_teardown(s);

	struct rec *r = rec_start("shadow_summary");
	case_tally_rec(r, s->cases);
	rec_bool(r, "shadowing", s->caps.shadowing);
	rec_bool(r, "vmwrite_any", s->caps.vmwrite_any);
	rec_u64(r, "fields", s->nenc);
	rec_close(r);
	case_tally_print(s->cases);
}

SUITE(shadow, 50) = {
	.name = "shadow",
	.summary = "VMCS shadowing semantics and the cost of VMREAD/VMWRITE per path",
	.run = shadow_run,
};
