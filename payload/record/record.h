/** @file
 * The payload's one record writer instance, writing to the console.
 */
#ifndef VMXB_RECORD_RECORD_H
#define VMXB_RECORD_RECORD_H

#include "record/writer.h"


/**
 * Start a record of @p type on the console writer. Several CPUs may write
 * records: rec_start() takes the writer (its one buffer and the seq
 * counter) and rec_close() gives it back once the line is on the console,
 * so records never interleave and seq follows the order of the lines.
 */
struct rec *rec_start(const char *type);

/** Emit a `warn` record whose one member is @p msg (docs/record-format.md). */
void rec_warn(const char *msg);

/** Records written so far (the seq the next one gets). */
uint32_t record_count(void);

/** Bind the writer to the console (after console_init). */
void record_init(void);

/**
 * Another destination for every finished line after the console (the
 * upload sink, record/record_upload.c): called with the writer held, in seq
 * order, from whichever CPU wrote the record, so it must only copy the line.
 */
typedef void (*record_sink_fn)(const char *line, size_t len, uint32_t seq, void *ctx);

/**
 * Hold the writer without writing (record_release() gives it back): a sink
 * that sends what it buffered holds it meanwhile, so no CPU adds a line to
 * the buffer being sent (a CPU that writes a record waits). False, holding
 * nothing, when this CPU is in the middle of a record: not a safe point.
 */
bool record_hold(void);
void record_release(void);

/** Add a sink (at most RECORD_SINKS_MAX); false when the list is full. */
#define RECORD_SINKS_MAX 2
bool record_add_sink(record_sink_fn fn, void *ctx);

#endif
