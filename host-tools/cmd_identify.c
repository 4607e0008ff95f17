/** @file
 * vmxbench identify: who is the CPU of a stored run or a serial log.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "lib/cpudump_text.h"
#include "lib/cpuident.h"
#include "lib/emulated.h"
#include "lib/esc.h"
#include "lib/logscan.h"

/* Record text (and what is derived from it) is untrusted: shown escaped. */
#define ESC(s) esc_term((s), (char[1600]){ 0 }, 1600)

static void print_ident(const struct cpu_ident *id, const char *emulator)
{
	printf("vendor:     %s\n", ESC(id->vendor));
	if (id->have_cpuid) {
		printf("family:     %u (0x%02x)\n", id->family, id->family);
		printf("model:      %u (0x%02x)\n", id->model, id->model);
		printf("stepping:   %u\n", id->stepping);
		printf("brand:      %s\n", id->brand[0] ? ESC(id->brand) : "(none)");
	}
	printf("codename:   %s\n", ESC(id->codename));
	printf("libcpuid:   %s\n",
	       id->libcpuid_codename[0] ? ESC(id->libcpuid_codename) : "(none)");
	if (id->hypervisor)
		printf("hypervisor: yes (CPUID.1:ECX[31])\n");
	if (emulator)
		printf("emulated:   %s (not silicon)\n", ESC(emulator));
	printf("doubtful:   %s%s%s\n", id->doubtful ? "yes" : "no", id->doubtful ? ": " : "",
	       ESC(id->reason));
}

/* Where the answers go: text on stdout, or one JSON array (--json) printed at the end. */
struct out {
	json_t *json; /* NULL: text */
	unsigned shown;
};

/* Print (or collect) the identification of @p d, and write the raw dump if asked. */
static int identify_dump(struct out *o, const struct cpuid_dump *d, const char *label,
			 const char *emu, const char *raw)
{
	struct cpu_ident id;

	cpu_ident_from_dump(d, &id);
	if (o->json) {
		json_t *cpu = cpu_ident_json(&id);
		json_t *e = json_pack("{s:s, s:o, s:o}", "source", label, "emulated",
				      emu ? json_string(emu) : json_null(), "cpu", cpu ? cpu : json_null());

		if (!e || json_array_append_new(o->json, e))
			abort();
	} else {
		if (o->shown++)
			putchar('\n');
		printf("run:        %s\n", ESC(label));
		print_ident(&id, emu);
	}
	if (raw) {
		if (!d->n) {
			fprintf(stderr, "vmxbench identify: %s: no cpuid records: no raw dump written\n",
				ESC(label));
			return 1;
		}
		if (cpuid_dump_write_raw(d, raw)) {
			fprintf(stderr, "vmxbench identify: cannot write %s: %s\n", raw, cpuid_error());
			return 1;
		}
	}
	return 0;
}

/* Identify one run's records. */
static int identify_records(struct out *o, json_t *records, const char *label, const char *raw)
{
	struct cpuid_dump d;
	char err[256];
	int rc;

	if (cpuid_dump_from_records(records, &d, err, sizeof(err))) {
		fprintf(stderr, "vmxbench identify: %s: %s\n", ESC(label), ESC(err));
		return 1;
	}
	rc = identify_dump(o, &d, label, records_emulator(records), raw);
	cpuid_dump_free(&d);
	return rc;
}

/* A CPUID dump written by cpuid_tool --save, a libcpuid .test file or an AIDA64/InstLatx64 listing. */
static int identify_text_dump(struct out *o, const char *buf, size_t len, const char *path,
			      const char *raw)
{
	struct cpuid_dump d = { 0 };
	char err[256];
	int rc;

	if (cpudump_parse(buf, len, &d, err, sizeof(err))) {
		fprintf(stderr, "vmxbench identify: %s: %s\n", ESC(path), ESC(err));
		return 1;
	}
	rc = identify_dump(o, &d, path, NULL, raw);
	cpuid_dump_free(&d);
	return rc;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	char *buf = NULL, *n;
	size_t cap = 0, got;

	*len = 0;
	if (!f)
		return NULL;
	errno = 0;
	do {
		if (*len + 65536 > cap) {
			cap = cap ? cap * 2 : 65536 * 2;
			n = realloc(buf, cap + 1);
			if (!n)
				abort();
			buf = n;
		}
		got = fread(buf + *len, 1, cap - *len, f);
		*len += got;
	} while (got > 0);
	int e = ferror(f) ? (errno ? errno : EIO) : 0;

	if (f != stdin)
		fclose(f);
	if (e) {
		free(buf);
		errno = e;
		return NULL;
	}
	buf[*len] = 0;
	return buf;
}

