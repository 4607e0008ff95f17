/** @file
 * The ACPI walk to the logical processors (payload/platform/acpi.c): a real
 * MADT captured from a 2-CPU machine (tests/data/acpi/madt-host-2cpu.bin)
 * and tables built here, laid out in a fake physical memory that the walk
 * reads only through its map callback: XSDT and RSDT, xAPIC and x2APIC
 * entries, duplicates, disabled entries, more CPUs than ACPI_CPU_MAX, and
 * malformed tables (checksum, truncated and zero-length entries, lengths
 * beyond readable memory).
 */
#include <stdio.h>
#include <string.h>

#include "unit.h"
#include "platform/acpi.h"

/*
 * Fake physical memory: MEM_SIZE bytes at MEM_BASE, and the same bytes again
 * above 4 GiB at MEM_HI (so XSDT entries can point past 32 bits). Only the
 * first `readable` bytes of the window can be mapped.
 */
#define MEM_BASE 0x100000ull
#define MEM_HI 0x1234500000ull
#define MEM_SIZE (512u * 1024u)

#define RSDP_PA (MEM_BASE + 0x0)
#define XSDT_PA (MEM_BASE + 0x1000)
#define RSDT_PA (MEM_BASE + 0x2000)
#define FACP_PA (MEM_BASE + 0x3000)
#define MADT_PA (MEM_BASE + 0x10000)
#define MADT2_PA (MEM_BASE + 0x40000)

static uint8_t mem[MEM_SIZE];
static size_t readable;
static unsigned maps;

static const uint8_t *fake_map(void *ctx, uint64_t pa, size_t len)
{
	uint64_t base = pa >= MEM_HI ? MEM_HI : MEM_BASE;

	(void)ctx;
	maps++;
	if (pa < base || pa - base > readable || len > readable - (pa - base))
		return NULL;
	return mem + (pa - base);
}

static const struct acpi_mem fake = { fake_map, NULL };

static uint8_t *at(uint64_t pa) { return mem + (pa - MEM_BASE); }

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void put64(uint8_t *p, uint64_t v)
{
	put32(p, (uint32_t)v);
	put32(p + 4, (uint32_t)(v >> 32));
}

static uint8_t sum(const uint8_t *p, size_t n)
{
	uint8_t s = 0;

	while (n--)
		s = (uint8_t)(s + *p++);
	return s;
}

/* Set the checksum byte (offset 9) of the table at @p p from its Length. */
static void fix_sum(uint8_t *p)
{
	uint32_t len = (uint32_t)p[4] | (uint32_t)p[5] << 8 | (uint32_t)p[6] << 16 |
		       (uint32_t)p[7] << 24;

	p[9] = 0;
	p[9] = (uint8_t)-sum(p, len);
}

static void header(uint8_t *p, const char *sig, uint32_t len)
{
	memset(p, 0, ACPI_HDR_LEN);
	memcpy(p, sig, 4);
	put32(p + 4, len);
	p[8] = 1;
	memcpy(p + 10, "VMXBEN", 6);
}

static void make_rsdp(unsigned rev, uint32_t rsdt, uint64_t xsdt)
{
	uint8_t *p = at(RSDP_PA);

	memset(p, 0, 36);
	memcpy(p, "RSD PTR ", 8);
	memcpy(p + 9, "VMXBEN", 6);
	p[15] = (uint8_t)rev;
	put32(p + 16, rsdt);
	p[8] = (uint8_t)-sum(p, 20);
	if (rev >= 2) {
		put32(p + 20, 36);
		put64(p + 24, xsdt);
		p[32] = (uint8_t)-sum(p, 36);
	}
}

/* A root table (@p esize 8: XSDT, 4: RSDT) listing @p n addresses. */
static void make_root(uint64_t pa, unsigned esize, const uint64_t *e, unsigned n)
{
	uint8_t *p = at(pa);

	header(p, esize == 8 ? "XSDT" : "RSDT", ACPI_HDR_LEN + esize * n);
	for (unsigned i = 0; i < n; i++) {
		if (esize == 8)
			put64(p + ACPI_HDR_LEN + 8 * i, e[i]);
		else
			put32(p + ACPI_HDR_LEN + 4 * i, (uint32_t)e[i]);
	}
	fix_sum(p);
}

/* A MADT built entry by entry. */
struct madt {
	uint8_t *p;
	uint32_t len;
};

static struct madt madt_begin(uint64_t pa, uint32_t lapic)
{
	struct madt m = { at(pa), 44 };

