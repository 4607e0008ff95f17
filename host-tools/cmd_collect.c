/** @file
 * vmxbench collect: store every complete run of serial logs.
 */
#include <getopt.h>
#include <stdio.h>

#include "cmd.h"
#include "lib/collect.h"

static int collect_main(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "out", required_argument, NULL, 'o' },
		{ "run-id", required_argument, NULL, 'r' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct collect_opts o = { .out_dir = "results" };
	int c, status = 0;

	optind = 1;
	while ((c = getopt_long(argc, argv, "o:r:qh", lopts, NULL)) != -1) {
		switch (c) {
		case 'o': o.out_dir = optarg; break;
		case 'r': o.run_id = optarg; break;
		case 'q': o.quiet = true; break;
		case 'h': cmd_usage(&cmd_collect); return 0;
		default: fprintf(stderr, "see: vmxbench help collect\n"); return 2;
		}
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
	"collect", collect_main, "store each complete run of a serial log under results/",
	"Usage: vmxbench collect [--out DIR] [--run-id ID] [--quiet] LOG... | -\n"
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
	"  -q, --quiet       print only problems and payload warnings\n"
	"\n"
	"A run whose id is taken by the same records is \"already stored\", not an error.\n"
	"Exit status: 0 all runs stored (or already stored), 1 any problem or nothing found,\n"
	"2 usage error (including an invalid --run-id).\n",
};
