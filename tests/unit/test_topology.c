/** @file
 * platform/topology.c: the shifts decoded from the real CPUID dumps in
 * tests/data/real-cpus/cpuid (every logical CPU a dump has), against the
 * known topology of those parts, the legacy method (leaves 1 and 4) against
 * leaf 0BH/1FH on the same parts, and pair relations on real and synthetic
 * APIC ids, with malformed leaves.
 */
#include <stdio.h>
#include <string.h>

#include "unit.h"
#include "platform/topology.h"

#define ENT_MAX 1024

/* One logical CPU's leaves from a libcpuid .test dump. */
struct dump {
	int n;
	struct {
		uint32_t leaf, sub, r[4];
	} e[ENT_MAX];
	uint32_t max_leaf_cap; /* pretend leaf 0 says at most this (0: as dumped) */
};

/*
 * Logical CPU @p cpu of @p file. Two formats: "CPUID xxxxxxxx: a-b-c-d [SL nn]"
 * in sections "Logical CPU #k" (sub-leaf from [SL], else by order of
 * appearance), and the older "basic_cpuid[n]=a b c d" with intel_fn4[i]
 * and intel_fn11[i] for the sub-leaves of 4 and 0BH (one CPU only).
 * @return 0, or -1 when there is no such CPU.
 */
static int load(const char *file, int cpu, struct dump *d)
{
	char path[512], line[512];
	int cur = -1;
	bool any_section = false;
	FILE *f;

	snprintf(path, sizeof(path), "%s/real-cpus/cpuid/%s", data_dir(), file);
	f = fopen(path, "r");
	assert_non_null(f);
	memset(d, 0, sizeof(*d));
	while (fgets(line, sizeof(line), f) && d->n < ENT_MAX) {
		const char *sec = strstr(line, "Logical CPU #");
		unsigned l, s = 0, a, b, c, x;
		bool got = false, has_sl = false;

		if (!strncmp(line, "------", 6)) {
			if (sec) {
				cur = atoi(sec + 13);
				any_section = true;
			} else {
				cur = -2; /* some other section: the old format's end too */
			}
			continue;
		}
		if (any_section ? cur != cpu : (cpu != 0 || cur == -2))
			continue;
		if (sscanf(line, "CPUID %x: %x-%x-%x-%x", &l, &a, &b, &c, &x) == 5) {
			const char *sl = strstr(line, "[SL ");

			has_sl = sl && sscanf(sl, "[SL %x]", &s) == 1;
			got = true;
		} else if (sscanf(line, "basic_cpuid[%u]=%x %x %x %x", &l, &a, &b, &c, &x) == 5) {
			got = has_sl = true; /* sub-leaf 0 */
		} else if (sscanf(line, "intel_fn4[%u]=%x %x %x %x", &s, &a, &b, &c, &x) == 5) {
			l = 4, got = has_sl = true;
		} else if (sscanf(line, "intel_fn11[%u]=%x %x %x %x", &s, &a, &b, &c, &x) == 5) {
			l = 0xb, got = has_sl = true;
		}
		if (!got)
			continue;
		if (!has_sl) /* the n-th listing of a leaf is its sub-leaf n */
			for (int i = 0; i < d->n; i++)
				if (d->e[i].leaf == l)
					s = d->e[i].sub + 1;
		d->e[d->n].leaf = l;
		d->e[d->n].sub = s;
		d->e[d->n].r[0] = a, d->e[d->n].r[1] = b, d->e[d->n].r[2] = c, d->e[d->n].r[3] = x;
		d->n++;
	}
	fclose(f);
	return d->n ? 0 : -1;
}

static void q_dump(uint32_t leaf, uint32_t sub, uint32_t r[4], void *ctx)
{
	struct dump *d = ctx;

	for (int i = 0; i < d->n; i++)
		if (d->e[i].leaf == leaf && d->e[i].sub == sub) {
			memcpy(r, d->e[i].r, 16);
			break;
		}
	if (leaf == 0 && d->max_leaf_cap && r[0] > d->max_leaf_cap)
		r[0] = d->max_leaf_cap;
}

static struct dump dump;

struct part {
	const char *file;
	int cpus;                 /* logical CPUs in the dump (1: CPU #0 only) */
	enum topo_source source;
	unsigned smt_shift, pkg_shift, logical;
	uint32_t ids[24];         /* x2APIC id of each dumped CPU */
	int l2_shift, l3_shift;
};

