/** @file
 * vmxbench compare A B: how two runs, machines, CPU models or directories of
 * runs differ (host-tools/lib/compare.h).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "lib/compare.h"
#include "lib/esc.h"
#include "lib/outfile.h"

#define ESC(s) esc_term((s), (char[1100]){ 0 }, 1100)

static int compare_main(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "results", required_argument, NULL, 'r' },
		{ "format", required_argument, NULL, 'f' },
		{ "out", required_argument, NULL, 'o' },
		{ "fail-on", required_argument, NULL, 'F' },
		{ "threshold", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *dir = "results", *format = "md", *out = "-", *fail_on = "nothing";
	double threshold = 0.05;
	struct cmp_side a, b;
	struct runset results = { 0 };
	bool have_results;
	char err[1024], *end;
	struct outfile o;
	json_t *cmp;
	int c, rc = 0;

	optind = 1;
	while ((c = getopt_long(argc, argv, "r:f:o:F:t:h", lopts, NULL)) != -1) {
		switch (c) {
		case 'r': dir = optarg; break;
		case 'f': format = optarg; break;
		case 'o': out = optarg; break;
		case 'F': fail_on = optarg; break;
		case 't':
			threshold = strtod(optarg, &end);
			if (*end || end == optarg || !(threshold >= 0 && threshold < 10)) {
				fprintf(stderr, "vmxbench compare: --threshold takes a fraction such as "
					"0.05, not \"%s\"\n", ESC(optarg));
				return 2;
			}
			break;
		case 'h': cmd_usage(&cmd_compare); return 0;
		default: fprintf(stderr, "see: vmxbench help compare\n"); return 2;
		}
	}
	if (argc - optind != 2) {
		fprintf(stderr, "vmxbench compare: give two sides, A and B (see vmxbench help compare)\n");
		return 2;
	}
	if (strcmp(format, "md") && strcmp(format, "html") && strcmp(format, "json")) {
		fprintf(stderr, "vmxbench compare: --format is md, html or json, not \"%s\"\n",
			ESC(format));
		return 2;
	}
	if (strcmp(fail_on, "nothing") && strcmp(fail_on, "regression") &&
	    strcmp(fail_on, "difference")) {
		fprintf(stderr, "vmxbench compare: --fail-on is regression, difference or nothing, "
			"not \"%s\"\n", ESC(fail_on));
		return 2;
	}
	have_results = runset_index(dir, &results, stderr) == 0;
	if (cmp_side_resolve(&a, argv[optind], have_results ? &results : NULL, err, sizeof(err))) {
		fprintf(stderr, "vmxbench compare: A: %s\n", ESC(err));
		cmp_side_free(&a);
		runset_free(&results);
		return 1;
	}
	if (cmp_side_resolve(&b, argv[optind + 1], have_results ? &results : NULL, err, sizeof(err))) {
		fprintf(stderr, "vmxbench compare: B: %s\n", ESC(err));
		cmp_side_free(&a);
		cmp_side_free(&b);
		runset_free(&results);
		return 1;
	}
	fprintf(stderr, "vmxbench compare: A = %zu run%s, B = %zu run%s\n", a.n, a.n == 1 ? "" : "s",
		b.n, b.n == 1 ? "" : "s");
	cmp = compare_sides(&a, &b, threshold);
	if (outfile_open(&o, out)) {
		fprintf(stderr, "vmxbench compare: cannot write %s\n", ESC(out));
		rc = 1;
	} else {
		if (!strcmp(format, "json")) {
			json_dumpf(cmp, o.f, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
			fputc('\n', o.f);
		} else if (!strcmp(format, "html")) {
			compare_write_html(o.f, cmp);
		} else {
			compare_write_md(o.f, cmp);
		}
		if (outfile_commit(&o)) {
			fprintf(stderr, "vmxbench compare: cannot write %s\n", ESC(out));
			rc = 1;
		}
	}
	if (!rc && ((!strcmp(fail_on, "regression") &&
		     json_integer_value(json_object_get(cmp, "regressions")) > 0) ||
		    (!strcmp(fail_on, "difference") &&
		     (json_integer_value(json_object_get(cmp, "differences")) > 0 ||
		      json_integer_value(json_object_get(cmp, "regressions")) > 0))))
		rc = 3;
	json_decref(cmp);
	cmp_side_free(&a);
	cmp_side_free(&b);
	runset_free(&results);
	return rc;
}

const struct vmxb_cmd cmd_compare = {
	"compare", compare_main, "how two runs, machines, CPU models or run directories differ",
	"Usage: vmxbench compare [--results DIR] [--format md|html|json] [--out FILE]\n"
	"                        [--fail-on regression|difference] [--threshold F] A B\n"
	"\n"
	"A and B are each a stored run file, a directory of runs (a results directory or\n"
	"one <cpu> directory), or, looked up in --results: run:ID, model:NAME (the report's\n"
	"model label, the <cpu> directory or the codename), machine:KEY (the machine as the\n"
	"report names it: lab label, else MAC, else UUID), or a bare word tried in that order.\n"
	"\n"
	"Prints: conformance (each case both sides ran whose observed outcome or verdict\n"
	"differs, with both outcomes), capabilities (every named VMX control, EPT/VPID and\n"
	"VMFUNC capability and BASIC/MISC field that differs), and measurements (ratio B/A of\n"
	"the medians with a 95 % bootstrap interval over one median per run; flagged\n"
	"significant when the interval excludes 1). A side whose runs disagree shows\n"
	"\"varies: x | y\". Emulated runs are labelled: their figures are instruction counts.\n"
	"\n"
	"  -r, --results DIR      stored runs to look names up in (default: results)\n"
	"  -f, --format FMT       md (default), html (one self-contained page) or json\n"
	"  -o, --out FILE         output (default: - = stdout), written whole or not at all\n"
	"      --fail-on WHAT     exit 3 when there is a regression (a case passing in A and\n"
	"                         failing in B, or a measurement significantly slower in B by\n"
	"                         more than the threshold) or any difference; default: never\n"
	"  -t, --threshold F      slowdown that counts as a regression (default 0.05 = 5 %)\n"
	"Exit: 0, 1 (a side names no runs, output not written), 2 (usage), 3 (--fail-on met).\n",
};
