/** @file
 * Unit tests of CPU identification (host-tools/lib/cpuident.c, uarch.c):
 * every real-CPU dump in tests/data/real-cpus/cpuid/ (the .test files) is turned into
 * payload-style cpuid records (through the record writer and reader), then
 * identified; the codename must agree with the file's expected one, with
 * cpuid_tool on our --raw output, and with our family/model table.
 */
#include <dirent.h>
#include <stdio.h>
#include <unistd.h>

#include "unit.h"
#include "loggen.h"
#include "lib/cpudump_text.h"
#include "lib/cpuident.h"
#include "lib/logscan.h"
#include "lib/uarch.h"

/* Read a whole file (tests only: small files). */
/*
 * A libcpuid .test file (either dump format): the first logical CPU's dump
 * through the library's reader (`vmxbench identify DUMP`), and the block of
 * expected answers after the first dashed line.
 */
static void parse_dump(const char *path, struct cpuid_dump *d, char exp[][128], int *nexp)
{
	size_t len;
	char *buf = unit_slurp(path, &len), err[256], *p, *nl;
	int in_exp = 0;

	memset(d, 0, sizeof(*d));
	if (cpudump_parse(buf, len, d, err, sizeof(err)))
		fail_msg("%s: %s", path, err);
	*nexp = 0;
	for (p = buf; p && *p; p = nl ? nl + 1 : NULL) {
		nl = strchr(p, '\n');
		if (nl)
			*nl = 0;
		p[strcspn(p, "\r")] = 0;
		if (strncmp(p, "-----", 5) == 0 && strspn(p, "-") == strlen(p)) {
			if (in_exp)
				break; /* only the first expected block */
			in_exp = 1;
		} else if (in_exp && *nexp < 40) {
			snprintf(exp[(*nexp)++], 128, "%.127s", p);
		}
	}
	free(buf);
}

/* Dump → payload records (writer) → reader → records array. */
static json_t *dump_to_records(const struct cpuid_dump *d)
{
	struct loggen g;
	struct logscan s;
	json_t *recs;

	loggen_init(&g);
	loggen_begin(&g, NULL);
	for (size_t i = 0; i < d->n; i++)
		loggen_cpuid(&g, d->v[i].leaf, d->v[i].sub, d->v[i].r);
	loggen_end(&g);
	logscan_init(&s);
	logscan_feed(&s, g.buf, g.len);
	logscan_finish(&s);
	assert_int_equal(s.nerrors, 0);
	assert_int_equal(s.nruns, 1);
	recs = json_incref(s.runs[0].records);
	logscan_free(&s);
	loggen_free(&g);
	return recs;
}

/* "A (B)" → A and B. */
static void split_codename(const char *c, char *a, char *b)
{
	const char *p = strstr(c, " (");

	*a = *b = 0;
	if (!p) {
		strcpy(a, c);
		return;
	}
	memcpy(a, c, (size_t)(p - c));
	a[p - c] = 0;
	strcpy(b, p + 2);
	b[strcspn(b, ")")] = 0;
}

static int prefix_either(const char *x, const char *y)
{
	size_t n = strlen(x) < strlen(y) ? strlen(x) : strlen(y);

	return n > 0 && strncmp(x, y, n) == 0;
}

static int have_cpuid_tool(void)
{
	return system("command -v cpuid_tool >/dev/null 2>&1") == 0;
}

/* cpuid_tool --load=RAW --codename: its last line (multi-CPU output starts with dashes). */
static void cpuid_tool_codename(const char *raw, char *out, size_t sz)
{
	char cmd[600], line[256];
	FILE *p;

	*out = 0;
	snprintf(cmd, sizeof(cmd), "cpuid_tool --load='%s' --codename 2>/dev/null", raw);
	p = popen(cmd, "r");
	assert_non_null(p);
	while (fgets(line, sizeof(line), p)) {
		line[strcspn(line, "\r\n")] = 0;
		if (line[0] && strncmp(line, "---", 3) != 0)
			snprintf(out, sz, "%.127s", line);
	}
	pclose(p);
}