static const struct part parts[] = {
	/* 4 cores x 2 threads; ids 0..7; only the old format for the first two */
	{ "intel-core-i7-cpu-920.test", 1, TOPO_SRC_LEAF_B, 1, 4, 8, { 3 }, 1, 4 },
	{ "intel-core-i7-2600k-cpu.test", 1, TOPO_SRC_LEAF_B, 1, 4, 8, { 0 }, 1, 4 },
	{ "intel-core-i7-3770k-cpu.test", 8, TOPO_SRC_LEAF_B, 1, 4, 8, { 0, 1, 2, 3, 4, 5, 6, 7 }, 1, 4 },
	{ "intel-core-i7-4770-cpu.test", 8, TOPO_SRC_LEAF_B, 1, 4, 8, { 0, 1, 2, 3, 4, 5, 6, 7 }, 1, 4 },
	{ "intel-core-i7-5775c-cpu.test", 8, TOPO_SRC_LEAF_B, 1, 4, 8, { 0, 1, 2, 3, 4, 5, 6, 7 }, 1, 4 },
	{ "intel-core-i7-6700k-cpu.test", 8, TOPO_SRC_LEAF_B, 1, 4, 8, { 0, 1, 2, 3, 4, 5, 6, 7 }, 1, 4 },
	{ "11th-gen-intel-core-i7-1165g7.test", 8, TOPO_SRC_LEAF_B, 1, 4, 8,
	  { 0, 1, 2, 3, 4, 5, 6, 7 }, 1, 4 },
	/* 8 P-cores x 2 threads at ids 8k, 8k+1; 8 E-cores at 0x40 + 2k; leaf 1FH
	 * enumerates only threads and cores (no module for the E-core clusters) */
	{ "12th-gen-intel-core-i9-12900k.test", 24, TOPO_SRC_LEAF_1F, 1, 7, 24,
	  { 0x00, 0x01, 0x08, 0x09, 0x10, 0x11, 0x18, 0x19, 0x20, 0x21, 0x28, 0x29,
	    0x30, 0x31, 0x38, 0x39, 0x40, 0x42, 0x44, 0x46, 0x48, 0x4a, 0x4c, 0x4e }, 3, 7 },
};

static void test_real_cpus(void **state)
{
	(void)state;
	for (size_t p = 0; p < sizeof(parts) / sizeof(parts[0]); p++) {
		const struct part *t = &parts[p];
		struct topo_levels first, lv;

		print_message("%s\n", t->file);
		for (int cpu = 0; cpu < t->cpus; cpu++) {
			assert_int_equal(load(t->file, cpu, &dump), 0);
			assert_int_equal(topo_decode(q_dump, &dump, &lv), 0);
			assert_int_equal(lv.source, t->source);
			assert_null(lv.warning);
			/* leaves 1/4 agree with 0BH/1FH on every real part: no contradiction */
			assert_null(lv.contradiction);
			assert_int_equal(lv.shift[TOPO_D_SMT], 0);
			assert_int_equal(lv.shift[TOPO_D_CORE], t->smt_shift);
			assert_int_equal(lv.shift[TOPO_D_PACKAGE], t->pkg_shift);
			/* nothing between core and package on these parts */
			assert_int_equal(lv.shift[TOPO_D_MODULE], t->pkg_shift);
			assert_int_equal(lv.shift[TOPO_D_DIE], t->pkg_shift);
			assert_int_equal(lv.present, 1u << TOPO_D_SMT | 1u << TOPO_D_CORE |
							     1u << TOPO_D_PACKAGE);
			assert_int_equal(lv.logical, t->logical);
			assert_int_equal(lv.apic_id, t->ids[cpu]);
			assert_int_equal(lv.cache_shift[2], t->l2_shift);
			assert_int_equal(lv.cache_shift[3], t->l3_shift);
			if (cpu == 0)
				first = lv;
			/* every CPU, P-core or E-core, gives the same shifts */
			assert_memory_equal(first.shift, lv.shift, sizeof(lv.shift));

			/* the legacy method (leaves 1 and 4) agrees with 0BH/1FH */
			dump.max_leaf_cap = 0xa;
			assert_int_equal(topo_decode(q_dump, &dump, &lv), 0);
			assert_int_equal(lv.source, TOPO_SRC_LEGACY);
			assert_int_equal(lv.shift[TOPO_D_CORE], t->smt_shift);
			assert_int_equal(lv.shift[TOPO_D_PACKAGE], t->pkg_shift);
			assert_int_equal(lv.apic_id & 0xff, t->ids[cpu] & 0xff);
		}
		/* threads 2k and 2k+1 are one core's; the dumped parts have one package */
		for (int i = 0; i < t->cpus; i++)
			for (int j = 0; j < t->cpus; j++) {
				uint32_t a = t->ids[i], b = t->ids[j];
				enum topo_relation r = topo_relation(&first, a, b);

				if (a == b)
					assert_int_equal(r, TOPO_SAME_CPU);
				else if (a < 0x40 && (a >> 1) == (b >> 1))
					assert_int_equal(r, TOPO_SMT_SIBLING);
				else
					assert_int_equal(r, TOPO_SAME_PACKAGE);
			}
	}
}