static int identify_main(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "raw", required_argument, NULL, 'r' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *raw = NULL, *path;
	char *buf;
	size_t len;
	json_t *doc;
	struct out o = { NULL, 0 };
	int c, status = 0;

	optind = 1;
	while ((c = getopt_long(argc, argv, "r:h", lopts, NULL)) != -1) {
		switch (c) {
		case 'r': raw = optarg; break;
		case 'j': o.json = json_array(); break;
		case 'h': cmd_usage(&cmd_identify); return 0;
		default: fprintf(stderr, "see: vmxbench help identify\n"); return 2;
		}
	}
	if (argc - optind != 1) {
		fprintf(stderr, "vmxbench identify: give one stored run (RUN.json), serial log or "
			"CPUID dump\n");
		json_decref(o.json);
		return 2;
	}
	path = argv[optind];
	buf = slurp(path, &len);
	if (!buf) {
		fprintf(stderr, "vmxbench identify: %s: %s\n", path, strerror(errno));
		json_decref(o.json);
		return 1;
	}
	/* A stored run is one JSON object with "records"; anything else is a log. */
	doc = json_loadb(buf, len, 0, NULL);
	if (json_is_array(json_object_get(doc, "records"))) {
		status = identify_records(&o, json_object_get(doc, "records"), path, raw);
	} else if (cpudump_detect(buf, len) != CPUDUMP_NONE) {
		status = identify_text_dump(&o, buf, len, path, raw);
	} else {
		struct logscan s;

		logscan_init(&s);
		logscan_feed(&s, buf, len);
		logscan_finish(&s);
		for (size_t i = 0; i < s.nerrors; i++)
			fprintf(stderr, "vmxbench identify: %s: line %u: %s\n", ESC(path),
				s.errors[i].line, ESC(s.errors[i].msg));
		if (!s.nruns) {
			fprintf(stderr, "vmxbench identify: %s: no complete run to identify\n", path);
			status = 1;
		}
		if (raw && s.nruns > 1)
			fprintf(stderr, "vmxbench identify: %s holds %zu runs: --raw gets the first\n",
				path, s.nruns);
		for (size_t i = 0; i < s.nruns; i++) {
			char label[4200];

			snprintf(label, sizeof(label), "%s lines %u-%u", path, s.runs[i].first_line,
				 s.runs[i].last_line);
			if (identify_records(&o, s.runs[i].records, label, i == 0 ? raw : NULL))
				status = 1;
		}
		logscan_free(&s);
	}
	json_decref(doc);
	free(buf);
	if (o.json) {
		/* untrusted text stays inside JSON strings: jansson escapes it */
		if (json_dumpf(o.json, stdout, JSON_INDENT(2)) || putchar('\n') == EOF)
			status = 1;
		json_decref(o.json);
	}
	return status;
}

const struct vmxb_cmd cmd_identify = {
	"identify", identify_main, "identify the CPU of a stored run or serial log (libcpuid)",
	"Usage: vmxbench identify [--json] [--raw OUT] RUN.json | LOG | DUMP | -\n"
	"\n"
	"RUN.json is a stored run, LOG a serial log (every complete run in it), DUMP a CPUID\n"
	"dump of a machine that never ran the payload: cpuid_tool --save output or a libcpuid\n"
	".test file (libcpuid's raw format), or an AIDA64/InstLatx64 listing (\"CPUID\n"
	"0000000B: EAX-EBX-ECX-EDX [SL 01]\" lines); of a dump, the first logical CPU.\n"
	"\n"
	"Converts the run's cpuid records into libcpuid's raw data, runs cpu_identify() and\n"
	"prints vendor, family/model/stepping (display values), brand string, our codename\n"
	"(from vmxbench's family/model table) and libcpuid's. \"doubtful: yes\" says libcpuid's\n"
	"answer disagrees with the table or the CPU is newer than libcpuid 0.6.2 knows.\n"
	"\n"
	"  -j, --json      print one JSON array: {source, emulated, cpu} per run or dump\n"
	"  -r, --raw OUT   also write the dump in libcpuid's raw format (what cpuid_tool --save\n"
	"                  writes; check with cpuid_tool --load=OUT --codename); - = stdout\n",
};
