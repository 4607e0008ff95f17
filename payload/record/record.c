/** @file
 * The payload's record writer, bound to the console.
 */
#include "platform/console.h"
#include "record/record.h"

struct rec g_rec;

static void rec_console_sink(const char *line, size_t len, void *ctx)
{
	(void)ctx;
	console_write(line, len);
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