	header(m.p, "APIC", 44);
	put32(m.p + 36, lapic);
	put32(m.p + 40, 1); /* PCAT_COMPAT */
	return m;
}

static uint8_t *madt_entry(struct madt *m, uint8_t type, uint8_t len)
{
	uint8_t *e = m->p + m->len;

	memset(e, 0, len);
	e[0] = type;
	e[1] = len;
	m->len += len;
	return e;
}

static void lapic(struct madt *m, uint8_t uid, uint8_t id, uint32_t flags)
{
	uint8_t *e = madt_entry(m, 0, 8);

	e[2] = uid;
	e[3] = id;
	put32(e + 4, flags);
}

static void x2apic(struct madt *m, uint32_t id, uint32_t flags, uint32_t uid)
{
	uint8_t *e = madt_entry(m, 9, 16);

	put32(e + 4, id);
	put32(e + 8, flags);
	put32(e + 12, uid);
}

static void ioapic(struct madt *m)
{
	uint8_t *e = madt_entry(m, 1, 12);

	put32(e + 4, 0xfec00000u);
}

static void madt_end(struct madt *m)
{
	put32(m->p + 4, m->len);
	fix_sum(m->p);
}

/* The usual layout: RSDP (revision 2) → XSDT → a FACP, then the MADT at MADT_PA; RSDT too. */
static int setup(void **state)
{
	uint64_t e[2] = { FACP_PA, MADT_PA };

	(void)state;
	memset(mem, 0, sizeof(mem));
	readable = MEM_SIZE;
	header(at(FACP_PA), "FACP", 244);
	fix_sum(at(FACP_PA));
	make_root(XSDT_PA, 8, e, 2);
	make_root(RSDT_PA, 4, e, 2);
	make_rsdp(2, (uint32_t)RSDT_PA, XSDT_PA);
	return 0;
}

static int walk(struct acpi_cpus *c)
{
	memset(c, 0xa5, sizeof(*c)); /* nothing left over from before */
	return acpi_madt_cpus(&fake, RSDP_PA, c);
}

static void assert_ok(const struct acpi_cpus *c, int rc)
{
	if (rc != ACPI_OK)
		print_error("walk failed: %s: %s at %#llx\n", c->error.table, c->error.why,
			    (unsigned long long)c->error.pa);
	assert_int_equal(rc, ACPI_OK);
	assert_null(c->error.why);
}

static size_t load(const char *name, uint8_t *buf, size_t cap)
{
	char path[512];
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "%s/acpi/%s", data_dir(), name);
	f = fopen(path, "rb");
	assert_non_null(f);
	n = fread(buf, 1, cap, f);
	fclose(f);
	return n;
}

static void test_captured(void **state)
{
	struct acpi_cpus c;
	size_t n;

	(void)state;
	n = load("madt-host-2cpu.bin", at(MADT_PA), 4096);
	assert_int_equal(n, 72);
	/* on its own */
	assert_int_equal(acpi_madt_parse(at(MADT_PA), n, &c), ACPI_OK);
	assert_int_equal(c.n, 2);
	/* and through the fake RSDP and XSDT */
	assert_ok(&c, walk(&c));
	assert_true(c.via_xsdt);
	assert_null(c.warning);
	assert_int_equal(c.madt_pa, MADT_PA);
	assert_int_equal(c.n, 2);
	assert_int_equal(c.cpu[0].apic_id, 0);
	assert_int_equal(c.cpu[0].uid, 0);
	assert_false(c.cpu[0].x2apic);
	assert_int_equal(c.cpu[1].apic_id, 1);
	assert_int_equal(c.cpu[1].uid, 1);
	assert_int_equal(c.lapic_pa, 0xfee00000u);
	assert_int_equal(c.madt_flags, 0); /* no PCAT_COMPAT: a machine without 8259s */
	assert_int_equal(c.skipped_disabled + c.skipped_duplicate + c.over_max + c.skipped_invalid, 0);
	/* one byte short of what it claims: never read past the buffer */
	assert_int_equal(acpi_madt_parse(at(MADT_PA), n - 1, &c), ACPI_E_LENGTH);
	assert_non_null(c.error.why);
}

