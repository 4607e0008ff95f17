/** @file
 * Record writer: builds one record line of docs/record-format.md at a time.
 *
 * Pure: it formats into a buffer and hands finished lines to a sink, so it
 * compiles for the host and is unit-tested there. Usage:
 *
 *     struct rec *r = rec_open(w, "cpuid");
 *     rec_hex(r, "eax", eax);
 *     rec_close(r);
 */
#ifndef VMXB_RECORD_WRITER_H
#define VMXB_RECORD_WRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define REC_TAG "VMXB1 "
#define REC_LINE_MAX 2048
#define REC_DEPTH_MAX 4

/** Where finished lines go (the console on the payload, a buffer in tests). */
typedef void (*rec_sink_fn)(const char *line, size_t len, void *ctx);

struct rec {
	rec_sink_fn sink;
	void *ctx;
	uint32_t seq;      /**< sequence number of the next record */
	size_t len;        /**< bytes in buf */
	int depth;         /**< open nested objects */
	int skip;          /**< nesting levels of a dropped object */
	bool first[REC_DEPTH_MAX + 1]; /**< no member written yet at this depth */
	bool open;         /**< a record is being built */
	bool truncated;    /**< a member did not fit and was dropped */
	char buf[REC_LINE_MAX];
};

void rec_init(struct rec *w, rec_sink_fn sink, void *ctx);
struct rec *rec_open(struct rec *w, const char *type);
void rec_str(struct rec *w, const char *key, const char *val);
/** A string of at most @p n bytes (need not be NUL-terminated). */
void rec_strn(struct rec *w, const char *key, const char *val, size_t n);
void rec_u64(struct rec *w, const char *key, uint64_t val); /**< JSON number */
void rec_i64(struct rec *w, const char *key, int64_t val);  /**< JSON number */
void rec_hex(struct rec *w, const char *key, uint64_t val); /**< "0x.." string */
/**
 * JSON number @p num / @p den rounded half away from zero to 3 decimals,
 * trailing zeros dropped ("10", "-0.25", "3.333"); @p den 0 counts as 1.
 * Integer arithmetic only: for per-operation costs of measurements.
 */
void rec_ratio(struct rec *w, const char *key, int64_t num, uint32_t den);
void rec_bool(struct rec *w, const char *key, bool val);
void rec_obj_begin(struct rec *w, const char *key);
void rec_obj_end(struct rec *w);
/** Finish the record: add "truncated" if needed and the CRC, emit the line. */
void rec_close(struct rec *w);

#endif
