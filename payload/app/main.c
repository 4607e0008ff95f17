/** @file
 * The common start of every boot path: options, console, records, suites.
 *
 * Each selected suite runs inside trap_call(): an exception it did not ask
 * for becomes an `exception` record, the suite ends "aborted" and the run
 * goes on, so a run always ends with an `end` record (docs/record-format.md).
 */
#include <stdbool.h>
#include <string.h>
#include "lib/fmt.h"
#include "platform/console.h"
#include "platform/emu_probe.h"
#include "platform/paging.h"
#include "platform/percpu.h"
#include "platform/status.h"
#include "app/main.h"
#include "app/options.h"
#include "platform/trap.h"
#include "record/record.h"
#include "app/cpus.h"
#include "app/identity.h"
#include "app/suite_clock.h"
#include "app/upload_start.h"
#include "record/record_upload.h"
#include "suites/suite.h"
#include "vmx/cleanup.h"

#define PAYLOAD_VERSION VMXB_VERSION /* the VERSION file, through the Makefile */
/* iPXE's Multiboot loader passes at most this many bytes of a command line */
#define CMDLINE_CUT_AT 511

static struct options opts;
/* What runs, for exception records: a suite, and a case within it. */
static const char *where = "payload";
static bool aborted;
static char emu_evidence[96]; /* what showed opts.emulator_detected */
static const char *upload_session; /* the upload's session id, NULL: no upload */

static void warn(const char *what, const char *detail)
{
	char msg[160];

	fmt_snprintf(msg, sizeof(msg), "%s: %s", what, detail);
	rec_warn(msg);
}

static void exception_record(const struct fault *f)
{
	struct rec *r = rec_start("exception");
	const char *where_case = suite_case();
	bool in_case = where_case && where_case[0];
	char at[128];

	fmt_snprintf(at, sizeof(at), "%s%s%s", where, in_case ? "/" : "", in_case ? where_case : "");

	rec_u64(r, "vector", (uint64_t)f->vector);
	rec_hex(r, "error", f->error);
	rec_hex(r, "rip", f->rip);
	rec_hex(r, "cr2", f->cr2);
	rec_str(r, "where", at);
	rec_close(r);
}

/* @p send: upload too (not from the fatal path: no firmware calls in an exception) */
static void end_run(bool send)
{
	struct rec *r;

	timing_turbo_restore(); /* turbo=off lasts for the run only */
	/* everything before the end record goes out first, so that a failure is still a record */
	if (send)
		record_safe_point(REC_SAFE_SUITE);
	r = rec_start("end");

	rec_u64(r, "records", record_count() + 1);
	rec_str(r, "status", aborted ? "aborted" : "ok");
	rec_close(r);
	if (send)
		record_safe_point(REC_SAFE_END);
	con_printf("vmxbench: done\n");
	status_end(aborted, record_count());
}

/* An exception outside any trap_call(): report, end the run, leave. */
static void fatal(const struct fault *f)
{
	aborted = true;
	exception_record(f);
	end_run(false);
	platform_exit(opts.exit, 1);
}

/* The console's line rate and FIFO use: they bound how fast records leave
 * (docs/record-format.md, begin). */
static void rec_console(struct rec *r)
{
	uint32_t baud;
	unsigned fifo;

	console_rate(&baud, &fifo);
	if (!baud)
		return;
	rec_u64(r, "console_baud", baud);
	rec_u64(r, "console_fifo", fifo);
}

static void begin_run(const struct boot_info *bi)
{
	static const struct {
		const char *key;
		const char *val;
	} ids[] = {
		{ "mac", opts.mac },   { "uuid", opts.uuid },	      { "ip", opts.ip },
		{ "label", opts.label }, { "emulator", opts.emulator },
		{ "serial", opts.serial }, { "product", opts.product },
	};
	struct rec *r;

	suite_clock_start(); /* the suites' `us` count from here */
	r = rec_start("begin");
	rec_u64(r, "format", 1);
	rec_str(r, "payload", PAYLOAD_VERSION);
	rec_str(r, "boot", bi->boot_path);
	rec_str(r, "cmdline", opts.cmdline);
	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
		if (ids[i].val[0])
			rec_str(r, ids[i].key, ids[i].val);
	rec_str(r, "suites", opts.suites);
	rec_console(r);
	/* where a relocatable image runs: exception RIPs minus this give link addresses */
	if (bi->image_base)
		rec_hex(r, "image_base", bi->image_base);
	if (bi->mem_end)
		rec_hex(r, "mem_end", paging_mapped_end());
	if (opts.emulator_detected[0]) {
		rec_str(r, "emulator_detected", opts.emulator_detected);
		rec_str(r, "emulator_evidence", emu_evidence);
	}
	if (upload_session)
		rec_str(r, "upload_session", upload_session);
	rec_close(r);
}

