/** @file
 * Assemble a serial log's record lines into runs (begin … end) and check
 * each run is complete: every line sound, seq contiguous from 0, the end
 * record's count right. A run with any problem is reported and dropped
 * whole; the other runs of the log are kept.
 */
#ifndef VMXB_HOST_LOGSCAN_H
#define VMXB_HOST_LOGSCAN_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <jansson.h>

/** One complete, valid run. */
struct scan_run {
	json_t *records;      /**< array of the records in order, "crc" removed (owned) */
	unsigned first_line;  /**< line of the begin record (1-based) */
	unsigned last_line;   /**< line of the end record */
	uint32_t crc;         /**< CRC-32 over the records' CRCs (old run ids end in it) */
	uint64_t hash;        /**< FNV-1a 64 over the records' CRC'd texts: the run's content id */
	unsigned truncated;   /**< records the payload marked "truncated" */
};

/** One problem, with the line it was found on (0: end of stream). */
struct scan_error {
	unsigned line;
	unsigned run_line;    /**< begin line of the run it cost, 0 if none */
	char msg[384];
};

enum scan_state { SCAN_IDLE, SCAN_IN_RUN, SCAN_POISONED };

/** Handed each complete run as soon as its end record is checked; logscan frees it after. */
typedef void (*scan_run_fn)(struct scan_run *r, void *ctx);
/** Handed each problem when it is found. */
typedef void (*scan_error_fn)(const struct scan_error *e, void *ctx);

struct logscan {
	/* without sinks (logscan_sinks) runs and errors pile up here */
	struct scan_run *runs;
	size_t nruns;
	struct scan_error *errors;
	size_t nerrors;
	scan_run_fn on_run;
	scan_error_fn on_error;
	void *ctx;
	unsigned lines;       /**< physical lines seen */
	unsigned records;     /**< record lines seen (valid or not) */
	/* assembly state */
	enum scan_state state;
	struct scan_run cur;
	long long last_seq;
	unsigned last_seq_line;
	/* line splitting state (logscan_feed) */
	char *buf;
	size_t blen, bcap;
	size_t line_len;      /**< bytes of the current physical line so far */
	int overlong;         /**< the current line's record exceeds LOGSCAN_LINE_MAX */
};

void logscan_init(struct logscan *s);
/**
 * Stream instead of piling up: @p on_run gets each complete run (memory then
 * stays bounded by the largest run), @p on_error each problem. Either may be NULL.
 */
void logscan_sinks(struct logscan *s, scan_run_fn on_run, scan_error_fn on_error, void *ctx);
/** Feed one physical line (without needing its newline). */
void logscan_line(struct logscan *s, const char *line, size_t len);
/** Feed raw bytes in any chunking; lines split at '\n'. */
void logscan_feed(struct logscan *s, const char *data, size_t len);
/** End of stream: flush a last unterminated line, report an unfinished run. */
void logscan_finish(struct logscan *s);
/** Scan a whole stream. @return 0, or -errno on a read error. */
int logscan_stream(struct logscan *s, FILE *f);
void logscan_free(struct logscan *s);

/**
 * Longest record, from its tag to the line end. Noise before the tag does not
 * count (it is dropped as it comes); a longer record is reported and dropped.
 */
#define LOGSCAN_LINE_MAX 65536

#endif
