/** @file
 * platform/cpuid_walk.c: the sub-leaf rules against real CPUID dumps
 * (tests/data/real-cpus/cpuid, logical CPU #0), the caps against a CPU that
 * answers all-ones, and the signature decode.
 */
#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include "unit.h"
#include "platform/cpuid_walk.h"

#define ENT_MAX 512

struct dump {
	int n;
	struct ent {
		uint32_t leaf, sub, r[4];
		bool has_sub;
	} e[ENT_MAX];
	/* what the walk did */
	int visits;
	struct { uint32_t leaf, sub, r[4]; } v[4096];
	int warns;
};

static int load_dump(const char *path, struct dump *d)
{
	FILE *f = fopen(path, "r");
	char line[512];

	if (!f)
		return -1;
	memset(d, 0, sizeof(*d));
	while (fgets(line, sizeof(line), f)) {
		if (strstr(line, "Logical CPU #1") || (!strncmp(line, "----------", 10) && d->n))
			break;
		struct ent *e = &d->e[d->n];
		unsigned sl;
		if (sscanf(line, "CPUID %x: %x-%x-%x-%x", &e->leaf, &e->r[0], &e->r[1], &e->r[2],
			   &e->r[3]) != 5)
			continue;
		char *p = strstr(line, "[SL ");
		if (p && sscanf(p, "[SL %x]", &sl) == 1) {
			e->sub = sl;
			e->has_sub = true;
		}
		if (++d->n == ENT_MAX)
			break;
	}
	fclose(f);
	return d->n ? 0 : -1;
}

static void q_dump(uint32_t leaf, uint32_t sub, uint32_t r[4], void *ctx)
{
	struct dump *d = ctx;

	for (int i = 0; i < d->n; i++)
		if (d->e[i].leaf == leaf && (d->e[i].has_sub ? d->e[i].sub == sub : sub == 0)) {
			memcpy(r, d->e[i].r, 16);
			return;
		}
}

static void emit(uint32_t leaf, uint32_t sub, const uint32_t r[4], void *ctx)
{
	struct dump *d = ctx;

	if (d->visits < 4096) {
		d->v[d->visits].leaf = leaf;
		d->v[d->visits].sub = sub;
		memcpy(d->v[d->visits].r, r, 16);
	}
	d->visits++;
}

static void warn(const char *msg, void *ctx)
{
	(void)msg;
	((struct dump *)ctx)->warns++;
}

static bool nonzero(const uint32_t r[4]) { return r[0] | r[1] | r[2] | r[3]; }

/* Bit set of the non-zero sub-leaves (< 64) of @p leaf in the dump / in the walk. */
static uint64_t dump_subs(const struct dump *d, uint32_t leaf)
{
	uint64_t m = 0;

	for (int i = 0; i < d->n; i++)
		if (d->e[i].leaf == leaf && d->e[i].sub < 64 && nonzero(d->e[i].r))
			m |= 1ull << d->e[i].sub;
	return m;
}

static uint64_t walk_subs(const struct dump *d, uint32_t leaf)
{
	uint64_t m = 0;

	for (int i = 0; i < d->visits && i < 4096; i++)
		if (d->v[i].leaf == leaf && d->v[i].sub < 64 && nonzero(d->v[i].r))
			m |= 1ull << d->v[i].sub;
	return m;
}

static bool visited(const struct dump *d, uint32_t leaf, uint32_t sub)
{
	for (int i = 0; i < d->visits && i < 4096; i++)
		if (d->v[i].leaf == leaf && d->v[i].sub == sub)
			return true;
	return false;
}

static struct dump dump;

