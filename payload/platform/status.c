/** @file
 * Run progress for the firmware's screen (see status.h).
 *
 * Redraws go through the firmware (a call out of the payload's state), so
 * they happen at suite boundaries and every STATUS_EVERY cases, never more
 * often: under Bochs every firmware console call costs real time. (The
 * network sink has safe points of its own: app/upload_start.c.)
 */
#include "platform/desc.h"
#include "platform/fw.h"
#include "platform/status.h"

#define STATUS_EVERY 32

static struct run_status st = { .boot = "", .suite = "", .state = "starting" };

static void show(void)
{
	fw_status(&st);
}

void status_begin(const char *boot)
{
	st.boot = boot;
	st.state = "running";
	show();
}

void status_suite(const char *name, int aborted)
{
	if (name) {
		st.suite = name;
	} else {
		st.suites_done++;
		if (aborted)
			st.exceptions++;
	}
	show();
}

void status_case(unsigned v)
{
	/* case records are written on the boot CPU; count nothing else */
	if (cpu_index() != 0)
		return;
	if (v < STATUS_VERDICTS)
		st.verdict[v]++;
	if (++st.cases % STATUS_EVERY == 0)
		show();
}

void status_end(int aborted, uint32_t records)
{
	st.suite = "";
	st.state = aborted ? "aborted" : "done";
	st.records = records;
	show();
}
