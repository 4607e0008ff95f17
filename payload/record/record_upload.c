/** @file
 * The upload sink behind the record writer (see record_upload.h).
 *
 * The sink itself only copies: it runs with the writer's lock held, on any
 * CPU. Sending calls the firmware (through the transport, which brackets
 * every call with fw_enter/fw_leave), so it happens only on the boot CPU,
 * outside any timed window, at the safe points the runner and the
 * measurement harness name.
 */
#include "platform/console.h"
#include "platform/desc.h"
#include "platform/percpu.h"
#include "platform/rng.h"
#include "record/record.h"
#include "record/record_upload.h"

static struct upload *up;
/* TSC ticks since the upload started and those spent sending: its share of the run */
static uint64_t tsc_start, tsc_sending;

static void upload_sink(const char *line, size_t len, uint32_t seq, void *ctx)
{
	upload_line(ctx, line, len, seq);
}

bool record_upload_attach(struct upload *u)
{
	if (!record_add_sink(upload_sink, u))
		return false;
	up = u;
	tsc_start = rng_tsc();
	return true;
}

void record_safe_point(enum rec_safe where)
{
	const char *why;

	if (!up || cpu_index() != 0)
		return;
	/* mid-suite: only when a batch is full, and never with VMX on (firmware in VMX root) */
	if (where == REC_SAFE_GROUP && (!upload_has_full(up) || this_cpu()->vmx))
		return;
	if (up->state == UPLOAD_ON) {
		uint64_t t0 = rng_tsc();

		/* no line is added to the batches while they go out */
		if (!record_hold())
			return; /* called with a record open: not a safe point after all */
		upload_send(up, where != REC_SAFE_GROUP);
		record_release();
		tsc_sending += rng_tsc() - t0;
	}
	why = upload_take_warning(up);
	/* after the end record no record may follow: a plain console line then */
	if (why && where == REC_SAFE_END)
		con_printf("vmxbench: %s\n", why);
	else if (why)
		rec_warn(why); /* to the console only: the sink has stopped */
	if (where == REC_SAFE_END)
		con_printf("vmxbench: upload to %s over %s: %s; %u batches, %llu body bytes, %llu bytes sent, "
			   "%u requests, %u resends, %llu of %llu TSC ticks of the run sending\n",
			   up->url.host, up->t->name, up->state == UPLOAD_STORED ? up->stored : "not stored",
			   up->batches, (unsigned long long)up->body_bytes,
			   (unsigned long long)up->bytes_sent, up->attempts, up->resends,
			   (unsigned long long)tsc_sending,
			   (unsigned long long)(rng_tsc() - tsc_start));
}
