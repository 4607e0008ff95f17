/** @file
 * libFuzzer harness: the payload's CPUID walk (payload/platform/cpuid_walk.c)
 * compiled for the host, against a CPU described by the input: a dump of
 * 24-byte entries (leaf, sub-leaf, EAX, EBX, ECX, EDX; little-endian). A
 * leaf/sub-leaf not in the dump answers the entry for sub-leaf 0xffffffff of
 * that leaf if present (a CPU that ignores ECX), else zeros. The walk must end
 * within its caps, whatever the CPU claims. The same CPU then goes through the
 * topology decoder (platform/topology.c): shifts ordered, relations named.
 */
#include <stdlib.h>
#include <string.h>
#include "platform/cpuid_walk.h"
#include "platform/topology.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

struct ent { uint32_t leaf, sub, r[4]; };

struct cpu {
	const struct ent *e;
	size_t n;
	unsigned emits, queries;
};

/* No wildcard: an exact (leaf, sub) entry, else one with sub 0xffffffff, else zeros. */
static void query(uint32_t leaf, uint32_t sub, uint32_t r[4], void *ctx)
{
	struct cpu *c = ctx;
	const struct ent *any = NULL;

	c->queries++;
	for (size_t i = 0; i < c->n; i++) {
		if (c->e[i].leaf != leaf)
			continue;
		if (c->e[i].sub == sub) {
			memcpy(r, c->e[i].r, 16);
			return;
		}
		if (c->e[i].sub == 0xffffffffu && !any)
			any = &c->e[i];
	}
	if (any)
		memcpy(r, any->r, 16);
	else
		memset(r, 0, 16);
}

static void emit(uint32_t leaf, uint32_t sub, const uint32_t r[4], void *ctx)
{
	(void)leaf, (void)sub, (void)r;
	((struct cpu *)ctx)->emits++;
}

static void warn(const char *msg, void *ctx)
{
	(void)ctx;
	if (!msg || !memchr(msg, 0, 256))
		abort();
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct cpu c = { 0 };
	struct ent *e;
	char vendor[13];
	uint32_t r0[4] = { 0 }, r1[4] = { 0 };

	c.n = size / sizeof(struct ent);
	e = malloc(c.n ? c.n * sizeof(*e) : 1);
	if (!e)
		return 0;
	memcpy(e, data, c.n * sizeof(*e));
	c.e = e;

	struct cpuid_walk w = { query, emit, warn, &c, 0 };
	cpuid_walk(&w);
	if (w.count != c.emits)
		abort();
	/* Three ranges, each capped in leaves and sub-leaves: a hard upper bound. */
	if (c.emits > 3u * 0x41u * CPUID_SUB_CAP * 2u)
		abort();

	query(0, 0, r0, &c);
	cpuid_vendor(r0, vendor);
	if (vendor[12] != 0)
		abort();
	query(1, 0, r1, &c);
	struct cpuid_sig s = cpuid_signature(r1[0]);
	if (s.family > 0xff + 0xf || s.model > 0xff || s.stepping > 0xf)
		abort();

	/* the same dump through the topology decoder (platform/topology.c) */
	struct topo_levels lv;
	uint32_t id[TOPO_D_COUNT];

	topo_decode(query, &c, &lv);
	for (int d = 1; d < TOPO_D_COUNT; d++)
		if (lv.shift[d] < lv.shift[d - 1] || lv.shift[d] > 32)
			abort();
	if (topo_relation(&lv, lv.apic_id, lv.apic_id) != TOPO_SAME_CPU ||
	    !topo_relation_name(topo_relation(&lv, lv.apic_id, lv.apic_id ^ 0x5a5)))
		abort();
	topo_split(&lv, lv.apic_id, id);
	free(e);
	return 0;
}
