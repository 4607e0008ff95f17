/** @file
 * The upload batcher: finished record lines are appended to the open batch;
 * a batch is sealed when the next line would not fit in it (at most
 * BATCH_MAX bytes, docs/upload.md), on demand (a safe point wants to send
 * what there is), and after the `end` record. Sealed batches wait in a
 * queue, oldest first, until the sink has sent them. Pure: the memory is
 * the caller's, nothing is allocated.
 */
#ifndef VMXB_NET_BATCH_H
#define VMXB_NET_BATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BATCH_MAX (64u * 1024)   /**< body limit of one upload request */
#define BATCH_QUEUE 64           /**< batches held at once (sealed + open) */

/** One batch: bytes [off, off+len) of the arena, records first_seq... */
struct batch {
	size_t off, len;
	uint32_t first_seq;
	uint32_t records;
	bool has_end;     /**< holds the `end` record: the last batch of the run */
};

enum batch_err {
	BATCH_OK = 0,
	BATCH_FULL = -1,     /**< the arena or the queue has no room: nothing added */
	BATCH_TOO_LONG = -2, /**< one line longer than a batch */
	BATCH_SEQ = -3,      /**< seq is not the one after the previous line */
	BATCH_ENDED = -4,    /**< a line after the `end` record */
};

struct batcher {
	char *mem;
	size_t cap;          /**< bytes of mem */
	size_t max;          /**< bytes per batch, at most BATCH_MAX */
	struct batch q[BATCH_QUEUE]; /**< q[0..sealed) sealed, q[sealed] open when open */
	unsigned sealed;
	bool open;
	bool ended;          /**< the `end` record was added */
	uint32_t next_seq;   /**< seq the next line must have */
};

/** Use @p cap bytes at @p mem; batches of at most @p max bytes (0: BATCH_MAX). */
void batch_init(struct batcher *b, void *mem, size_t cap, size_t max);

/**
 * Append one complete record line (tag to '\n') whose seq is @p seq. The
 * first line must have seq 0 (the `begin` record). A line that starts a
 * record of type `end` seals its batch.
 */
enum batch_err batch_add(struct batcher *b, const char *line, size_t len, uint32_t seq);

/** Seal the open batch (if any), so that it can be sent. */
void batch_seal(struct batcher *b);

/** The oldest sealed batch not yet sent, or NULL. */
const struct batch *batch_peek(const struct batcher *b);

/** The bytes of @p bt. */
static inline const char *batch_bytes(const struct batcher *b, const struct batch *bt)
{
	return b->mem + bt->off;
}

/** The oldest sealed batch was sent: forget it and reclaim its memory. */
void batch_pop(struct batcher *b);

/** True if @p line (a record line) is a record of type `end`. */
bool batch_line_is_end(const char *line, size_t len);

#endif