static void test_real_dumps(void **state)
{
	char dir[512], path[1024];
	int files = 0;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/real-cpus/cpuid", data_dir());
	DIR *dp = opendir(dir);
	assert_non_null(dp);
	struct dirent *de;
	while ((de = readdir(dp))) {
		if (!strstr(de->d_name, ".test"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (load_dump(path, &dump))
			continue; /* old basic_cpuid[] format: no sub-leaf data */
		files++;
		print_message("  %s: %d entries\n", de->d_name, dump.n);
		struct cpuid_walk w = { q_dump, emit, warn, &dump, 0 };
		cpuid_walk(&w);
		assert_int_equal(w.count, (unsigned)dump.visits);
		assert_int_equal(dump.warns, 0);
		/* Every leaf of the dump up to the maxima is visited. */
		uint32_t maxb = dump.e[0].r[0];
		for (int i = 0; i < dump.n; i++) {
			uint32_t l = dump.e[i].leaf;
			if (l <= maxb)
				assert_true(visited(&dump, l, 0));
		}
		/* Sub-leaf rules: the same non-zero sub-leaves as the dump tool found. */
		static const uint32_t leaves[] = { 4, 7, 0xb, 0xd, 0x14, 0x18, 0x1f };
		for (size_t j = 0; j < sizeof(leaves) / sizeof(leaves[0]); j++) {
			if (leaves[j] > maxb)
				continue;
			if (dump_subs(&dump, leaves[j]) != walk_subs(&dump, leaves[j]))
				print_message("  leaf %#x: dump %#llx walk %#llx\n", leaves[j],
					      (unsigned long long)dump_subs(&dump, leaves[j]),
					      (unsigned long long)walk_subs(&dump, leaves[j]));
			assert_true(dump_subs(&dump, leaves[j]) == walk_subs(&dump, leaves[j]));
		}
	}
	closedir(dp);
	assert_true(files >= 6);
}

static void q_ones(uint32_t leaf, uint32_t sub, uint32_t r[4], void *ctx)
{
	(void)leaf, (void)sub, (void)ctx;
	r[0] = r[1] = r[2] = r[3] = 0xffffffffu;
}

static void test_bogus_cpu_is_bounded(void **state)
{
	struct cpuid_walk w = { q_ones, emit, warn, &dump, 0 };

	(void)state;
	memset(&dump, 0, sizeof(dump));
	cpuid_walk(&w);
	/* basic 0..0x40, ext to 0x80000040, hv to 0x40000020, sub-leaves at most 64 each */
	assert_true(w.count < (0x41 + 0x41 + 0x21) * CPUID_SUB_CAP);
	assert_true(dump.warns >= 3);
	assert_true(visited(&dump, 0x40, 0));
	assert_false(visited(&dump, 0x41, 0));
	assert_true(visited(&dump, 0x80000040u, 0));
	assert_false(visited(&dump, 0x80000041u, 0));
	assert_true(visited(&dump, 0x40000020u, 0));
	assert_false(visited(&dump, 0x40000021u, 0));
	assert_true(visited(&dump, 4, CPUID_SUB_CAP - 1));
	assert_false(visited(&dump, 4, CPUID_SUB_CAP));
	assert_true(visited(&dump, 0xd, 63));
}

static void q_small(uint32_t leaf, uint32_t sub, uint32_t r[4], void *ctx)
{
	(void)sub, (void)ctx;
	/* max basic 1, no extended leaves (0x80000000 answers below 0x80000000), no hv */
	r[0] = leaf == 0 ? 1 : leaf == 0x80000000u ? 0x1 : 0;
}

static void test_small_cpu(void **state)
{
	struct cpuid_walk w = { q_small, emit, warn, &dump, 0 };

	(void)state;
	memset(&dump, 0, sizeof(dump));
	cpuid_walk(&w);
	assert_int_equal(w.count, 3); /* 0, 1, 0x80000000 */
	assert_int_equal(dump.warns, 0);
}

static void test_signature(void **state)
{
	struct cpuid_sig s;

	(void)state;
	s = cpuid_signature(0x000506e3); /* Skylake-S */
	assert_int_equal(s.family, 6);
	assert_int_equal(s.model, 0x5e);
	assert_int_equal(s.stepping, 3);
	s = cpuid_signature(0x00a20f10); /* Zen 3: family 0FH + extended 0AH */
	assert_int_equal(s.family, 0x19);
	assert_int_equal(s.model, 0x21);
	assert_int_equal(s.stepping, 0);
	s = cpuid_signature(0x00010543); /* family 5: extended model ignored */
	assert_int_equal(s.family, 5);
	assert_int_equal(s.model, 4);
	s = cpuid_signature(0x0ff00f00); /* extended family ignored unless family is 0FH... */
	assert_int_equal(s.family, 0xf + 0xff);
	s = cpuid_signature(0x0ff00600); /* ...and here it is not */
	assert_int_equal(s.family, 6);
}

static void test_vendor(void **state)
{
	uint32_t r[4] = { 0x16, 0x756e6547, 0x6c65746e, 0x49656e69 };
	char v[13];

	(void)state;
	cpuid_vendor(r, v);
	assert_string_equal(v, "GenuineIntel");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_dumps),
		cmocka_unit_test(test_bogus_cpu_is_bounded),
		cmocka_unit_test(test_small_cpu),
		cmocka_unit_test(test_signature),
		cmocka_unit_test(test_vendor),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
