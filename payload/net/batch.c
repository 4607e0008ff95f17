/** @file
 * The upload batcher (see batch.h). The arena holds the queued batches
 * back to back from its start; popping the oldest moves the rest down, a
 * copy of at most the arena once per sent batch, which is cheap next to
 * sending it.
 */
#include <string.h>
#include "net/batch.h"

void batch_init(struct batcher *b, void *mem, size_t cap, size_t max)
{
	memset(b, 0, sizeof(*b));
	b->mem = mem;
	b->cap = cap;
	b->max = max && max < BATCH_MAX ? max : BATCH_MAX;
}

static size_t used(const struct batcher *b)
{
	unsigned n = b->sealed + (b->open ? 1 : 0);

	return n ? b->q[n - 1].off + b->q[n - 1].len : 0;
}

bool batch_line_is_end(const char *line, size_t len)
{
	static const char head[] = "VMXB1 {\"type\":\"end\",";

	return len >= sizeof(head) - 1 && memcmp(line, head, sizeof(head) - 1) == 0;
}

void batch_seal(struct batcher *b)
{
	if (b->open) {
		b->open = false;
		b->sealed++;
	}
}

enum batch_err batch_add(struct batcher *b, const char *line, size_t len, uint32_t seq)
{
	struct batch *cur;
	size_t at = used(b);

	if (b->ended)
		return BATCH_ENDED;
	if (seq != b->next_seq)
		return BATCH_SEQ;
	if (len > b->max)
		return BATCH_TOO_LONG;
	if (at + len > b->cap)
		return BATCH_FULL;
	if (b->open && b->q[b->sealed].len + len > b->max)
		batch_seal(b);
	if (!b->open) {
		if (b->sealed >= BATCH_QUEUE)
			return BATCH_FULL;
		b->q[b->sealed] = (struct batch){ .off = at, .first_seq = seq };
		b->open = true;
	}
	cur = &b->q[b->sealed];
	memcpy(b->mem + at, line, len);
	cur->len += len;
	cur->records++;
	b->next_seq = seq + 1;
	if (batch_line_is_end(line, len)) {
		cur->has_end = true;
		b->ended = true;
		batch_seal(b);
	}
	return BATCH_OK;
}

const struct batch *batch_peek(const struct batcher *b)
{
	return b->sealed ? &b->q[0] : NULL;
}

void batch_pop(struct batcher *b)
{
	unsigned n = b->sealed + (b->open ? 1 : 0);
	size_t drop, tail;

	if (!b->sealed)
		return;
	drop = b->q[0].len;
	tail = used(b) - drop;
	memmove(b->mem, b->mem + drop, tail);
	for (unsigned i = 1; i < n; i++) {
		b->q[i - 1] = b->q[i];
		b->q[i - 1].off -= drop;
	}
	b->sealed--;
}
