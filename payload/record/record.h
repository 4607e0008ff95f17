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

#endif
