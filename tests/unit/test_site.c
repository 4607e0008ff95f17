/** @file
 * Unit tests of `vmxbench report --site` (host-tools/lib/site*.c): a run
 * whose record text is hostile (tags, a javascript: link, Markdown, a line
 * break, a path in a case id) cannot change any page's markup or escape the
 * site directory; every page has unique ids and one <h1>; file names are safe.
 */
#include <dirent.h>
#include <string.h>
#include <sys/stat.h>

#include "runfix.h"
#include "lib/site.h"
#include "lib/site_html.h"

#define HOSTILE "<script>alert(1)</script> [x](javascript:alert(2)) **b** <img src=x onerror=y>\nz"

/* No markup from the record: the page's own script is the only <script>, no javascript: URL. */
static void check_page(const char *path)
{
	char *h = unit_slurp(path, NULL);
	const char *p = h;
	size_t scripts = 0;

	while ((p = strstr(p, "<script")))
		scripts++, p++;
	if (scripts > 1 || strstr(h, "alert(1)</script>") || strstr(h, "href=\"javascript") ||
	    strstr(h, "<img src=x") || strstr(h, "<b>") || strstr(h, "onerror=y>"))
		fail_msg("%s: hostile text became markup", path);
	assert_non_null(strstr(h, "<!DOCTYPE html>"));
	assert_null(strstr(strstr(h, "<h1>") + 1, "<h1>")); /* one h1 */
	free(h);
}

static size_t check_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;
	char path[1024];

	assert_non_null(d);
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		/* names from record text keep to a safe set */
		for (const char *c = e->d_name; *c; c++)
			assert_true(strchr("abcdefghijklmnopqrstuvwxyz"
					   "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-", *c) != NULL);
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		{
			struct stat st;

			assert_int_equal(stat(path, &st), 0);
			if (S_ISDIR(st.st_mode))
				continue;
		}
		check_page(path);
		n++;
	}
	closedir(d);
	return n;
}

static void test_hostile_site(void **state)
{
	struct runfix *f = *state;
	struct loggen g;
	char site[160], sub[200];

	loggen_init(&g);
	loggen_begin(&g, "bochs:model_a");
	loggen_haswell_cpuid(&g);
	loggen_case(&g, "entry", "../../etc/passwd", "26.1<b>", HOSTILE, "ok", "exit:33:0", "DEVIATION",
		    NULL);
	loggen_case(&g, "entry<i>", "ok.1", "26.1", HOSTILE, "ok", "ok", "PASS", NULL);
	loggen_case(&g, "entry", "skip.1", "26.1", "d", "ok", NULL, "SKIP", HOSTILE);
	{
		struct rec *r = rec_open(&g.w, "meas");

		rec_str(r, "suite", "shadow");
		rec_str(r, "name", "vmread.exiting.natural");
		rec_str(r, "unit", HOSTILE);
		rec_u64(r, "reps", 1);
		rec_u64(r, "median", 100);
		rec_u64(r, "p5", 96);
		rec_u64(r, "p95", 104);
		rec_str(r, "hist", "32:10,33:500,34:20");
		rec_close(r);
	}
	loggen_end(&g);
	runfix_store(f, &g, "a-1", "1795631000");
	runfix_load(f);
	snprintf(site, sizeof(site), "%s/site", f->dir);
	assert_int_equal(site_write(site, &f->rs, stderr), 0);
	snprintf(sub, sizeof(sub), "%s", site);
	assert_int_equal(check_dir(sub), 1); /* index.html beside the three page directories */
	{
		char idx[200], *h;

		snprintf(idx, sizeof(idx), "%s/index.html", site);
		h = unit_slurp(idx, NULL);
		/* the bar chart and the CDF of the one measured figure, both inline images */
		assert_non_null(strstr(h, "alt=\"vmread.exiting.natural\""));
		assert_non_null(strstr(h, "alt=\"vmread.exiting.natural: distribution of the samples (CDF)\""));
		assert_null(strstr(h, "src=\"http"));
		free(h);
	}
	snprintf(sub, sizeof(sub), "%s/case", site);
	assert_int_equal(check_dir(sub), 3);
	snprintf(sub, sizeof(sub), "%s/model", site);
	assert_int_equal(check_dir(sub), 1);
	snprintf(sub, sizeof(sub), "%s/machine", site);
	assert_int_equal(check_dir(sub), 1);
}

static void test_site_name(void **state)
{
	char a[64], b[64];

	(void)state;
	site_name("entry.ctl.pin.bit1", a, sizeof(a));
	assert_string_equal(a, "entry.ctl.pin.bit1");
	site_name("../x", a, sizeof(a));
	assert_null(strchr(a, '/'));
	assert_true(a[0] != '.');
	site_name("a/b", a, sizeof(a));
	site_name("a_b", b, sizeof(b));
	assert_string_not_equal(a, b); /* '/' became '_' but the hash keeps them apart */
	site_name("", a, sizeof(a));
	assert_true(a[0] != 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_hostile_site, runfix_setup, runfix_teardown),
		cmocka_unit_test(test_site_name),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
