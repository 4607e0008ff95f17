/** @file
 * vmxbench chart: gnuplot data, scripts and SVG/PNG images of the measurements.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "lib/chart.h"

static int chart_main(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "results", required_argument, NULL, 'r' },
		{ "out", required_argument, NULL, 'o' },
		{ "no-render", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *dir = "results", *out = NULL;
	char def[4200];
	bool render = true;
	struct runset rs;
	int c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "r:o:nh", lopts, NULL)) != -1) {
		switch (c) {
		case 'r': dir = optarg; break;
		case 'o': out = optarg; break;
		case 'n': render = false; break;
		case 'h': cmd_usage(&cmd_chart); return 0;
		default: fprintf(stderr, "see: vmxbench help chart\n"); return 2;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "vmxbench chart: unexpected argument \"%s\"\n", argv[optind]);
		return 2;
	}
	rc = runset_load(dir, &rs, stderr);
	if (rc) {
		fprintf(stderr, "vmxbench chart: %s: %s\n", dir, strerror(-rc));
		return 1;
	}
	if (!out) {
		snprintf(def, sizeof(def), "%s/charts", dir);
		out = def;
	}
	rc = chart_all(&rs, out, render, stdout, stderr);
	runset_free(&rs);
	return rc ? 1 : 0;
}

const struct vmxb_cmd cmd_chart = {
	"chart", chart_main, "draw the measurements with gnuplot (SVG and PNG)",
	"Usage: vmxbench chart [--results DIR] [--out DIR] [--no-render]\n"
	"\n"
	"From the meas records of every stored run (per CPU model its latest run),\n"
	"writes for each chart NAME.dat (data), NAME.gp (gnuplot script) and, by\n"
	"running gnuplot in the output directory, NAME.svg and NAME.png:\n"
	"  SUITE-medians       per suite: median of each measurement, bars grouped by\n"
	"                      name, one bar per model\n"
	"  SUITE-paths-CPU     per suite and model: records with a \"path\" member,\n"
	"                      clusters by op and width, one bar per path\n"
	"  SUITE-sync          per suite: records with a \"k\" member, median against K,\n"
	"                      one line per model and op\n"
	"Emulated models are marked \"(emulated)\" in titles and keys. vmxbench report\n"
	"links the images that exist.\n"
	"\n"
	"  -r, --results DIR  stored runs (default: results)\n"
	"  -o, --out DIR      chart directory (default: DIR/charts)\n"
	"  -n, --no-render    only write .dat and .gp (no gnuplot)\n",
};
