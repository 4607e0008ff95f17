/** @file
 * Records → libcpuid raw data → identification (see cpuident.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/cpuident.h"
#include "lib/uarch.h"
#include "platform/cpuid_walk.h"

int hexstr_u64(const char *s, uint64_t *out)
{
	uint64_t v = 0;
	int n = 0;

	if (!s || s[0] != '0' || (s[1] != 'x' && s[1] != 'X'))
		return -EINVAL;
	for (s += 2; *s; s++, n++) {
		int d;

		if (*s >= '0' && *s <= '9')
			d = *s - '0';
		else if (*s >= 'a' && *s <= 'f')
			d = *s - 'a' + 10;
		else if (*s >= 'A' && *s <= 'F')
			d = *s - 'A' + 10;
		else
			return -EINVAL;
		if (n >= 16 && v >> 60)
			return -EINVAL;
		v = v << 4 | (uint64_t)d;
	}
	if (n == 0)
		return -EINVAL;
	*out = v;
	return 0;
}

static size_t slot_of(uint32_t leaf, uint32_t sub, size_t nslot)
{
	uint64_t k = ((uint64_t)leaf << 32 | sub) * 0x9e3779b97f4a7c15ull;

	return (size_t)(k >> 32) & (nslot - 1);
}

/* The index slot holding (leaf, sub), or the empty slot where it would go. */
static uint32_t *find_slot(const struct cpuid_dump *d, uint32_t leaf, uint32_t sub)
{
	size_t i = slot_of(leaf, sub, d->nslot);

	for (;; i = (i + 1) & (d->nslot - 1)) {
		uint32_t s = d->slot[i];

		if (!s || (d->v[s - 1].leaf == leaf && d->v[s - 1].sub == sub))
			return &d->slot[i];
	}
}

const struct cpuid_leaf *cpuid_dump_get(const struct cpuid_dump *d, uint32_t leaf, uint32_t sub)
{
	uint32_t *s;

	if (!d->v || !d->nslot)
		return NULL;
	s = find_slot(d, leaf, sub);
	return *s ? &d->v[*s - 1] : NULL;
}

/* Double the index and re-insert every entry. */
static void index_grow(struct cpuid_dump *d)
{
	size_t n = d->nslot ? d->nslot * 2 : 64;
	uint32_t *s = calloc(n, sizeof(*s));

	if (!s)
		abort();
	free(d->slot);
	d->slot = s;
	d->nslot = n;
	for (size_t i = 0; i < d->n; i++)
		*find_slot(d, d->v[i].leaf, d->v[i].sub) = (uint32_t)(i + 1);
}

void cpuid_dump_add(struct cpuid_dump *d, uint32_t leaf, uint32_t sub, const uint32_t r[4])
{
	struct cpuid_leaf *n;

	if (!d->v) {
		d->n = d->cap = d->nslot = 0;
		d->slot = NULL;
	}
	if (cpuid_dump_get(d, leaf, sub))
		return;
	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 32;

		if (cap > UINT32_MAX / 4 || !(n = realloc(d->v, cap * sizeof(*n))))
			abort();
		d->v = n;
		d->cap = cap;
	}
	d->v[d->n].leaf = leaf;
	d->v[d->n].sub = sub;
	memcpy(d->v[d->n].r, r, sizeof(d->v[d->n].r));
	d->n++;
	if (2 * d->n >= d->nslot)
		index_grow(d);
	else
		*find_slot(d, leaf, sub) = (uint32_t)d->n;
}

void cpuid_dump_free(struct cpuid_dump *d)
{
	free(d->v);
	free(d->v ? d->slot : NULL);
	memset(d, 0, sizeof(*d));
}

int cpuid_dump_from_records(json_t *records, struct cpuid_dump *d, char *err, size_t errsz)
{
	static const char *const regs[] = { "eax", "ebx", "ecx", "edx" };
	size_t i;
	json_t *rec;

	memset(d, 0, sizeof(*d));
	json_array_foreach(records, i, rec) {
		uint64_t leaf, sub, v;
		uint32_t r[4];
		const char *bad = NULL;

		if (strcmp(json_string_value(json_object_get(rec, "type")) ?: "", "cpuid") != 0)
			continue;
		if (hexstr_u64(json_string_value(json_object_get(rec, "leaf")), &leaf) || leaf >> 32)
			bad = "leaf";
		else if (hexstr_u64(json_string_value(json_object_get(rec, "sub")), &sub) || sub >> 32)
			bad = "sub";
		for (int k = 0; k < 4 && !bad; k++) {
			if (hexstr_u64(json_string_value(json_object_get(rec, regs[k])), &v) || v >> 32)
				bad = regs[k];
			else
				r[k] = (uint32_t)v;
		}
		if (bad) {
			snprintf(err, errsz, "cpuid record seq %lld: \"%s\" is not a 32-bit hex string",
				 json_integer_value(json_object_get(rec, "seq")), bad);
			cpuid_dump_free(d);
			return -EINVAL;
		}
		cpuid_dump_add(d, (uint32_t)leaf, (uint32_t)sub, r);
	}
	return 0;
}

