/** @file
 * vmxbench report: results/REPORT.md from every stored run.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "lib/report.h"

static int report_main(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "results", required_argument, NULL, 'r' },
		{ "out", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *dir = "results", *out = NULL;
	char def[4200], tmp[4300];
	struct runset rs;
	FILE *f;
	int c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "r:o:h", lopts, NULL)) != -1) {
		switch (c) {
		case 'r': dir = optarg; break;
		case 'o': out = optarg; break;
		case 'h': cmd_usage(&cmd_report); return 0;
		default: fprintf(stderr, "see: vmxbench help report\n"); return 2;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "vmxbench report: unexpected argument \"%s\"\n", argv[optind]);
		return 2;
	}
	rc = runset_load(dir, &rs, stderr);
	if (rc) {
		fprintf(stderr, "vmxbench report: %s: %s\n", dir, strerror(-rc));
		return 1;
	}
	if (!out) {
		snprintf(def, sizeof(def), "%s/REPORT.md", dir);
		out = def;
	}
	if (strcmp(out, "-") == 0) {
		report_write(stdout, &rs);
		runset_free(&rs);
		return 0;
	}
	/* Written beside the target and renamed: a reader never sees half a report. */
	snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", out, (long)getpid());
	f = fopen(tmp, "w");
	if (!f) {
		fprintf(stderr, "vmxbench report: %s: %s\n", tmp, strerror(errno));
		runset_free(&rs);
		return 1;
	}
	report_write(f, &rs);
	rc = fflush(f) || fsync(fileno(f)) ? -errno : 0;
	if (fclose(f) && !rc)
		rc = -errno;
	if (!rc && rename(tmp, out))
		rc = -errno;
	if (rc) {
		unlink(tmp);
		fprintf(stderr, "vmxbench report: %s: %s\n", out, strerror(-rc));
	} else {
		printf("%s: %zu run%s\n", out, rs.n, rs.n == 1 ? "" : "s");
	}
	runset_free(&rs);
	return rc ? 1 : 0;
}

const struct vmxb_cmd cmd_report = {
	"report", report_main, "write results/REPORT.md from every stored run",
	"Usage: vmxbench report [--results DIR] [--out FILE]\n"
	"\n"
	"Loads every DIR/<cpu>/<run-id>.json and writes a Markdown report: the runs (CPU,\n"
	"emulation, boot path, status) and one section per suite (VMX capabilities, ...).\n"
	"Emulated runs (Bochs, QEMU) are marked as such.\n"
	"\n"
	"  -r, --results DIR  stored runs (default: results)\n"
	"  -o, --out FILE     report file (default: DIR/REPORT.md); - = stdout\n",
};