static void test_hybrid_caches(void **state)
{
	struct topo_levels lv;

	(void)state;
	assert_int_equal(load("12th-gen-intel-core-i9-12900k.test", 16, &dump), 0);
	assert_int_equal(topo_decode(q_dump, &dump, &lv), 0);
	/* the E-cores of a cluster share an L2 that leaf 1FH does not call a module */
	assert_int_equal(topo_relation(&lv, 0x40, 0x46), TOPO_SAME_PACKAGE);
	assert_true(topo_share_cache(&lv, 2, 0x40, 0x46));
	assert_false(topo_share_cache(&lv, 2, 0x46, 0x48));
	assert_true(topo_share_cache(&lv, 2, 0x08, 0x09));
	assert_false(topo_share_cache(&lv, 2, 0x08, 0x10));
	assert_true(topo_share_cache(&lv, 3, 0x00, 0x4e));
	assert_false(topo_share_cache(&lv, 4, 0x00, 0x00));
	assert_false(topo_share_cache(&lv, 0, 0x00, 0x00));
}

/* A synthetic CPU: leaf 0 max, leaf 1, and the levels of 0BH and 1FH given as tables. */
struct level {
	uint32_t type, shift, count;
};

struct synth {
	uint32_t max_leaf, leaf1_ebx, leaf1_edx, leaf4_eax, x2apic_id;
	struct level b[8], f[8]; /* end at type 0 (or not, to test the cap) */
	bool endless_b;
};

static void q_synth(uint32_t leaf, uint32_t sub, uint32_t r[4], void *ctx)
{
	const struct synth *s = ctx;
	const struct level *l;

	switch (leaf) {
	case 0:
		r[0] = s->max_leaf;
		break;
	case 1:
		r[1] = s->leaf1_ebx;
		r[3] = s->leaf1_edx;
		break;
	case 4:
		r[0] = sub == 0 ? s->leaf4_eax : 0;
		break;
	case 0xb:
	case 0x1f:
		l = leaf == 0xb ? s->b : s->f;
		if (leaf == 0xb && s->endless_b)
			sub = 0;
		if (sub >= 8)
			break;
		r[0] = l[sub].shift;
		r[1] = l[sub].count;
		r[2] = l[sub].type << 8 | sub;
		r[3] = s->x2apic_id;
		break;
	}
}