/* Fill rows [0, n) of a raw table from (leaf, sub = base + row or leaf = base + row). */
static void fill(const struct cpuid_dump *d, uint32_t (*rows)[NUM_REGS], int n, uint32_t leaf,
		 bool by_sub)
{
	for (int i = 0; i < n; i++) {
		const struct cpuid_leaf *l = by_sub ? cpuid_dump_get(d, leaf, (uint32_t)i)
						    : cpuid_dump_get(d, leaf + (uint32_t)i, 0);

		if (l)
			memcpy(rows[i], l->r, sizeof(rows[i]));
	}
}

void cpuid_dump_to_raw(const struct cpuid_dump *d, struct cpu_raw_data_t *raw)
{
	/* cpuid_get_raw_data() runs CPUID with ECX = 0 for the plain leaves. */
	memset(raw, 0, sizeof(*raw));
	fill(d, raw->basic_cpuid, MAX_CPUID_LEVEL, 0, false);
	fill(d, raw->ext_cpuid, MAX_EXT_CPUID_LEVEL, 0x80000000u, false);
	fill(d, raw->intel_fn4, MAX_INTELFN4_LEVEL, 4, true);
	fill(d, raw->intel_fn11, MAX_INTELFN11_LEVEL, 0xb, true);
	fill(d, raw->intel_fn12h, MAX_INTELFN12H_LEVEL, 0x12, true);
	fill(d, raw->intel_fn14h, MAX_INTELFN14H_LEVEL, 0x14, true);
	fill(d, raw->amd_fn8000001dh, MAX_AMDFN8000001DH_LEVEL, 0x8000001du, true);
}

static void brand_from_dump(const struct cpuid_dump *d, char out[49])
{
	char *p = out;
	size_t n;

	memset(out, 0, 49);
	for (uint32_t leaf = 0x80000002u; leaf <= 0x80000004u; leaf++) {
		const struct cpuid_leaf *l = cpuid_dump_get(d, leaf, 0);
		const struct cpuid_leaf *mx = cpuid_dump_get(d, 0x80000000u, 0);

		if (!l || !mx || mx->r[0] < leaf)
			break;
		for (int k = 0; k < 4; k++)
			for (int b = 0; b < 4; b++)
				*p++ = (char)(l->r[k] >> (8 * b));
	}
	out[48] = 0;
	/* Printable ASCII only, padding blanks dropped (Intel pads left, AMD right). */
	for (char *q = out; *q; q++)
		if (*q < 0x20 || *q > 0x7e)
			*q = '?';
	n = strspn(out, " ");
	memmove(out, out + n, strlen(out + n) + 1);
	for (n = strlen(out); n && out[n - 1] == ' '; n--)
		out[n - 1] = 0;
}

static void set_reason(struct cpu_ident *id, const char *msg)
{
	id->doubtful = true;
	if (!id->reason[0])
		snprintf(id->reason, sizeof(id->reason), "%s", msg);
}

