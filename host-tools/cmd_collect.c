/** @file
 * vmxbench collect: store every complete run of serial logs, or (--listen)
 * of uploads over HTTP (docs/upload.md).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cmd.h"
#include "lib/collect.h"
#include "lib/listen.h"

/* A count or a size: digits, optionally K, M or G (binary). @return 0 or -1. */
static int parse_size(const char *s, size_t min, size_t *out)
{
	char *end;
	unsigned long long v;
	int shift = 0;

	errno = 0;
	if (!s || *s < '0' || *s > '9')
		return -1;
	v = strtoull(s, &end, 10);
	if (*end == 'K' || *end == 'k')
		shift = 10;
	else if (*end == 'M' || *end == 'm')
		shift = 20;
	else if (*end == 'G' || *end == 'g')
		shift = 30;
	if (shift)
		end++;
	if (*end || errno || v > (~0ull >> 34) || (v << shift) < min)
		return -1;
	*out = (size_t)(v << shift);
	return 0;
}

static int bad_value(const char *opt, const char *v, const char *what)
{
	fprintf(stderr, "vmxbench collect: %s \"%s\": %s\n", opt, v, what);
	return 2;
}

/* Listener options (the long-only ones); @return 0, or 2 after a message. */
static int listen_opt(int c, const char *arg, struct listen_opts *l)
{
	size_t v;

	switch (c) {
	case 'L': l->addr = arg; return 0;
	case 'K': l->key_file = arg; return 0;
	case 'B':
		if (parse_size(arg, 1024, &v))
			return bad_value("--max-body", arg, "give bytes, at least 1K (e.g. 64M)");
		l->lim.max_session = v;
		return 0;
	case 'b':
		if (parse_size(arg, 1024, &v))
			return bad_value("--max-batch", arg, "give bytes, at least 1K (e.g. 1M)");
		l->lim.max_batch = v;
		return 0;
	case 'S':
		if (parse_size(arg, 1, &v) || v > 100000)
			return bad_value("--max-sessions", arg, "give a count from 1 to 100000");
		l->lim.max_sessions = (unsigned)v;
		return 0;
	case 'C':
		if (parse_size(arg, 1, &v) || v > 100000)
			return bad_value("--max-connections", arg, "give a count from 1 to 100000");
		l->max_conns = (unsigned)v;
		return 0;
	case 'p':
		if (parse_size(arg, 1, &v) || v > 100000)
			return bad_value("--max-per-ip", arg, "give a count from 1 to 100000");
		l->max_per_ip = (unsigned)v;
		return 0;
	case 'I':
		if (parse_size(arg, 1, &v) || v > 86400)
			return bad_value("--idle", arg, "give seconds from 1 to 86400");
		l->lim.idle_secs = (unsigned)v;
		return 0;
	case 'T':
		if (parse_size(arg, 1, &v) || v > 3600)
			return bad_value("--timeout", arg, "give seconds from 1 to 3600");
		l->timeout_secs = (unsigned)v;
		return 0;
	case 'P':
		if (parse_size(arg, 1, &v) || v > 256)
			return bad_value("--threads", arg, "give a count from 1 to 256");
		l->threads = (unsigned)v;
		return 0;
	}
	return 2;
}

static int collect_main(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "out", required_argument, NULL, 'o' },
		{ "run-id", required_argument, NULL, 'r' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ "listen", required_argument, NULL, 'L' },
		{ "key-file", required_argument, NULL, 'K' },
		{ "max-body", required_argument, NULL, 'B' },
		{ "max-batch", required_argument, NULL, 'b' },
		{ "max-sessions", required_argument, NULL, 'S' },
		{ "max-connections", required_argument, NULL, 'C' },
		{ "max-per-ip", required_argument, NULL, 'p' },
		{ "idle", required_argument, NULL, 'I' },
		{ "timeout", required_argument, NULL, 'T' },
		{ "threads", required_argument, NULL, 'P' },
		{ NULL, 0, NULL, 0 },
	};
	struct collect_opts o = { .out_dir = "results" };
	struct listen_opts l;
	int c, status = 0, listen_only = 0;

	listen_defaults(&l);
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:r:qh", lopts, NULL)) != -1) {
		switch (c) {
		case 'o': o.out_dir = optarg; break;
		case 'r': o.run_id = optarg; break;
		case 'q': o.quiet = true; break;
		case 'h': cmd_usage(&cmd_collect); return 0;
		case 'L': case 'K': case 'B': case 'b': case 'S': case 'C': case 'p': case 'I':
		case 'T': case 'P':
			if (listen_opt(c, optarg, &l))
				return 2;
			listen_only += c != 'L';
			break;
		default: fprintf(stderr, "see: vmxbench help collect\n"); return 2;
		}
	}
	if (l.addr) {
		if (optind < argc || o.run_id) {
			fprintf(stderr, "vmxbench collect: --listen takes no log and no --run-id (each "
				"uploaded run is named by its content)\n");
			return 2;
		}
		struct sockaddr_storage ss;
		socklen_t sl;
		char why[200];

		if (listen_parse_addr(l.addr, &ss, &sl, why, sizeof(why))) {
			fprintf(stderr, "vmxbench collect: --listen %s\n", why);
			return 2;
		}
		l.out_dir = o.out_dir;
		l.quiet = o.quiet;
		setvbuf(stdout, NULL, _IOLBF, 0);
		return listen_serve(&l, stdout, stderr);
	}
	if (listen_only) {
		fprintf(stderr, "vmxbench collect: --key-file, --max-*, --idle, --timeout and "
			"--threads go with --listen\n");
		return 2;
	}
	if (optind >= argc) {
		fprintf(stderr, "vmxbench collect: no log given (a file, or - for stdin)\n");
		return 2;
	}
	if (o.run_id && argc - optind > 1) {
		fprintf(stderr, "vmxbench collect: --run-id takes one log at a time\n");
		return 2;
	}
	for (int i = optind; i < argc; i++) {
		int rc = collect_log(argv[i], &o, stdout, stderr, NULL);

		if (rc == 2)
			return 2; /* a bad option is wrong for every log */
		if (rc)
			status = 1;
	}
	return status;
}

