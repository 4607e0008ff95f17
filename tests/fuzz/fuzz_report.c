/** @file
 * libFuzzer harness: the report, HTML, export and chart writers on stored
 * runs. The input is up to four stored-run JSON documents separated by lines
 * "\n--\n"; they are written as DIR/results/m<i/2>/r<i>.json (two runs per
 * CPU model, so picking the newest run is exercised too), loaded with
 * runset_load, and every writer runs on them: report_write (Markdown),
 * mdhtml_write (HTML of that Markdown), export_write (CSV and JSON of a few
 * record types) and each planned chart's data and gnuplot script (gnuplot
 * itself is never run).
 */
#include "fuzztmp.h" /* first: it defines _GNU_SOURCE */
#include <sys/stat.h>
#include "lib/chart.h"
#include "lib/export.h"
#include "lib/mdhtml.h"
#include "lib/report.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

#define DOCS_MAX 4
#define CHARTS_MAX 512 /* as chart_all (chart_render.c) */

/* The report of the indexed runset (runset_index, what vmxbench report uses) is
 * the loaded one's, byte for byte, with every run closed again; charts too. */
static void indexed_same(const char *results, const char *md, FILE *null)
{
	static struct chart charts[CHARTS_MAX];
	struct runset rs;
	char *md2 = NULL;
	size_t len = 0, n;
	FILE *m = open_memstream(&md2, &len);

	if (!m || runset_index(results, &rs, null))
		abort();
	report_write(m, &rs);
	fclose(m);
	if (strcmp(md, md2) || run_open_count())
		abort();
	free(md2);
	n = chart_plan(&rs, charts, CHARTS_MAX);
	for (size_t i = 0; i < n && i < CHARTS_MAX; i++) {
		chart_write_data(&rs, &charts[i], null);
		chart_write_script(&rs, &charts[i], null);
	}
	if (run_open_count())
		abort();
	runset_free(&rs);
}

static const char sep[] = "\n--\n";

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	static FILE *null;
	static char results[300];
	static struct chart charts[CHARTS_MAX];
	static const char *const types[] = { "case", "meas", "caps", "msr" };
	const unsigned char *p = data, *end = data + size;
	char path[400];
	struct runset rs = { 0 };
	char *md = NULL;
	size_t mdlen = 0, n;
	FILE *m;

	if (!null) {
		null = fopen("/dev/null", "w");
		snprintf(results, sizeof(results), "%s/results", fuzz_tmp());
	}
	for (int i = 0; i < DOCS_MAX && p <= end; i++) {
		const unsigned char *q = memmem(p, (size_t)(end - p), sep, sizeof(sep) - 1);
		size_t len = q ? (size_t)(q - p) : (size_t)(end - p);

		snprintf(path, sizeof(path), "%s/m%d", results, i / 2);
		mkdir(results, 0700);
		mkdir(path, 0700);
		snprintf(path, sizeof(path), "%s/m%d/r%d.json", results, i / 2, i);
		fuzz_write(path, p, len);
		if (!q)
			break;
		p = q + sizeof(sep) - 1;
	}
	if (runset_load(results, &rs, null))
		abort();

	m = open_memstream(&md, &mdlen);
	if (!m)
		abort();
	report_write(m, &rs);
	fclose(m);
	mdhtml_write(null, md, "fuzz");
	indexed_same(results, md, null);
	free(md);

	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		export_write(null, &rs, types[i], EXPORT_CSV);
		export_write(null, &rs, types[i], EXPORT_JSON);
	}

	n = chart_plan(&rs, charts, CHARTS_MAX);
	for (size_t i = 0; i < n && i < CHARTS_MAX; i++) {
		chart_write_data(&rs, &charts[i], null);
		chart_write_script(&rs, &charts[i], null);
	}
	runset_free(&rs);
	fuzz_rm_tree(results);
	return 0;
}
