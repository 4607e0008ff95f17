/** @file
 * vmxbench export: records of one type from every stored run as CSV or JSON.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "lib/export.h"
#include "lib/outfile.h"
#include "lib/rectypes.h"

static int export_main(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "results", required_argument, NULL, 'r' },
		{ "out", required_argument, NULL, 'o' },
		{ "type", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *dir = "results", *out = "-", *type = "case", *format = NULL;
	enum export_format fmt;
	struct outfile o;
	struct runset rs;
	size_t n;
	int c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "f:r:o:t:h", lopts, NULL)) != -1) {
		switch (c) {
		case 'f': format = optarg; break;
		case 'r': dir = optarg; break;
		case 'o': out = optarg; break;
		case 't': type = optarg; break;
		case 'h': cmd_usage(&cmd_export); return 0;
		default: fprintf(stderr, "see: vmxbench help export\n"); return 2;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "vmxbench export: unexpected argument \"%s\"\n", argv[optind]);
		return 2;
	}
	if (!format) {
		fprintf(stderr, "vmxbench export: --format csv|json|junit|tap is needed\n");
		return 2;
	}
	if (!strcmp(format, "csv")) {
		fmt = EXPORT_CSV;
	} else if (!strcmp(format, "json")) {
		fmt = EXPORT_JSON;
	} else if (!strcmp(format, "junit")) {
		fmt = EXPORT_JUNIT;
	} else if (!strcmp(format, "tap")) {
		fmt = EXPORT_TAP;
	} else {
		fprintf(stderr, "vmxbench export: unknown --format \"%s\" (csv, json, junit or tap)\n",
			format);
		return 2;
	}
	if (!rectype_known(export_type(type))) {
		fprintf(stderr, "vmxbench export: unknown record type \"%s\"; the types are: caps (= "
			"vmx_caps), %s\n", type, rectype_list());
		return 2;
	}
	if ((fmt == EXPORT_JUNIT || fmt == EXPORT_TAP) && strcmp(type, "case")) {
		fprintf(stderr, "vmxbench export: --format %s writes the conformance cases: --type "
			"case only\n", format);
		return 2;
	}
	rc = runset_load(dir, &rs, stderr);
	if (rc) {
		fprintf(stderr, "vmxbench export: %s: %s\n", dir, strerror(-rc));
		return 1;
	}
	rc = outfile_open(&o, out);
	if (rc) {
		fprintf(stderr, "vmxbench export: %s: %s\n", out, strerror(-rc));
		runset_free(&rs);
		return 1;
	}
	n = export_write(o.f, &rs, type, fmt);
	if (n == EXPORT_NOMEM) {
		/* an incomplete export does not replace the file */
		outfile_abort(&o);
		fprintf(stderr, "vmxbench export: %s: out of memory, nothing written\n", out);
		runset_free(&rs);
		return 1;
	}
	rc = outfile_commit(&o);
	if (rc)
		fprintf(stderr, "vmxbench export: %s: %s\n", out, strerror(-rc));
	else
		fprintf(stderr, "%s: %zu %s record%s from %zu run%s\n", out, n, export_type(type),
			n == 1 ? "" : "s", rs.n, rs.n == 1 ? "" : "s");
	runset_free(&rs);
	return rc ? 1 : 0;
}

const struct vmxb_cmd cmd_export = {
	"export", export_main, "write the records of one type as CSV or JSON",
	"Usage: vmxbench export --format csv|json|junit|tap [--results DIR] [--out FILE]\n"
	"                       [--type TYPE]\n"
	"\n"
	"Every record of TYPE from every stored run DIR/<cpu>/<run-id>.json, for\n"
	"spreadsheets and scripts. Each row (CSV) or object (JSON) starts with the run:\n"
	"run_id, run_cpu (the <cpu> directory), run_model (short model name),\n"
	"run_emulated (true for Bochs/QEMU runs: their numbers describe the emulator),\n"
	"run_emulator (the label, empty/null on silicon); then the record's members.\n"
	"\n"
	"CSV: one header line, the union of the members in order of first appearance;\n"
	"nested objects flattened as parent.child (vmx_caps \"pinbased.allowed1\"),\n"
	"arrays as JSON text, absent members empty; fields holding a comma, quote or\n"
	"line break are quoted, quotes doubled (RFC 4180); lines end in LF.\n"
	"JSON: an array of objects, one per line, members as stored.\n"
	"JUnit (XML) and TAP (version 13): the conformance cases for CI systems, one\n"
	"testsuite per run; PASS passes, DEVIATION fails (expected/observed and the SDM\n"
	"section in the message), SKIP is skipped with its reason.\n"
	"\n"
	"  -f, --format FMT       csv, json, junit or tap (required)\n"
	"  -t, --type TYPE        case (default), meas, caps (= vmx_caps), or any record\n"
	"                         type of docs/record-format.md: msr, cpuid, timing, ...\n"
	"                         (an unknown type is an error)\n"
	"  -r, --results DIR      stored runs (default: results)\n"
	"  -o, --out FILE         output file, written whole or not at all (default: - = stdout)\n",
};
