/** @file
 * libFuzzer harness: a whole serial log through collect_log
 * (host-tools/lib/collect.h) into a results directory inside the process's
 * temporary directory, then checks what was stored: only <cpu>/<run-id>.json
 * files with safe names, each loadable as a stored run, as many as collect
 * said it stored. The results directory is removed after every input.
 */
#include "fuzztmp.h"
#include "lib/collect.h"
#include "lib/runset.h"
#include "lib/store.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static unsigned depth_files;

/* A stored name: [A-Za-z0-9._-], not starting with '.', so no traversal. */
static int safe_name(const char *n)
{
	if (!*n || *n == '.')
		return 0;
	for (; *n; n++)
		if (!((*n >= 'a' && *n <= 'z') || (*n >= 'A' && *n <= 'Z') ||
		      (*n >= '0' && *n <= '9') || *n == '.' || *n == '_' || *n == '-'))
			return 0;
	return 1;
}

static int check_one(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	if (ftw->level == 0)
		return 0;
	if (!safe_name(p + ftw->base))
		abort();
	/* level 1: <cpu> directories; level 2: <run-id>.json files; nothing else */
	if ((ftw->level == 1 && flag != FTW_D) || (ftw->level == 2 && flag != FTW_F) ||
	    ftw->level > 2)
		abort();
	if (ftw->level == 2)
		depth_files++;
	return 0;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	static FILE *null;
	static char log[300], results[300];
	struct collect_opts o = { 0 };
	struct collect_stats st = { 0 };
	struct runset rs = { 0 };

	if (!null) {
		null = fopen("/dev/null", "w");
		snprintf(log, sizeof(log), "%s/serial.log", fuzz_tmp());
		snprintf(results, sizeof(results), "%s/results", fuzz_tmp());
		setenv("VMXBENCH_NOW", "1795630502", 1); /* reproducible run ids */
	}
	fuzz_write(log, data, size);
	o.out_dir = results;
	o.quiet = false;
	collect_log(log, &o, null, null, &st);

	depth_files = 0;
	nftw(results, check_one, 16, FTW_PHYS);
	if (depth_files != st.runs_stored)
		abort();
	if (st.runs_stored) {
		if (runset_load(results, &rs, null) || rs.n != st.runs_stored)
			abort();
		runset_free(&rs);
	}
	fuzz_rm_tree(results);
	return 0;
}
