/** @file
 * vmxbench upload: send the runs of serial logs to a collector
 * (`vmxbench collect --listen`, docs/upload.md).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd.h"
#include "lib/esc.h"
#include "lib/upload_send.h"

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* One log ("-": stdin). @return 0 or 1. */
static int send_log(struct http_conn *c, const char *path, const struct upload_send_opts *o,
		    struct upload_send_stats *st)
{
	char shown[1024];
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	int rc;

	esc_term(path, shown, sizeof(shown));
	if (!f) {
		fprintf(stderr, "vmxbench upload: %s: %m\n", shown);
		return 1;
	}
	rc = upload_send_log(c, f, shown, o, stdout, stderr, st);
	if (!st->runs)
		fprintf(stderr, "vmxbench upload: %s: no run (a begin record through its end "
			"record) in the log\n", shown);
	if (f != stdin)
		fclose(f);
	return rc;
}

static int upload_main(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "to", required_argument, NULL, 't' },
		{ "key-file", required_argument, NULL, 'k' },
		{ "batch", required_argument, NULL, 'b' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct upload_send_opts o = { .batch = 65536, .retries = 3 };
	struct upload_send_stats st = { 0 };
	struct upload_key key;
	struct http_conn conn;
	const char *to = NULL, *key_file = NULL;
	char why[256], *end;
	int c, status = 0;
	double t0;

	optind = 1;
	while ((c = getopt_long(argc, argv, "t:k:b:qh", lopts, NULL)) != -1) {
		switch (c) {
		case 't': to = optarg; break;
		case 'k': key_file = optarg; break;
		case 'b':
			o.batch = strtoul(optarg, &end, 10);
			if (*end || o.batch < 1024 || o.batch > (16u << 20)) {
				fprintf(stderr, "vmxbench upload: --batch \"%s\": give bytes from 1024 to "
					"16777216\n", optarg);
				return 2;
			}
			break;
		case 'q': o.quiet = true; break;
		case 'h': cmd_usage(&cmd_upload); return 0;
		default: fprintf(stderr, "see: vmxbench help upload\n"); return 2;
		}
	}
	if (!to || optind >= argc) {
		fprintf(stderr, "vmxbench upload: %s\n", !to ? "--to http://HOST:PORT/ is required" :
			"no log given (a file, or - for stdin)");
		return 2;
	}
	if (http_url_parse(to, &conn, why, sizeof(why))) {
		fprintf(stderr, "vmxbench upload: --to %s\n", why);
		return 2;
	}
	if (key_file) {
		if (upload_key_load(key_file, &key, why, sizeof(why))) {
			fprintf(stderr, "vmxbench upload: --key-file %s: %s\n", key_file, why);
			return 1;
		}
		o.key = &key;
	}
	t0 = now_s();
	for (int i = optind; i < argc; i++)
		status |= send_log(&conn, argv[i], &o, &st);
	http_close(&conn);
	if (!o.quiet || st.failed) {
		double dt = now_s() - t0;

		fprintf(st.failed ? stderr : stdout, "%u run%s: %u stored, %u already stored, %u "
			"failed; %llu records, %llu bytes in %llu batches, %.2f s\n", st.runs,
			st.runs == 1 ? "" : "s", st.stored, st.already, st.failed, st.records,
			st.bytes, st.batches, dt);
	}
	return status;
}

const struct vmxb_cmd cmd_upload = {
	"upload", upload_main, "send the runs of serial logs to a collector (collect --listen)",
	"Usage: vmxbench upload --to http://HOST:PORT/ [--key-file PATH] [--batch BYTES] [--quiet]\n"
	"                       LOG... | -\n"
	"\n"
	"Sends each run of the logs (a begin record through its end record) to a collector\n"
	"started with `vmxbench collect --listen`, as POST /upload batches of whole record\n"
	"lines (docs/upload.md), byte for byte as in the log: the collector checks and stores\n"
	"the run exactly as `vmxbench collect LOG` would. Console noise around the records is\n"
	"not sent. A run whose begin record names an upload_session (the UEFI payload's) is\n"
	"sent under that session, so it stays bound; any other run gets a fresh random one.\n"
	"A batch that gets no answer is sent again, up to 3 times.\n"
	"\n"
	"  -t, --to URL         the collector, http://HOST:PORT/ (IPv6: http://[::1]:8080/)\n"
	"  -k, --key-file PATH  the lab key (64 hex digits, not readable by group or others):\n"
	"                       every batch carries its HMAC-SHA256 in X-Vmxb-Mac\n"
	"  -b, --batch BYTES    most bytes per batch (default 65536, the contract's; 1024 to\n"
	"                       16777216; a collector refuses more than its --max-batch)\n"
	"  -q, --quiet          print only problems\n"
	"\n"
	"A collector with a key stores a run whose begin record has no upload_session (a log\n"
	"of the BIOS path) as not authenticated: only the payload's own binding makes a run\n"
	"authenticated.\n"
	"Exit status: 0 every run stored or already stored, 1 any run not stored (the\n"
	"collector's reason is printed), 2 usage error.\n",
};