static void test_leaf1f_levels(void **state)
{
	/* a made-up two-package part: SMT 1 bit, core 2, module 1, die 2, package above */
	struct synth s = {
		.max_leaf = 0x1f, .leaf1_edx = 1u << 28, .leaf1_ebx = 0x40u << 16,
		.x2apic_id = 0x5b,
		.b = { { 1, 1, 2 }, { 2, 6, 64 } },
		.f = { { 1, 1, 2 }, { 2, 3, 8 }, { 3, 4, 16 }, { 5, 6, 64 } },
	};
	struct topo_levels lv;
	uint32_t id[TOPO_D_COUNT];

	(void)state;
	assert_int_equal(topo_decode(q_synth, &s, &lv), 0);
	assert_int_equal(lv.source, TOPO_SRC_LEAF_1F);
	assert_int_equal(lv.apic_id, 0x5b);
	assert_int_equal(lv.logical, 64);
	assert_int_equal(lv.shift[TOPO_D_CORE], 1);
	assert_int_equal(lv.shift[TOPO_D_MODULE], 3);
	assert_int_equal(lv.shift[TOPO_D_TILE], 4); /* not enumerated: as wide as the die */
	assert_int_equal(lv.shift[TOPO_D_DIE], 4);
	assert_int_equal(lv.shift[TOPO_D_PACKAGE], 6);
	assert_int_equal(lv.cache_shift[2], -1);

	assert_int_equal(topo_relation(&lv, 0x10, 0x10), TOPO_SAME_CPU);
	assert_int_equal(topo_relation(&lv, 0x00, 0x01), TOPO_SMT_SIBLING);
	assert_int_equal(topo_relation(&lv, 0x41, 0x40), TOPO_SMT_SIBLING);
	assert_int_equal(topo_relation(&lv, 0x00, 0x02), TOPO_SAME_MODULE);
	assert_int_equal(topo_relation(&lv, 0x01, 0x07), TOPO_SAME_MODULE);
	assert_int_equal(topo_relation(&lv, 0x00, 0x08), TOPO_SAME_DIE);
	assert_int_equal(topo_relation(&lv, 0x00, 0x10), TOPO_SAME_PACKAGE);
	assert_int_equal(topo_relation(&lv, 0x3f, 0x00), TOPO_SAME_PACKAGE);
	assert_int_equal(topo_relation(&lv, 0x00, 0x40), TOPO_OTHER_PACKAGE);
	assert_int_equal(topo_relation(&lv, 0x00, 0xffffffffu), TOPO_OTHER_PACKAGE);

	/* 0x5b = 01 01 1 01 1: package 1, die 1, module 1, core 1, thread 1 */
	topo_split(&lv, 0x5b, id);
	assert_int_equal(id[TOPO_D_SMT], 1);
	assert_int_equal(id[TOPO_D_CORE], 1);
	assert_int_equal(id[TOPO_D_MODULE], 1);
	assert_int_equal(id[TOPO_D_TILE], 0);
	assert_int_equal(id[TOPO_D_DIE], 1);
	assert_int_equal(id[TOPO_D_DIEGRP], 0);
	assert_int_equal(id[TOPO_D_PACKAGE], 1);
	topo_split(&lv, 0x26, id); /* 00 10 0 11 0 */
	assert_int_equal(id[TOPO_D_SMT], 0);
	assert_int_equal(id[TOPO_D_CORE], 3);
	assert_int_equal(id[TOPO_D_MODULE], 0);
	assert_int_equal(id[TOPO_D_DIE], 2);
	assert_int_equal(id[TOPO_D_PACKAGE], 0);

	/* the same CPU with a 1FH that lists a type it does not know: it only widens the id */
	s.f[3] = (struct level){ 9, 5, 32 };
	s.f[4] = (struct level){ 5, 6, 64 };
	assert_int_equal(topo_decode(q_synth, &s, &lv), 0);
	assert_int_equal(lv.source, TOPO_SRC_LEAF_1F);
	assert_int_equal(lv.shift[TOPO_D_DIE], 5);
	assert_int_equal(topo_relation(&lv, 0x00, 0x10), TOPO_SAME_DIE);
}

static void test_fallbacks(void **state)
{
	struct synth s = {
		.max_leaf = 0x1f, .leaf1_edx = 1u << 28, .leaf1_ebx = 0x03100000u,
		.leaf4_eax = 7u << 26 | 0x121, .x2apic_id = 3,
		.b = { { 1, 1, 2 }, { 2, 4, 8 } },
		.f = { { 1, 1, 2 }, { 2, 4, 8 } },
	};
	struct topo_levels lv;

	(void)state;
	/* 1FH not enumerated (EBX 0): 0BH, without a warning */
	s.f[0].count = 0;
	assert_int_equal(topo_decode(q_synth, &s, &lv), 0);
	assert_int_equal(lv.source, TOPO_SRC_LEAF_B);
	assert_null(lv.warning);
	/* 1FH with shifts going down: refused, said so */
	s.f[0] = (struct level){ 1, 5, 2 };
	assert_int_equal(topo_decode(q_synth, &s, &lv), 0);
	assert_int_equal(lv.source, TOPO_SRC_LEAF_B);
	assert_non_null(lv.warning);
	assert_int_equal(lv.shift[TOPO_D_CORE], 1);
	assert_int_equal(lv.shift[TOPO_D_PACKAGE], 4);
	/* level types out of order */
	s.f[0] = (struct level){ 2, 1, 2 };
	s.f[1] = (struct level){ 1, 4, 8 };
	assert_int_equal(topo_decode(q_synth, &s, &lv), 0);
	assert_int_equal(lv.source, TOPO_SRC_LEAF_B);
	assert_non_null(lv.warning);
	/* 0BH that never ends: refused, leaves 1 and 4 (16 ids, 8 cores: 1 + 3 bits) */
	s.endless_b = true;
	assert_int_equal(topo_decode(q_synth, &s, &lv), 0);
	assert_int_equal(lv.source, TOPO_SRC_LEGACY);
	assert_non_null(lv.warning);
	assert_int_equal(lv.apic_id, 3);
	assert_int_equal(lv.shift[TOPO_D_CORE], 1);
	assert_int_equal(lv.shift[TOPO_D_PACKAGE], 4);
	assert_int_equal(lv.logical, 0);
	assert_int_equal(topo_relation(&lv, 2, 3), TOPO_SMT_SIBLING);
	assert_int_equal(topo_relation(&lv, 2, 4), TOPO_SAME_PACKAGE);
	assert_int_equal(topo_relation(&lv, 2, 0x12), TOPO_OTHER_PACKAGE);
	/* a leaf 0BH is never read past the maximum leaf */
	s.endless_b = false;
	s.max_leaf = 0xa;
	assert_int_equal(topo_decode(q_synth, &s, &lv), 0);
	assert_int_equal(lv.source, TOPO_SRC_LEGACY);
	assert_null(lv.warning);
	/* no HTT: one logical processor per package, whatever EBX[23:16] says */
	s.leaf1_edx = 0;
	assert_int_equal(topo_decode(q_synth, &s, &lv), 0);
	assert_int_equal(lv.shift[TOPO_D_PACKAGE], 0);
	assert_int_equal(topo_relation(&lv, 0, 1), TOPO_OTHER_PACKAGE);
	/* no leaf 4: one core, all ids threads */
	s.leaf1_edx = 1u << 28;
	s.max_leaf = 1;
	assert_int_equal(topo_decode(q_synth, &s, &lv), 0);
	assert_int_equal(lv.shift[TOPO_D_CORE], 4);
	assert_int_equal(lv.shift[TOPO_D_PACKAGE], 4);
	assert_int_equal(topo_relation(&lv, 0, 15), TOPO_SMT_SIBLING);
	/* no leaf 1 at all */
	s.max_leaf = 0;
	assert_int_equal(topo_decode(q_synth, &s, &lv), -1);
	assert_int_equal(lv.source, TOPO_SRC_NONE);
}