static void test_xapic_only(void **state)
{
	struct madt m = madt_begin(MADT_PA, 0xfee00000u);
	struct acpi_cpus c;

	(void)state;
	for (unsigned i = 0; i < 4; i++)
		lapic(&m, (uint8_t)(10 + i), (uint8_t)(2 * i), 1);
	ioapic(&m);
	madt_end(&m);
	assert_ok(&c, walk(&c));
	assert_int_equal(c.n, 4);
	for (unsigned i = 0; i < 4; i++) {
		assert_int_equal(c.cpu[i].apic_id, 2 * i);
		assert_int_equal(c.cpu[i].uid, 10 + i);
		assert_false(c.cpu[i].x2apic);
	}
	assert_int_equal(c.lapic_pa, 0xfee00000u);
	/* the I/O APIC's address, for masking it around measurements */
	assert_int_equal(c.ioapics, 1);
	assert_int_equal(c.ioapic_pa[0], 0xfec00000u);
}

static void test_ioapics(void **state)
{
	struct madt m = madt_begin(MADT_PA, 0xfee00000u);
	struct acpi_cpus c;
	uint8_t *e;

	(void)state;
	lapic(&m, 0, 0, 1);
	for (unsigned i = 0; i < ACPI_IOAPIC_MAX + 2; i++) {
		e = madt_entry(&m, 1, 12);
		e[2] = (uint8_t)i;
		put32(e + 4, 0xfec00000u + 0x1000u * i);
		put32(e + 8, 24u * i);
	}
	madt_end(&m);
	assert_ok(&c, walk(&c));
	assert_int_equal(c.ioapics, ACPI_IOAPIC_MAX + 2); /* all counted */
	for (unsigned i = 0; i < ACPI_IOAPIC_MAX; i++)
		assert_int_equal(c.ioapic_pa[i], 0xfec00000u + 0x1000u * i);
}

static void test_ioapic_short(void **state)
{
	struct madt m = madt_begin(MADT_PA, 0xfee00000u);
	struct acpi_cpus c;

	(void)state;
	lapic(&m, 0, 0, 1);
	madt_entry(&m, 1, 10); /* two bytes short of §5.2.12.3's 12 */
	madt_end(&m);
	assert_int_equal(walk(&c), ACPI_E_ENTRY);
	assert_string_equal(c.error.why, "I/O APIC entry too short");
}

static void test_x2apic_only(void **state)
{
	struct madt m = madt_begin(MADT_PA, 0xfee00000u);
	struct acpi_cpus c;
	uint8_t *o;

	(void)state;
	for (unsigned i = 0; i < 3; i++)
		x2apic(&m, 0x100 + i, 1, 1000 + i);
	/* §5.2.12.8: the 64-bit address overrides the header's */
	o = madt_entry(&m, 5, 12);
	put64(o + 4, 0x4fee00000ull);
	madt_end(&m);
	assert_ok(&c, walk(&c));
	assert_int_equal(c.n, 3);
	for (unsigned i = 0; i < 3; i++) {
		assert_int_equal(c.cpu[i].apic_id, 0x100 + i);
		assert_int_equal(c.cpu[i].uid, 1000 + i);
		assert_true(c.cpu[i].x2apic);
	}
	assert_int_equal(c.lapic_pa, 0x4fee00000ull);
}

static void test_duplicates(void **state)
{
	struct madt m = madt_begin(MADT_PA, 0xfee00000u);
	struct acpi_cpus c;

	(void)state;
	/* firmware lists ids below 255 in both forms; the first listing counts */
	for (unsigned i = 0; i < 4; i++)
		lapic(&m, (uint8_t)i, (uint8_t)i, 1);
	for (unsigned i = 0; i < 4; i++)
		x2apic(&m, i, 1, i);
	x2apic(&m, 0x100, 1, 4);
	lapic(&m, 9, 2, 1); /* the same type twice */
	madt_end(&m);
	assert_ok(&c, walk(&c));
	assert_int_equal(c.n, 5);
	assert_int_equal(c.skipped_duplicate, 5);
	assert_false(c.cpu[3].x2apic);
	assert_int_equal(c.cpu[4].apic_id, 0x100);
	assert_true(c.cpu[4].x2apic);
}

