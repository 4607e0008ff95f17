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
	uint32_t crc;         /**< CRC-32 over the records' CRCs: names the run */
	unsigned truncated;   /**< records the payload marked "truncated" */
};

/** One problem, with the line it was found on (0: end of stream). */
struct scan_error {
	unsigned line;
	unsigned run_line;    /**< begin line of the run it cost, 0 if none */
	char msg[384];
};

enum scan_state { SCAN_IDLE, SCAN_IN_RUN, SCAN_POISONED };

struct logscan {
	struct scan_run *runs;
	size_t nruns;
	struct scan_error *errors;
	size_t nerrors;
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
	int overlong;
};

void logscan_init(struct logscan *s);
/** Feed one physical line (without needing its newline). */
void logscan_line(struct logscan *s, const char *line, size_t len);
/** Feed raw bytes in any chunking; lines split at '\n'. */
void logscan_feed(struct logscan *s, const char *data, size_t len);
/** End of stream: flush a last unterminated line, report an unfinished run. */
void logscan_finish(struct logscan *s);
/** Scan a whole stream. @return 0, or -errno on a read error. */
int logscan_stream(struct logscan *s, FILE *f);
void logscan_free(struct logscan *s);

/** Longest line kept: longer ones keep their last LOGSCAN_LINE_MAX bytes (a tag sits at the end). */
#define LOGSCAN_LINE_MAX 65536

#endif