/* Bochs 2.7, cpu: count=1:2:2: leaf 0BH says 2 threads and 1 core per package, leaves 1/4 say 4 ids, 2 cores. */
static void test_contradiction(void **state)
{
	struct synth s = {
		.max_leaf = 0xb, .leaf1_edx = 1u << 28, .leaf1_ebx = 0x00040000u,
		.leaf4_eax = 1u << 26 | 0x121,
		.b = { { 1, 1, 2 }, { 2, 1, 2 } },
	};
	struct topo_levels lv;

	(void)state;
	assert_int_equal(topo_decode(q_synth, &s, &lv), 0);
	assert_int_equal(lv.source, TOPO_SRC_LEAF_B);
	assert_int_equal(lv.shift[TOPO_D_PACKAGE], 1);
	assert_non_null(lv.contradiction);
	assert_int_equal(lv.legacy_package_shift, 2);
	/* the same leaf 0BH with a leaf 1 that agrees (2 ids, 1 core): no contradiction */
	s.leaf1_ebx = 0x00020000u;
	s.leaf4_eax = 0x121;
	assert_int_equal(topo_decode(q_synth, &s, &lv), 0);
	assert_null(lv.contradiction);
	/* leaf 1's 8 bits saturated (128 ids or more): not compared */
	s.leaf1_ebx = 0x00800000u;
	assert_int_equal(topo_decode(q_synth, &s, &lv), 0);
	assert_null(lv.contradiction);
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(topo_relation_name(TOPO_SAME_CPU), "same-cpu");
	assert_string_equal(topo_relation_name(TOPO_SMT_SIBLING), "smt-sibling");
	assert_string_equal(topo_relation_name(TOPO_SAME_MODULE), "same-module");
	assert_string_equal(topo_relation_name(TOPO_SAME_TILE), "same-tile");
	assert_string_equal(topo_relation_name(TOPO_SAME_DIE), "same-die");
	assert_string_equal(topo_relation_name(TOPO_SAME_DIEGRP), "same-die-group");
	assert_string_equal(topo_relation_name(TOPO_SAME_PACKAGE), "same-package");
	assert_string_equal(topo_relation_name(TOPO_OTHER_PACKAGE), "other-package");
	assert_string_equal(topo_relation_name(TOPO_REL_COUNT), "?");
	assert_string_equal(topo_domain_name(TOPO_D_CORE), "core");
	assert_string_equal(topo_domain_name(TOPO_D_PACKAGE), "package");
	assert_string_equal(topo_domain_name(TOPO_D_COUNT), "?");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_cpus),
		cmocka_unit_test(test_hybrid_caches),
		cmocka_unit_test(test_leaf1f_levels),
		cmocka_unit_test(test_fallbacks),
		cmocka_unit_test(test_contradiction),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