static void test_disabled(void **state)
{
	struct madt m = madt_begin(MADT_PA, 0xfee00000u);
	struct acpi_cpus c;

	(void)state;
	lapic(&m, 0, 0, 1);
	lapic(&m, 1, 1, 0);       /* disabled */
	lapic(&m, 2, 2, 2);       /* online capable, not enabled: not started */
	x2apic(&m, 0x200, 2, 3);  /* the same in x2APIC form */
	lapic(&m, 4, 1, 1);       /* id 1 enabled after a disabled listing: not a duplicate */
	lapic(&m, 5, 0xff, 1);    /* the broadcast id: no processor */
	x2apic(&m, 0xffffffffu, 1, 6);
	madt_end(&m);
	assert_ok(&c, walk(&c));
	assert_int_equal(c.n, 2);
	assert_int_equal(c.cpu[0].apic_id, 0);
	assert_int_equal(c.cpu[1].apic_id, 1);
	assert_int_equal(c.cpu[1].uid, 4);
	assert_int_equal(c.skipped_disabled, 3);
	assert_int_equal(c.online_capable, 2);
	assert_int_equal(c.skipped_duplicate, 0);
	assert_int_equal(c.skipped_invalid, 2);
}

static void test_over_max(void **state)
{
	struct madt m = madt_begin(MADT_PA, 0xfee00000u);
	struct acpi_cpus c;

	(void)state;
	for (unsigned i = 0; i < 300; i++)
		x2apic(&m, i, 1, i);
	/* duplicates of stored ids and of ids past the store both count as duplicates */
	for (unsigned i = 0; i < 10; i++) {
		lapic(&m, 0, (uint8_t)i, 1);
		lapic(&m, 0, (uint8_t)(200 + i), 1);
	}
	x2apic(&m, 5000, 0, 0); /* disabled past the store: still only disabled */
	madt_end(&m);
	assert_ok(&c, walk(&c));
	assert_int_equal(c.n, ACPI_CPU_MAX);
	assert_int_equal(c.over_max, 300 - ACPI_CPU_MAX);
	assert_int_equal(c.skipped_duplicate, 20);
	assert_int_equal(c.skipped_disabled, 1);
	assert_int_equal(c.cpu[ACPI_CPU_MAX - 1].apic_id, ACPI_CPU_MAX - 1);
}

static void test_bad_checksum(void **state)
{
	struct madt m = madt_begin(MADT_PA, 0xfee00000u);
	struct acpi_cpus c;

	(void)state;
	lapic(&m, 0, 0, 1);
	madt_end(&m);
	at(MADT_PA)[50] ^= 0x10;
	assert_int_equal(walk(&c), ACPI_E_CHECKSUM);
	assert_string_equal(c.error.table, "APIC");
	assert_int_equal(c.error.pa, MADT_PA);
	assert_int_equal(c.n, 0);
}

static void test_truncated_entry(void **state)
{
	struct madt m = madt_begin(MADT_PA, 0xfee00000u);
	struct acpi_cpus c;

	(void)state;
	lapic(&m, 0, 0, 1);
	x2apic(&m, 1, 1, 1);
	m.len -= 4; /* the table ends inside the x2APIC entry */
	madt_end(&m);
	assert_int_equal(walk(&c), ACPI_E_ENTRY);
	assert_string_equal(c.error.why, "entry runs past the table");
	assert_int_equal(c.error.pa, MADT_PA);

	/* one byte of entry header at the end */
	m = madt_begin(MADT_PA, 0xfee00000u);
	lapic(&m, 0, 0, 1);
	m.p[m.len++] = 0;
	madt_end(&m);
	assert_int_equal(walk(&c), ACPI_E_ENTRY);

	/* an entry shorter than its type needs */
	m = madt_begin(MADT_PA, 0xfee00000u);
	madt_entry(&m, 9, 12)[8] = 1;
	madt_end(&m);
	assert_int_equal(walk(&c), ACPI_E_ENTRY);
	m = madt_begin(MADT_PA, 0xfee00000u);
	madt_entry(&m, 0, 6);
	madt_end(&m);
	assert_int_equal(walk(&c), ACPI_E_ENTRY);
	m = madt_begin(MADT_PA, 0xfee00000u);
	madt_entry(&m, 5, 8);
	madt_end(&m);
	assert_int_equal(walk(&c), ACPI_E_ENTRY);
}

static void test_zero_length_entry(void **state)
{
	struct madt m = madt_begin(MADT_PA, 0xfee00000u);
	struct acpi_cpus c;

	(void)state;
	lapic(&m, 0, 0, 1);
	madt_entry(&m, 0, 8)[1] = 0; /* would loop forever if followed */
	madt_end(&m);
	assert_int_equal(walk(&c), ACPI_E_ENTRY);
	assert_string_equal(c.error.why, "zero-length entry");
	m = madt_begin(MADT_PA, 0xfee00000u);
	madt_entry(&m, 0x7f, 8)[1] = 1;
	madt_end(&m);
	assert_int_equal(walk(&c), ACPI_E_ENTRY);
}