const struct vmxb_cmd cmd_collect = {
	"collect", collect_main, "store each complete run of a serial log (or of uploads) under results/",
	"Usage: vmxbench collect [--out DIR] [--run-id ID] [--quiet] LOG... | -\n"
	"       vmxbench collect --listen ADDR:PORT [--key-file PATH] [--out DIR] [--quiet]\n"
	"                        [--max-body BYTES] [--max-batch BYTES] [--max-sessions N]\n"
	"                        [--max-connections N] [--max-per-ip N] [--idle SECONDS]\n"
	"                        [--timeout SECONDS] [--threads N]\n"
	"\n"
	"Reads serial logs holding record lines (docs/record-format.md; anything else on the\n"
	"console is ignored), checks every record (tag, CRC, JSON, type/seq/crc) and every run\n"
	"(begin first, seq contiguous from 0, end last with the right record count), identifies\n"
	"the CPU from the run's cpuid records and stores each complete run, as soon as it ends,\n"
	"atomically as DIR/<cpu>/<run-id>.json. A bad or incomplete run is reported with its\n"
	"line number and not stored; the other runs of the log still are. The payload's warn\n"
	"records of each stored run are printed.\n"
	"\n"
	"  -o, --out DIR     results directory (default: results)\n"
	"  -r, --run-id ID   run id (default: 16 hex digits of the run's content hash, so the\n"
	"                    same run always gets the same id); further runs of the same log\n"
	"                    get ID-2, ID-3, ...\n"
	"  -q, --quiet       print only problems and payload warnings (with --listen: no line\n"
	"                    per batch)\n"
	"\n"
	"A run whose id is taken by the same records is \"already stored\", not an error.\n"
	"Exit status: 0 all runs stored (or already stored), 1 any problem or nothing found,\n"
	"2 usage error (including an invalid --run-id).\n"
	"\n"
	"--listen ADDR:PORT serves POST /upload (docs/upload.md) until SIGINT or SIGTERM, for\n"
	"many machines at once. ADDR is an IPv4 literal (0.0.0.0 = every address) or an IPv6\n"
	"literal in brackets ([::]:8080, IPv4 too); port 0 picks a free port (printed). Each session's\n"
	"records are held in memory until its end record, then the run gets the same checks\n"
	"and the same store as a serial log; a corrupt or incomplete session is answered\n"
	"with an error and nothing is stored. One line per batch (label, MAC, session, suite,\n"
	"records so far) and one per run stored or session dropped.\n"
	"\n"
	"  --key-file PATH       the lab key (64 hex digits; the file must not be readable by\n"
	"                        group or others): every batch must carry its HMAC, else 401.\n"
	"                        Without it uploads are accepted unauthenticated (a warning\n"
	"                        at start-up)\n"
	"  --max-body BYTES      most a session may hold (default 64M; K, M, G suffixes)\n"
	"  --max-batch BYTES     most one request body may hold (default 1M)\n"
	"  --max-sessions N      unfinished sessions at once (default 256; more: 503)\n"
	"  --max-connections N   connections at once (default 512)\n"
	"  --max-per-ip N        connections at once from one address (default 64)\n"
	"  --idle SECONDS        drop a session without a batch this long (default 300)\n"
	"  --timeout SECONDS     close a connection idle this long (default 30)\n"
	"  --threads N           worker threads (default 4)\n"
	"\n"
	"On SIGINT/SIGTERM: accept no new connection, finish the requests in flight, drop\n"
	"the unfinished sessions (one line each), exit 0. Exit 1: cannot listen, bad key file.\n",
};