void cpu_ident_from_dump(const struct cpuid_dump *d, struct cpu_ident *id)
{
	const struct cpuid_leaf *l0 = cpuid_dump_get(d, 0, 0), *l1 = cpuid_dump_get(d, 1, 0);
	struct cpu_raw_data_t raw;
	struct cpu_id_t cid;
	const struct uarch *u;
	char msg[256];

	memset(id, 0, sizeof(*id));
	snprintf(id->codename, sizeof(id->codename), "unknown");
	if (!l0 || !l1) {
		snprintf(id->vendor, sizeof(id->vendor), "unknown");
		set_reason(id, "no CPUID leaf 0 and 1 in the run: nothing to identify");
		return;
	}
	id->have_cpuid = true;
	cpuid_vendor(l0->r, id->vendor);
	for (char *q = id->vendor; *q; q++)
		if (*q < 0x20 || *q > 0x7e)
			*q = '?';
	struct cpuid_sig sig = cpuid_signature(l1->r[0]);
	id->family = sig.family;
	id->model = sig.model;
	id->stepping = sig.stepping;
	id->hypervisor = (l1->r[2] >> 31) & 1;
	brand_from_dump(d, id->brand);

	cpuid_dump_to_raw(d, &raw);
	memset(&cid, 0, sizeof(cid));
	if (cpu_identify(&raw, &cid) == 0) {
		snprintf(id->libcpuid_codename, sizeof(id->libcpuid_codename), "%s",
			 cid.cpu_codename);
	} else {
		snprintf(msg, sizeof(msg), "libcpuid cpu_identify failed: %s", cpuid_error());
		set_reason(id, msg);
	}

	u = uarch_lookup(id->vendor, id->family, id->model, id->stepping);
	if (u) {
		snprintf(id->uarch, sizeof(id->uarch), "%s", u->name);
		snprintf(id->codename, sizeof(id->codename), "%s", u->name);
	} else if (id->libcpuid_codename[0] && strcmp(id->libcpuid_codename, "Unknown") != 0) {
		snprintf(id->codename, sizeof(id->codename), "%s", id->libcpuid_codename);
	}

	if (strcmp(id->vendor, "GenuineIntel") != 0 && strcmp(id->vendor, "AuthenticAMD") != 0) {
		snprintf(msg, sizeof(msg), "vendor \"%s\" is neither Intel nor AMD", id->vendor);
		set_reason(id, msg);
	} else if (!u) {
		snprintf(msg, sizeof(msg), "family 0x%x model 0x%x stepping %u is not in vmxbench's "
			 "table: libcpuid 0.6.2 may not know it either", id->family, id->model,
			 id->stepping);
		set_reason(id, msg);
	} else if (!u->libcpuid_knows) {
		snprintf(msg, sizeof(msg), "%s (family 0x%x model 0x%x) is newer than libcpuid 0.6.2 "
			 "(Nov 2022): its codename \"%s\" is a guess", u->name, id->family, id->model,
			 id->libcpuid_codename);
		set_reason(id, msg);
	} else if (!uarch_matches(u, id->libcpuid_codename)) {
		snprintf(msg, sizeof(msg), "libcpuid says \"%s\" but family 0x%x model 0x%x is %s "
			 "(%s)", id->libcpuid_codename, id->family, id->model, u->name,
			 strcmp(id->vendor, "GenuineIntel") == 0 ? "SDM Vol. 4 Table 2-1"
								  : "AMD family/model lists");
		set_reason(id, msg);
	}
}

/* The payload decodes the same CPUID itself (identity record): both must agree. */
static void check_identity(json_t *records, struct cpu_ident *id)
{
	size_t i;
	json_t *rec;
	char msg[256];

	json_array_foreach(records, i, rec) {
		const char *t = json_string_value(json_object_get(rec, "type"));
		const char *v = json_string_value(json_object_get(rec, "vendor"));

		if (!t || strcmp(t, "identity") != 0 || !id->have_cpuid)
			continue;
		if ((v && strcmp(v, id->vendor) != 0) ||
		    json_integer_value(json_object_get(rec, "family")) != id->family ||
		    json_integer_value(json_object_get(rec, "model")) != id->model ||
		    json_integer_value(json_object_get(rec, "stepping")) != id->stepping) {
			snprintf(msg, sizeof(msg), "the payload's identity record (%s family %lld "
				 "model %lld stepping %lld) disagrees with its cpuid records",
				 v ? v : "?", json_integer_value(json_object_get(rec, "family")),
				 json_integer_value(json_object_get(rec, "model")),
				 json_integer_value(json_object_get(rec, "stepping")));
			set_reason(id, msg);
		}
		return;
	}
}

int cpu_ident_from_records(json_t *records, struct cpu_ident *id, char *err, size_t errsz)
{
	struct cpuid_dump d;
	int rc = cpuid_dump_from_records(records, &d, err, errsz);

	if (rc) {
		memset(id, 0, sizeof(*id));
		return rc;
	}
	cpu_ident_from_dump(&d, id);
	cpuid_dump_free(&d);
	check_identity(records, id);
	return 0;
}

json_t *cpu_ident_json(const struct cpu_ident *id)
{
	return json_pack("{s:s, s:i, s:i, s:i, s:s, s:s, s:s, s:s, s:b, s:b, s:s}",
			 "vendor", id->vendor, "family", (int)id->family, "model", (int)id->model,
			 "stepping", (int)id->stepping, "brand", id->brand,
			 "codename", id->codename, "libcpuid_codename", id->libcpuid_codename,
			 "uarch", id->uarch, "hypervisor", id->hypervisor,
			 "doubtful", id->doubtful, "reason", id->reason);
}

int cpuid_dump_write_raw(const struct cpuid_dump *d, const char *path)
{
	struct cpu_raw_data_t raw;

	cpuid_dump_to_raw(d, &raw);
	/* libcpuid's own serializer: exactly the format its loader reads. */
	if (cpuid_serialize_raw_data(&raw, strcmp(path, "-") == 0 ? "" : path) != 0)
		return -EIO;
	return 0;
}
