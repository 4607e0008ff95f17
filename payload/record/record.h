/** @file
 * The payload's one record writer instance, writing to the console.
 */
#ifndef VMXB_RECORD_RECORD_H
#define VMXB_RECORD_RECORD_H

#include "record/writer.h"

extern struct rec g_rec;

/** Start a record of @p type on the console writer. */
static inline struct rec *rec_start(const char *type) { return rec_open(&g_rec, type); }

/** Emit a `warn` record whose one member is @p msg (docs/record-format.md). */
void rec_warn(const char *msg);

/** Bind g_rec to the console (after console_init). */
void record_init(void);

#endif