static void test_real_cpus(void **state)
{
	char dir[512], path[1024], exp[40][128], raw[] = "/tmp/vmxb-test-raw-XXXXXX";
	DIR *dp;
	struct dirent *e;
	int files = 0, tool = have_cpuid_tool(), fd;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/real-cpus/cpuid", data_dir());
	dp = opendir(dir);
	if (!dp) {
		print_message("no %s: skipped\n", dir);
		skip();
	}
	fd = mkstemp(raw);
	assert_true(fd >= 0);
	close(fd);
	while ((e = readdir(dp))) {
		struct cpuid_dump d;
		struct cpu_ident id;
		char err[256], la[64], lb[64], ea[64], eb[64], tool_name[128];
		int nexp;
		json_t *recs;

		if (!strstr(e->d_name, ".test"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		parse_dump(path, &d, exp, &nexp);
		assert_true(d.n > 10);
		assert_true(nexp > 30);

		recs = dump_to_records(&d);
		assert_int_equal(cpu_ident_from_records(recs, &id, err, sizeof(err)), 0);
		json_decref(recs);
		/* expected block: arch, level, purpose, family, model, stepping, ext family, ext model, … codename, technology, flags */
		split_codename(id.libcpuid_codename, la, lb);
		split_codename(exp[nexp - 3], ea, eb);
		print_message("%-40s %-24s libcpuid \"%s\", expected \"%s\", table %s%s\n", e->d_name,
			      id.brand, id.libcpuid_codename, exp[nexp - 3], id.uarch,
			      id.doubtful ? " DOUBTFUL" : "");
		assert_int_equal(id.family, (unsigned)atoi(exp[6]));
		assert_int_equal(id.model, (unsigned)atoi(exp[7]));
		assert_int_equal(id.stepping, (unsigned)atoi(exp[5]));
		assert_string_equal(id.vendor, "GenuineIntel");
		assert_true(id.brand[0] != 0);
		/*
		 * The files' expectations come from a newer libcpuid, which writes
		 * "Core i7 (Haswell)" where 0.6.2 writes "Haswell (Core i7)" and may add
		 * a suffix ("Tiger Lake-UP3"): same brand part, same microarchitecture.
		 */
		assert_string_equal(lb, ea);
		if (!prefix_either(la, eb))
			fail_msg("%s: libcpuid 0.6.2 says \"%s\", file expects \"%s\"", e->d_name,
				 id.libcpuid_codename, exp[nexp - 3]);
		assert_false(id.doubtful);
		assert_string_equal(id.codename, id.uarch);

		/* Our raw file, loaded by libcpuid itself, gives the same data and name. */
		assert_int_equal(cpuid_dump_write_raw(&d, raw), 0);
		{
			struct cpu_raw_data_t a, b;

			cpuid_dump_to_raw(&d, &a);
			assert_int_equal(cpuid_deserialize_raw_data(&b, raw), 0);
			assert_memory_equal(&a, &b, sizeof(a));
		}
		/* ... and `identify DUMP` reads that raw file back to the same libcpuid data. */
		{
			struct cpuid_dump back = { 0 };
			struct cpu_raw_data_t a, b;
			size_t len;
			char *buf = unit_slurp(raw, &len);

			assert_int_equal(cpudump_detect(buf, len), CPUDUMP_LIBCPUID);
			assert_int_equal(cpudump_parse(buf, len, &back, err, sizeof(err)), 0);
			cpuid_dump_to_raw(&d, &a);
			cpuid_dump_to_raw(&back, &b);
			assert_memory_equal(&a, &b, sizeof(a));
			cpuid_dump_free(&back);
			free(buf);
		}
		if (tool) {
			cpuid_tool_codename(raw, tool_name, sizeof(tool_name));
			assert_string_equal(tool_name, id.libcpuid_codename);
		}
		cpuid_dump_free(&d);
		files++;
	}
	closedir(dp);
	unlink(raw);
	if (!tool)
		print_message("cpuid_tool not installed: the cpuid_tool cross-check was skipped\n");
	assert_true(files >= 8);
}

static void dump_of(struct cpuid_dump *d, const char *vendor, uint32_t eax1, uint32_t ecx1)
{
	uint32_t r0[4] = { 0xd, 0, 0, 0 }, r1[4] = { eax1, 0, ecx1, 0 };

	memcpy(&r0[1], vendor, 4);
	memcpy(&r0[3], vendor + 4, 4);
	memcpy(&r0[2], vendor + 8, 4);
	d->v = NULL;
	d->n = 0;
	cpuid_dump_add(d, 0, 0, r0);
	cpuid_dump_add(d, 1, 0, r1);
}

/* CPUs libcpuid 0.6.2 predates, other vendors, no data: doubtful with a reason. */
static void test_doubtful(void **state)
{
	struct cpuid_dump d;
	struct cpu_ident id;
	json_t *none = json_array();
	char err[64];

	(void)state;
	dump_of(&d, "GenuineIntel", 0x000a06a4, 0); /* Meteor Lake: family 6 model 0xaa */
	cpu_ident_from_dump(&d, &id);
	assert_int_equal(id.model, 0xaa);
	assert_true(id.doubtful);
	assert_string_equal(id.codename, "Meteor Lake");
	assert_non_null(strstr(id.reason, "newer than libcpuid 0.6.2"));
	cpuid_dump_free(&d);

	dump_of(&d, "GenuineIntel", 0x000f0ff0, 0); /* family 6 model 0xff: not in the table */
	cpu_ident_from_dump(&d, &id);
	assert_true(id.doubtful);
	assert_non_null(strstr(id.reason, "not in vmxbench's table"));
	cpuid_dump_free(&d);

	dump_of(&d, "CentaurHauls", 0x000006f2, 0);
	cpu_ident_from_dump(&d, &id);
	assert_true(id.doubtful);
	assert_non_null(strstr(id.reason, "neither Intel nor AMD"));
	cpuid_dump_free(&d);

	dump_of(&d, "AuthenticAMD", 0x00a00f11, 1u << 31); /* EPYC Milan under a hypervisor */
	cpu_ident_from_dump(&d, &id);
	assert_int_equal(id.family, 0x19);
	assert_int_equal(id.model, 0x01);
	assert_true(id.hypervisor);
	assert_string_equal(id.uarch, "Zen 3");
	cpuid_dump_free(&d);

	assert_int_equal(cpu_ident_from_records(none, &id, err, sizeof(err)), 0);
	assert_false(id.have_cpuid);
	assert_true(id.doubtful);
	assert_string_equal(id.codename, "unknown");
	json_decref(none);
}

/* A table row whose libcpuid name disagrees is flagged. */
static void test_uarch_match(void **state)
{
	const struct uarch *u = uarch_lookup("GenuineIntel", 6, 0x3c, 3);

	(void)state;
	assert_non_null(u);
	assert_true(uarch_matches(u, "Haswell (Core i7)"));
	assert_false(uarch_matches(u, "Broadwell (Core i7)"));
	u = uarch_lookup("GenuineIntel", 6, 0x9e, 10);
	assert_string_equal(u->name, "Coffee Lake");
	assert_true(uarch_matches(u, "Coffee Lake (Core i7)"));
	assert_null(uarch_lookup("GenuineIntel", 6, 0x01, 0));
}

static void test_hexstr(void **state)
{
	uint64_t v;

	(void)state;
	assert_int_equal(hexstr_u64("0x0", &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(hexstr_u64("0xffffffffffffffff", &v), 0);
	assert_true(v == UINT64_MAX);
	assert_int_not_equal(hexstr_u64("0x1ffffffffffffffff", &v), 0);
	assert_int_not_equal(hexstr_u64("0x", &v), 0);
	assert_int_not_equal(hexstr_u64("12", &v), 0);
	assert_int_not_equal(hexstr_u64("0xg", &v), 0);
	assert_int_not_equal(hexstr_u64(NULL, &v), 0);
}

/* A cpuid record with a malformed register is an error naming it. */
static void test_bad_cpuid_record(void **state)
{
	json_t *recs = json_pack("[{s:s, s:i, s:s, s:s, s:s, s:s, s:s, s:s}]", "type", "cpuid",
				 "seq", 3, "leaf", "0x1", "sub", "0x0", "eax", "0x1", "ebx",
				 "0x100000000", "ecx", "0x0", "edx", "0x0");
	struct cpu_ident id;
	char err[128];

	(void)state;
	assert_int_not_equal(cpu_ident_from_records(recs, &id, err, sizeof(err)), 0);
	assert_non_null(strstr(err, "seq 3"));
	assert_non_null(strstr(err, "ebx"));
	json_decref(recs);
}

/* The payload's own identity record must agree with the cpuid records. */
static void test_identity_crosscheck(void **state)
{
	struct loggen g;
	struct logscan sc;
	struct cpu_ident id;
	struct rec *r;
	char err[64];

	(void)state;
	for (int model = 0x3c; model <= 0x3d; model++) {
		loggen_init(&g);
		loggen_begin(&g, NULL);
		loggen_haswell_cpuid(&g);
		r = rec_open(&g.w, "identity");
		rec_str(r, "vendor", "GenuineIntel");
		rec_u64(r, "family", 6);
		rec_u64(r, "model", (uint64_t)model);
		rec_u64(r, "stepping", 3);
		rec_close(r);
		loggen_end(&g);
		logscan_init(&sc);
		logscan_feed(&sc, g.buf, g.len);
		logscan_finish(&sc);
		assert_int_equal(sc.nruns, 1);
		assert_int_equal(cpu_ident_from_records(sc.runs[0].records, &id, err, sizeof(err)), 0);
		if (model == 0x3c) {
			assert_false(id.doubtful);
		} else {
			assert_true(id.doubtful);
			assert_non_null(strstr(id.reason, "identity record"));
		}
		logscan_free(&sc);
		loggen_free(&g);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_cpus),
		cmocka_unit_test(test_doubtful),
		cmocka_unit_test(test_uarch_match),
		cmocka_unit_test(test_hexstr),
		cmocka_unit_test(test_bad_cpuid_record),
		cmocka_unit_test(test_identity_crosscheck),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