static void test_length_beyond_readable(void **state)
{
	struct madt m = madt_begin(MADT_PA, 0xfee00000u);
	struct acpi_cpus c;

	(void)state;
	for (unsigned i = 0; i < 8; i++)
		lapic(&m, (uint8_t)i, (uint8_t)i, 1);
	madt_end(&m);
	assert_ok(&c, walk(&c));
	/* memory ends inside the MADT */
	readable = (MADT_PA - MEM_BASE) + m.len - 1;
	assert_int_equal(walk(&c), ACPI_E_UNMAPPED);
	assert_string_equal(c.error.table, "APIC");
	/* ... or inside its header */
	readable = (MADT_PA - MEM_BASE) + 20;
	assert_int_equal(walk(&c), ACPI_E_NOT_FOUND); /* the XSDT's entry is unreadable */
	readable = MEM_SIZE;
	/* a length the walk refuses to map at all */
	put32(m.p + 4, 0xffffffffu);
	assert_int_equal(walk(&c), ACPI_E_LENGTH);
	/* and one below the MADT's fixed fields */
	put32(m.p + 4, 40);
	assert_int_equal(walk(&c), ACPI_E_LENGTH);
}

static void test_rsdt_only(void **state)
{
	struct madt m = madt_begin(MADT_PA, 0xfee00000u);
	struct acpi_cpus c;

	(void)state;
	lapic(&m, 0, 0, 1);
	lapic(&m, 1, 1, 1);
	madt_end(&m);
	/* revision 0: 20 bytes, no XSDT field; the XSDT in memory is not looked at */
	make_rsdp(0, (uint32_t)RSDT_PA, 0);
	memset(at(XSDT_PA), 0xff, ACPI_HDR_LEN);
	readable = MEM_SIZE;
	assert_ok(&c, walk(&c));
	assert_false(c.via_xsdt);
	assert_int_equal(c.n, 2);
	/* an RSDP of 20 bytes at the very end of readable memory */
	memmove(at(MEM_BASE + MEM_SIZE - 20), at(RSDP_PA), 20);
	assert_int_equal(acpi_madt_cpus(&fake, MEM_BASE + MEM_SIZE - 20, &c), ACPI_OK);
	assert_int_equal(c.n, 2);
	/* revision 2 without an XSDT address uses the RSDT */
	make_rsdp(2, (uint32_t)RSDT_PA, 0);
	assert_ok(&c, walk(&c));
	assert_false(c.via_xsdt);
}

static void test_xsdt_preferred(void **state)
{
	struct madt m = madt_begin(MADT_PA, 0xfee00000u);
	uint64_t e[2] = { FACP_PA, MEM_HI + (MADT2_PA - MEM_BASE) };
	struct acpi_cpus c;
	const char *warning;
	uint64_t pa;
	bool via;
	struct acpi_fault f;

	(void)state;
	lapic(&m, 0, 0, 1); /* the RSDT's MADT: one CPU */
	madt_end(&m);
	m = madt_begin(MADT2_PA, 0xfee00000u); /* the XSDT's, above 4 GiB: three */
	for (unsigned i = 0; i < 3; i++)
		x2apic(&m, 4 * i, 1, i);
	madt_end(&m);
	make_root(XSDT_PA, 8, e, 2);
	assert_ok(&c, walk(&c));
	assert_true(c.via_xsdt);
	assert_int_equal(c.madt_pa, e[1]);
	assert_int_equal(c.n, 3);
	assert_int_equal(c.cpu[2].apic_id, 8);

	/* a broken XSDT: the RSDT is used, and the record says so */
	at(XSDT_PA)[40] ^= 1;
	assert_ok(&c, walk(&c));
	assert_false(c.via_xsdt);
	assert_non_null(c.warning);
	assert_int_equal(c.n, 1);
	/* with no RSDT to fall back on, the XSDT's fault is the answer */
	make_rsdp(2, 0, XSDT_PA);
	assert_int_equal(walk(&c), ACPI_E_CHECKSUM);
	assert_string_equal(c.error.table, "XSDT");
	assert_int_equal(c.error.pa, XSDT_PA);
	/* a sound XSDT without a MADT is believed: no fallback */
	make_rsdp(2, (uint32_t)RSDT_PA, XSDT_PA);
	make_root(XSDT_PA, 8, e, 1);
	assert_int_equal(walk(&c), ACPI_E_NOT_FOUND);
	assert_int_equal(acpi_find_table(&fake, RSDP_PA, "FACP", &pa, &via, &warning, &f), ACPI_OK);
	assert_int_equal(pa, FACP_PA);
	assert_true(via);
}

