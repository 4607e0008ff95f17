/** @file
 * The payload's record writer: every line goes to the console, then to the
 * sinks added (the upload sink on the UEFI path), all under one lock, so
 * every sink sees the same bytes in seq order.
 */
#include "platform/console.h"
#include "platform/spinlock.h"
#include "record/record.h"

static struct rec g_rec;
/* Held from rec_start() until the sink has written the line (rec_close). */
static struct spinlock rec_lock;

static struct {
	record_sink_fn fn;
	void *ctx;
} sinks[RECORD_SINKS_MAX];
static unsigned nsinks;

static void rec_console_sink(const char *line, size_t len, void *ctx)
{
	(void)ctx;
	console_write(line, len);
	/* rec_close() has counted this line: its seq is one less */
	for (unsigned i = 0; i < nsinks; i++)
		sinks[i].fn(line, len, g_rec.seq - 1, sinks[i].ctx);
	spin_unlock(&rec_lock);
}

bool record_hold(void)
{
	if (rec_lock.owner == (int)cpu_index() + 1)
		return false;
	spin_lock(&rec_lock);
	return true;
}

void record_release(void)
{
	spin_unlock(&rec_lock);
}

bool record_add_sink(record_sink_fn fn, void *ctx)
{
	bool ok;

	spin_lock(&rec_lock);
	ok = nsinks < RECORD_SINKS_MAX;
	if (ok) {
		sinks[nsinks].fn = fn;
		sinks[nsinks].ctx = ctx;
		nsinks++;
	}
	spin_unlock(&rec_lock);
	return ok;
}

struct rec *rec_start(const char *type)
{
	spin_lock(&rec_lock);
	return rec_open(&g_rec, type);
}

uint32_t record_count(void)
{
	return g_rec.seq;
}

void record_init(void)
{
	rec_init(&g_rec, rec_console_sink, NULL);
}

void rec_warn(const char *msg)
{
	struct rec *w = rec_start("warn");

	rec_str(w, "msg", msg);
	rec_close(w);
}