static const struct suite *suite_find(const char *name, size_t n)
{
	for_each_suite(s)
		if (strlen((*s)->name) == n && !strncmp((*s)->name, name, n))
			return *s;
	return NULL;
}

/* Warn about suites= names no suite answers to. */
static void check_suite_names(void)
{
	for (const char *p = opts.suites; *p;) {
		const char *e = strchr(p, ',');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		char name[sizeof(opts.suites)];

		if (n && !(n == 3 && !strncmp(p, "all", 3)) && !suite_find(p, n)) {
			memcpy(name, p, n);
			name[n] = '\0';
			warn("unknown suite", name);
		}
		if (!e)
			break;
		p = e + 1;
	}
}

struct suite_call {
	const struct suite *s;
	struct suite_ctx ctx;
};

static void suite_run(void *arg)
{
	struct suite_call *c = arg;

	c->s->run(&c->ctx);
}

static void suite_teardown(void *arg)
{
	struct suite_call *c = arg;

	c->s->teardown(&c->ctx);
}

static void run_suite(const struct suite *s, const struct boot_info *bi)
{
	struct suite_call call = { s, { options_samples(&opts), options_emulator(&opts), bi, this_cpu(),
					     opts.migrate_all } };
	struct fault f;
	struct rec *r = rec_start("suite");
	int v, tv = FAULT_NONE;
	const char *cleanup;

	rec_str(r, "name", s->name);
	suite_clock_stamp(r);
	rec_close(r);
	con_printf("vmxbench: suite %s\n", s->name);
	status_suite(s->name, 0);

	where = s->name;
	suite_set_case(NULL);
	v = trap_call(suite_run, &call, &f);
	if (v != FAULT_NONE) {
		exception_record(&f);
		aborted = true;
	}
	/* teardown runs after an abort too; then nothing of VMX may outlive the suite */
	if (s->teardown && (tv = trap_call(suite_teardown, &call, &f)) != FAULT_NONE) {
		exception_record(&f);
		aborted = true;
	}
	cleanup = vmx_cpu_cleanup();
	where = "payload";
	suite_set_case(NULL);

	r = rec_start("suite_end");
	rec_str(r, "name", s->name);
	rec_str(r, "status", v == FAULT_NONE && tv == FAULT_NONE ? "ok" : "aborted");
	if (v != FAULT_NONE)
		rec_str(r, "reason", "unexpected exception");
	else if (tv != FAULT_NONE)
		rec_str(r, "reason", "unexpected exception in teardown");
	if (cleanup)
		rec_str(r, "cleanup", cleanup);
	suite_clock_stamp(r);
	rec_close(r);
	status_suite(NULL, v != FAULT_NONE || tv != FAULT_NONE);
	record_safe_point(REC_SAFE_SUITE);
}

void payload_main(const struct boot_info *bi)
{
	options_parse(&opts, bi->cmdline);
	console_init(opts.console_port, opts.console_baud);
	trap_init_cpu();
	percpu_init();
	record_init();
	trap_set_fatal_handler(fatal);

	con_printf("\nvmxbench " PAYLOAD_VERSION ": %s boot, suites=%s\n", bi->boot_path,
		   opts.suites);
	emu_probe(bi->smbios, opts.emulator_detected, sizeof(opts.emulator_detected), emu_evidence,
		  sizeof(emu_evidence));
	upload_session = upload_start(bi, &opts);
	begin_run(bi);
	status_begin(bi->boot_path);
	where = "identity";
	identity_emit();
	where = "payload";
	/* iPXE's Multiboot loader keeps 511 bytes of a command line: the rest is lost */
	if (strlen(bi->cmdline ? bi->cmdline : "") >= CMDLINE_CUT_AT)
		warn("command line of 511 bytes or more",
		     "the boot loader may have cut it (iPXE's Multiboot keeps 511): lab options go first");
	if (opts.unknown[0])
		warn("unknown options", opts.unknown);
	if (opts.bad[0])
		warn("bad option values (defaults kept)", opts.bad);
	check_suite_names();
	timing_turbo_off(opts.turbo_off);
	upload_start_report();
	where = "cpus";
	cpus_bring_up(bi, opts.smp);
	where = "payload";
	record_safe_point(REC_SAFE_SUITE); /* the first batch: a dead collector shows early */

	for_each_suite(s)
		if ((*s)->selftest || (*s)->opt_in ? options_names_suite(&opts, (*s)->name) :
				     options_want_suite(&opts, (*s)->name))
			run_suite(*s, bi);
	end_run(true);
	platform_exit(opts.exit, aborted ? 1 : 0);
}