static void test_root_and_rsdp(void **state)
{
	uint64_t e[4] = { 0, MEM_HI + MEM_SIZE + 4096, FACP_PA, MADT_PA };
	struct madt m = madt_begin(MADT_PA, 0xfee00000u);
	struct acpi_cpus c;

	(void)state;
	lapic(&m, 0, 0, 1);
	madt_end(&m);
	/* null and unreadable entries are stepped over */
	make_root(XSDT_PA, 8, e, 4);
	assert_ok(&c, walk(&c));
	assert_int_equal(c.n, 1);
	/* a trailing partial entry is ignored */
	put32(at(XSDT_PA) + 4, ACPI_HDR_LEN + 8 * 4 + 3);
	fix_sum(at(XSDT_PA));
	assert_ok(&c, walk(&c));
	/* the wrong signature where the RSDP says the XSDT is */
	memcpy(at(XSDT_PA), "XSDX", 4);
	fix_sum(at(XSDT_PA));
	make_rsdp(2, 0, XSDT_PA);
	assert_int_equal(walk(&c), ACPI_E_SIGNATURE);
	/* no RSDP there, or none readable */
	at(RSDP_PA)[0] = 'X';
	assert_int_equal(walk(&c), ACPI_E_RSDP);
	assert_string_equal(c.error.table, "RSDP");
	assert_int_equal(acpi_madt_cpus(&fake, 0, &c), ACPI_E_RSDP);
	assert_int_equal(acpi_madt_cpus(&fake, ~0ull - 10, &c), ACPI_E_RSDP);
}

/* Random damage to a valid table (checksum fixed afterwards): an answer, never a hang or overread. */
static void test_mutations(void **state)
{
	static uint8_t good[2048];
	struct acpi_cpus c;
	uint32_t seed = 12345, len;
	struct madt m = madt_begin(MADT_PA, 0xfee00000u);

	(void)state;
	for (unsigned i = 0; i < 20; i++)
		lapic(&m, (uint8_t)i, (uint8_t)(i % 13), i % 3 ? 1 : 2);
	for (unsigned i = 0; i < 20; i++)
		x2apic(&m, i * 7, i % 4 ? 1 : 0, i);
	ioapic(&m);
	madt_end(&m);
	len = m.len;
	memcpy(good, m.p, len);
	for (unsigned round = 0; round < 5000; round++) {
		memcpy(m.p, good, len);
		for (int k = 0; k < 3; k++) {
			seed = seed * 1103515245u + 12345u;
			m.p[44 + (seed >> 8) % (len - 44)] = (uint8_t)(seed >> 20);
		}
		fix_sum(m.p);
		int rc = acpi_madt_parse(m.p, len, &c);
		assert_true(rc == ACPI_OK || rc == ACPI_E_ENTRY);
		assert_true(c.n <= ACPI_CPU_MAX);
		assert_true(rc == ACPI_OK ? c.error.why == NULL : c.error.why != NULL);
	}
	/* every cut of a good table: refused by its length, never read past */
	memcpy(m.p, good, len);
	for (uint32_t cut = 0; cut < len; cut++)
		assert_int_not_equal(acpi_madt_parse(m.p, cut, &c), ACPI_OK);
	assert_int_equal(acpi_madt_parse(m.p, len, &c), ACPI_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_captured, setup),
		cmocka_unit_test_setup(test_xapic_only, setup),
		cmocka_unit_test_setup(test_ioapics, setup),
		cmocka_unit_test_setup(test_ioapic_short, setup),
		cmocka_unit_test_setup(test_x2apic_only, setup),
		cmocka_unit_test_setup(test_duplicates, setup),
		cmocka_unit_test_setup(test_disabled, setup),
		cmocka_unit_test_setup(test_over_max, setup),
		cmocka_unit_test_setup(test_bad_checksum, setup),
		cmocka_unit_test_setup(test_truncated_entry, setup),
		cmocka_unit_test_setup(test_zero_length_entry, setup),
		cmocka_unit_test_setup(test_length_beyond_readable, setup),
		cmocka_unit_test_setup(test_rsdt_only, setup),
		cmocka_unit_test_setup(test_xsdt_preferred, setup),
		cmocka_unit_test_setup(test_root_and_rsdp, setup),
		cmocka_unit_test_setup(test_mutations, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
