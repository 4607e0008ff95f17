/** @file
 * RSDP parsing and the walk to the MADT's processors (see acpi.h). Pure:
 * memory is read only through struct acpi_mem, every length is checked
 * against what the table says and what the caller can map, so it compiles
 * for the host and is unit-tested on built tables.
 */
#include <string.h>

#include "platform/acpi.h"

#define RSDP_V1_LEN 20
#define RSDP_V2_MIN 36

static uint8_t sum(const uint8_t *p, size_t n)
{
	uint8_t s = 0;

	while (n--)
		s = (uint8_t)(s + *p++);
	return s;
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t le64(const uint8_t *p)
{
	return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

int acpi_rsdp_parse(const uint8_t *p, size_t avail, struct acpi_rsdp *r)
{
	if (avail < RSDP_V1_LEN || memcmp(p, "RSD PTR ", 8) != 0 || sum(p, RSDP_V1_LEN) != 0)
		return -1;
	memset(r, 0, sizeof(*r));
	r->revision = p[15];
	memcpy(r->oem_id, p + 9, 6);
	r->rsdt = le32(p + 16);
	if (r->revision >= 2) {
		/* ACPI 2.0+: Length at 20, XSDT at 24, extended checksum over Length bytes */
		uint32_t len = avail >= RSDP_V2_MIN ? le32(p + 20) : 0;

		if (len < RSDP_V2_MIN || len > avail || sum(p, len) != 0)
			return -1;
		r->xsdt = (uint64_t)le32(p + 24) | (uint64_t)le32(p + 28) << 32;
	}
	return 0;
}

long acpi_rsdp_scan(const uint8_t *area, size_t len, struct acpi_rsdp *r)
{
	for (size_t off = 0; off + RSDP_V1_LEN <= len; off += 16)
		if (acpi_rsdp_parse(area + off, len - off, r) == 0)
			return (long)off;
	return -1;
}

/* ---- the table walk ---- */

#define MADT_FIXED_LEN 44u /* header, Local Interrupt Controller Address, Flags */

/* MADT entry types and minimum lengths (ACPI 6.5 §5.2.12) */
#define MADT_LAPIC 0
#define MADT_LAPIC_LEN 8
#define MADT_IOAPIC 1
#define MADT_IOAPIC_LEN 12
#define MADT_LAPIC_OVERRIDE 5
#define MADT_LAPIC_OVERRIDE_LEN 12
#define MADT_X2APIC 9
#define MADT_X2APIC_LEN 16

/* Local APIC Flags (§5.2.12.2) */
#define LAPIC_ENABLED 1u
#define LAPIC_ONLINE_CAPABLE 2u

static int fail(struct acpi_fault *f, int code, const char *why, const char *table, uint64_t pa)
{
	f->why = why;
	f->table = table;
	f->pa = pa;
	return code;
}

static const uint8_t *map(const struct acpi_mem *mem, uint64_t pa, size_t len)
{
	/* 0 is never a table; a range that wraps is never readable */
	if (pa == 0 || pa + len < pa)
		return NULL;
	return mem->map(mem->ctx, pa, len);
}

int acpi_table_map(const struct acpi_mem *mem, uint64_t pa, const char *sig, uint32_t min_len,
		   const uint8_t **tab, uint32_t *len, struct acpi_fault *f)
{
	const char *name = sig ? sig : "table";
	const uint8_t *h = map(mem, pa, ACPI_HDR_LEN);
	uint32_t l;

	if (min_len < ACPI_HDR_LEN)
		min_len = ACPI_HDR_LEN;
	if (!h)
		return fail(f, ACPI_E_UNMAPPED, "table header not readable", name, pa);
	if (sig && memcmp(h, sig, 4) != 0)
		return fail(f, ACPI_E_SIGNATURE, "signature does not match", name, pa);
	l = le32(h + 4);
	if (l < min_len)
		return fail(f, ACPI_E_LENGTH, "length shorter than the table's fixed fields", name, pa);
	if (l > ACPI_TABLE_MAX)
		return fail(f, ACPI_E_LENGTH, "length above ACPI_TABLE_MAX", name, pa);
	h = map(mem, pa, l);
	if (!h)
		return fail(f, ACPI_E_UNMAPPED, "length runs past readable memory", name, pa);
	/* read again through the full mapping: the length checked is the length used */
	if (le32(h + 4) != l)
		return fail(f, ACPI_E_LENGTH, "length changed between reads", name, pa);
	if (sum(h, l) != 0)
		return fail(f, ACPI_E_CHECKSUM, "checksum does not sum to 0", name, pa);
	*tab = h;
	*len = l;
	return ACPI_OK;
}

/* The RSDP: 20 bytes (revision 0) or its Length (2+, at least 36), whichever is readable. */
static int rsdp_read(const struct acpi_mem *mem, uint64_t pa, struct acpi_rsdp *r)
{
	const uint8_t *p = map(mem, pa, 36);
	size_t avail = 36;

	if (!p) {
		p = map(mem, pa, 20);
		avail = 20;
	}
	if (!p)
		return -1;
	if (avail == 36 && p[15] >= 2) {
		/* a longer RSDP (a future revision): map all it claims, within reason */
		uint32_t l = le32(p + 20);

		if (l > 36 && l <= 4096 && (p = map(mem, pa, l)) != NULL)
			avail = l;
		else if (!p)
			return -1;
	}
	return acpi_rsdp_parse(p, avail, r);
}

/* Look for @p sig among the entries (@p esize bytes each) of the root table @p rsig at @p root. */
static int root_find(const struct acpi_mem *mem, uint64_t root, const char *rsig, unsigned esize,
		     const char *sig, uint64_t *pa, struct acpi_fault *f)
{
	const uint8_t *t;
	uint32_t len;
	int rc = acpi_table_map(mem, root, rsig, ACPI_HDR_LEN, &t, &len, f);

	if (rc)
		return rc;
	/* a trailing partial entry is ignored (the checksum covered it) */
	for (uint32_t off = ACPI_HDR_LEN; off + esize <= len; off += esize) {
		uint64_t e = esize == 8 ? le64(t + off) : le32(t + off);
		const uint8_t *h = map(mem, e, ACPI_HDR_LEN);

		/* an unreadable or null entry is not the table asked for; keep looking */
		if (h && memcmp(h, sig, 4) == 0) {
			*pa = e;
			return ACPI_OK;
		}
	}
	return fail(f, ACPI_E_NOT_FOUND, "no such table listed", rsig, root);
}

int acpi_find_table(const struct acpi_mem *mem, uint64_t rsdp_pa, const char sig[4], uint64_t *pa,
		    bool *via_xsdt, const char **warning, struct acpi_fault *f)
{
	struct acpi_rsdp r;
	int rc;

	*via_xsdt = false;
	*warning = NULL;
	if (rsdp_read(mem, rsdp_pa, &r) != 0)
		return fail(f, ACPI_E_RSDP, "no valid RSDP (signature, checksum or length)", "RSDP",
			    rsdp_pa);
	/* §5.2.8: from revision 2 the XSDT, when present, is the one to use */
	if (r.revision >= 2 && r.xsdt) {
		rc = root_find(mem, r.xsdt, "XSDT", 8, sig, pa, f);
		if (rc == ACPI_OK)
			*via_xsdt = true;
		/* the XSDT itself is broken: firmware still has the RSDT */
		if (rc == ACPI_OK || rc == ACPI_E_NOT_FOUND || r.rsdt == 0)
			return rc;
		*warning = "XSDT failed its checks; RSDT used";
	}
	if (r.rsdt == 0)
		return fail(f, ACPI_E_RSDP, "RSDP gives no root table", "RSDP", rsdp_pa);
	return root_find(mem, r.rsdt, "RSDT", 4, sig, pa, f);
}

/* Does an enabled processor entry before @p end list @p id? (entries before @p end were checked) */
static bool listed_before(const uint8_t *m, uint32_t end, uint32_t id)
{
	for (uint32_t off = MADT_FIXED_LEN; off < end; off += m[off + 1]) {
		const uint8_t *e = m + off;

		if (e[0] == MADT_LAPIC && (le32(e + 4) & LAPIC_ENABLED) && e[3] == id)
			return true;
		if (e[0] == MADT_X2APIC && (le32(e + 8) & LAPIC_ENABLED) && le32(e + 4) == id)
			return true;
	}
	return false;
}

static void add_cpu(struct acpi_cpus *out, const uint8_t *m, uint32_t off, uint32_t id, uint32_t uid,
		    bool x2, uint32_t flags)
{
	if (!(flags & LAPIC_ENABLED)) {
		/* §5.2.12.2: not usable now; Online Capable ones could be added later, by an OS */
		out->skipped_disabled++;
		if (flags & LAPIC_ONLINE_CAPABLE)
			out->online_capable++;
		return;
	}
	if (out->n < ACPI_CPU_MAX) {
		/* every earlier enabled, distinct processor is in cpu[] */
		for (unsigned i = 0; i < out->n; i++)
			if (out->cpu[i].apic_id == id) {
				out->skipped_duplicate++;
				return;
			}
		out->cpu[out->n].apic_id = id;
		out->cpu[out->n].uid = uid;
		out->cpu[out->n].x2apic = x2;
		out->n++;
		return;
	}
	/* beyond the store: look back through the table itself (bounded by ACPI_TABLE_MAX) */
	if (listed_before(m, off, id))
		out->skipped_duplicate++;
	else
		out->over_max++;
}

int acpi_madt_parse(const uint8_t *m, size_t avail, struct acpi_cpus *out)
{
	struct acpi_fault *f = &out->error;
	uint32_t len;

	memset(out, 0, sizeof(*out));
	if (avail < MADT_FIXED_LEN)
		return fail(f, ACPI_E_LENGTH, "shorter than the MADT's fixed fields", "APIC", 0);
	len = le32(m + 4);
	if (len < MADT_FIXED_LEN || len > avail || len > ACPI_TABLE_MAX)
		return fail(f, ACPI_E_LENGTH, "MADT length out of bounds", "APIC", 0);
	if (sum(m, len) != 0)
		return fail(f, ACPI_E_CHECKSUM, "checksum does not sum to 0", "APIC", 0);
	out->lapic_pa = le32(m + 36);
	out->madt_flags = le32(m + 40);

	/* §5.2.12: entries are Type, Length, then Length - 2 bytes, to the end of the table */
	for (uint32_t off = MADT_FIXED_LEN; off < len;) {
		const uint8_t *e = m + off;
		uint32_t el, id;

		if (len - off < 2)
			return fail(f, ACPI_E_ENTRY, "entry header runs past the table", "APIC", 0);
		el = e[1];
		if (el < 2)
			return fail(f, ACPI_E_ENTRY, el ? "entry shorter than its header"
							 : "zero-length entry", "APIC", 0);
		if (el > len - off)
			return fail(f, ACPI_E_ENTRY, "entry runs past the table", "APIC", 0);
		switch (e[0]) {
		case MADT_LAPIC: /* §5.2.12.2: UID (8 bits), APIC ID, Flags */
			if (el < MADT_LAPIC_LEN)
				return fail(f, ACPI_E_ENTRY, "Processor Local APIC entry too short",
					    "APIC", 0);
			if (e[3] == 0xff) { /* the broadcast id names no processor */
				out->skipped_invalid++;
				break;
			}
			add_cpu(out, m, off, e[3], e[2], false, le32(e + 4));
			break;
		case MADT_X2APIC: /* §5.2.12.12: reserved, x2APIC ID, Flags, UID (32 bits) */
			if (el < MADT_X2APIC_LEN)
				return fail(f, ACPI_E_ENTRY, "Processor Local x2APIC entry too short",
					    "APIC", 0);
			id = le32(e + 4);
			if (id == 0xffffffffu) {
				out->skipped_invalid++;
				break;
			}
			add_cpu(out, m, off, id, le32(e + 12), true, le32(e + 8));
			break;
		case MADT_LAPIC_OVERRIDE: /* §5.2.12.8: 64-bit local APIC address */
			if (el < MADT_LAPIC_OVERRIDE_LEN)
				return fail(f, ACPI_E_ENTRY, "Local APIC Address Override entry too short",
					    "APIC", 0);
			out->lapic_pa = le64(e + 4);
			break;
		case MADT_IOAPIC: /* §5.2.12.3: I/O APIC ID, reserved, Address (32 bits), GSI Base */
			if (el < MADT_IOAPIC_LEN)
				return fail(f, ACPI_E_ENTRY, "I/O APIC entry too short", "APIC", 0);
			if (out->ioapics < ACPI_IOAPIC_MAX)
				out->ioapic_pa[out->ioapics] = le32(e + 4);
			out->ioapics++;
			break;
		default: /* overrides, NMIs, GIC...: not ours */
			break;
		}
		off += el;
	}
	return ACPI_OK;
}

int acpi_madt_cpus(const struct acpi_mem *mem, uint64_t rsdp_pa, struct acpi_cpus *out)
{
	struct acpi_fault f = { 0 };
	const char *warning = NULL;
	const uint8_t *m = NULL;
	bool via_xsdt = false;
	uint64_t pa = 0;
	uint32_t len = 0;
	int rc;

	rc = acpi_find_table(mem, rsdp_pa, "APIC", &pa, &via_xsdt, &warning, &f);
	if (rc == ACPI_OK)
		rc = acpi_table_map(mem, pa, "APIC", MADT_FIXED_LEN, &m, &len, &f);
	if (rc == ACPI_OK) {
		rc = acpi_madt_parse(m, len, out);
		f = out->error;
		if (rc)
			f.pa = pa;
	} else {
		memset(out, 0, sizeof(*out));
	}
	out->error = f;
	out->madt_pa = pa;
	out->via_xsdt = via_xsdt;
	out->warning = warning;
	return rc;
}
