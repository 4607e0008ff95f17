/** @file
 * vmxbench report: results/REPORT.md from every stored run.
 */
#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "lib/site.h"
#include "lib/chart.h"
#include "lib/mdhtml.h"
#include "lib/outfile.h"
#include "lib/report.h"

/*
 * How the report at @p report links the directory @p dir: relative to the
 * report's directory when @p dir lies below it, else absolute.
 */
static void link_path(const char *report, const char *dir, char *out, size_t outsz)
{
	char rcopy[PATH_MAX], rdir[PATH_MAX], adir[PATH_MAX];
	size_t l;

	snprintf(rcopy, sizeof(rcopy), "%s", report);
	if (strcmp(report, "-") == 0 || !realpath(dirname(rcopy), rdir) || !realpath(dir, adir)) {
		snprintf(out, outsz, "%s", dir);
		return;
	}
	l = strlen(rdir);
	if (strncmp(adir, rdir, l) == 0 && adir[l] == '/')
		snprintf(out, outsz, "%s", adir + l + 1);
	else if (strcmp(adir, rdir) == 0)
		snprintf(out, outsz, ".");
	else
		snprintf(out, outsz, "%s", adir);
}

static int report_main(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "results", required_argument, NULL, 'r' },
		{ "out", required_argument, NULL, 'o' },
		{ "charts", no_argument, NULL, 'c' },
		{ "charts-dir", required_argument, NULL, 'C' },
		{ "format", required_argument, NULL, 'f' },
		{ "site", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *dir = "results", *out = NULL, *charts = NULL, *format = "md", *site = NULL;
	char def[PATH_MAX], defc[PATH_MAX], link[PATH_MAX];
	bool draw = false, html;
	struct report_ctx ctx;
	struct outfile o;
	struct runset rs;
	int c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "r:o:cC:f:s:h", lopts, NULL)) != -1) {
		switch (c) {
		case 'r': dir = optarg; break;
		case 'o': out = optarg; break;
		case 'c': draw = true; break;
		case 'C': charts = optarg; break;
		case 'f': format = optarg; break;
		case 's': site = optarg; break;
		case 'h': cmd_usage(&cmd_report); return 0;
		default: fprintf(stderr, "see: vmxbench help report\n"); return 2;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "vmxbench report: unexpected argument \"%s\"\n", argv[optind]);
		return 2;
	}
	if (strcmp(format, "md") && strcmp(format, "html")) {
		fprintf(stderr, "vmxbench report: --format md or --format html\n");
		return 2;
	}
	html = !strcmp(format, "html");
	/* the index only: each section opens the runs it prints (runset.h) */
	rc = runset_index(dir, &rs, stderr);
	if (rc) {
		fprintf(stderr, "vmxbench report: %s: %s\n", dir, strerror(-rc));
		return 1;
	}
	if (site) {
		rc = site_write(site, &rs, stderr);
		if (rc)
			fprintf(stderr, "vmxbench report: site %s: %s\n", site, strerror(-rc));
		else
			fprintf(stderr, "%s/index.html: site of %zu runs\n", site, rs.n);
		runset_free(&rs);
		return rc ? 1 : 0;
	}
	if (!out) {
		snprintf(def, sizeof(def), "%s/REPORT.%s", dir, html ? "html" : "md");
		out = def;
	}
	if (!charts) {
		snprintf(defc, sizeof(defc), "%s/charts", dir);
		charts = defc;
	}
	/* A chart problem (no gnuplot) still leaves a report, without those images. */
	if (draw && chart_all(&rs, charts, true, strcmp(out, "-") ? stdout : stderr, stderr))
		fprintf(stderr, "vmxbench report: charts incomplete, see above\n");
	link_path(out, charts, link, sizeof(link));
	ctx = (struct report_ctx){ &rs, charts, link, NULL };
	rc = outfile_open(&o, out);
	if (rc) {
		fprintf(stderr, "vmxbench report: %s: %s\n", out, strerror(-rc));
		runset_free(&rs);
		return 1;
	}
	if (html) {
		/* the same Markdown, converted: one source for both formats */
		char *md = NULL;
		size_t len = 0;
		FILE *m = open_memstream(&md, &len);

		rc = m ? report_write_ctx(m, &ctx) : -ENOMEM;
		if (m && fclose(m))
			rc = -ENOMEM;
		if (!rc) {
			/* charts inlined: the page needs nothing beside it */
			char base[PATH_MAX];

			snprintf(base, sizeof(base), "%s", out);
			mdhtml_write_inline(o.f, md, "vmxbench report",
					    strcmp(out, "-") ? dirname(base) : ".");
		}
		free(md);
	} else {
		rc = report_write_ctx(o.f, &ctx);
	}
	/* a report missing parts for lack of memory is not written over the last good one */
	if (rc) {
		outfile_abort(&o);
		fprintf(stderr, "vmxbench report: %s: out of memory, report not written\n", out);
		runset_free(&rs);
		return 1;
	}
	rc = outfile_commit(&o);
	if (rc)
		fprintf(stderr, "vmxbench report: %s: %s\n", out, strerror(-rc));
	else if (strcmp(out, "-"))
		printf("%s: %zu run%s\n", out, rs.n, rs.n == 1 ? "" : "s");
	runset_free(&rs);
	return rc ? 1 : 0;
}

const struct vmxb_cmd cmd_report = {
	"report", report_main, "write results/REPORT.md from every stored run",
	"Usage: vmxbench report [--results DIR] [--out FILE] [--format md|html] [--charts]\n"
	"                       [--charts-dir DIR]\n"
	"       vmxbench report [--results DIR] --site DIR\n"
	"\n"
	"Reads every DIR/<cpu>/<run-id>.json and writes a Markdown report: the runs (CPU,\n"
	"emulation, boot path, status), VMX capabilities, the conformance matrix (case x\n"
	"CPU model, deviations counted and listed) and the measurements (per suite and\n"
	"model; per-path tables, cost against K and break-even where the records have\n"
	"them). Emulated runs (Bochs, QEMU) are marked as such. Charts made by\n"
	"vmxbench chart are linked where their images exist.\n"
	"\n"
	"  -r, --results DIR     stored runs (default: results)\n"
	"  -o, --out FILE        report file (default: DIR/REPORT.md or DIR/REPORT.html);\n"
	"                        - = stdout\n"
	"  -f, --format md|html  Markdown (default) or one standalone HTML page of the same\n"
	"                        report (deviations in red, charts as images)\n"
	"  -c, --charts          run vmxbench chart first (gnuplot) into the charts directory\n"
	"  -C, --charts-dir DIR  where the charts are (default: DIR/charts)\n"
	"  -s, --site DIR        instead, a static site to publish: index.html (summary per\n"
	"                        model, features and cases that differ, measurement charts),\n"
	"                        model/, machine/ and case/ pages; every page one\n"
	"                        self-contained HTML file (charts inline), record text escaped\n",
};
