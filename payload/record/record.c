/** @file
 * The payload's record writer, bound to the console.
 */
#include "platform/console.h"
#include "platform/spinlock.h"
#include "record/record.h"

static struct rec g_rec;
/* Held from rec_start() until the sink has written the line (rec_close). */
static struct spinlock rec_lock;

static void rec_console_sink(const char *line, size_t len, void *ctx)
{
	(void)ctx;
	console_write(line, len);
	spin_unlock(&rec_lock);
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
