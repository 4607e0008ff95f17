/** @file
 * The named VMX features across CPU models (featmatrix.h).
 */
#include <stdlib.h>
#include <string.h>

#include "lib/cpuident.h"
#include "lib/featmatrix.h"
#include "lib/genref.h"
#include "lib/vmxfeat.h"

static bool has_caps(const struct stored_run *r, const void *arg)
{
	(void)arg;
	return run_has(r, "vmx_caps", NULL);
}

struct col {
	json_t *caps;            /* the model's newest vmx_caps (a copy) */
	json_t *ref;             /* its generation's reference, or NULL */
	const struct genref *g;
	struct cpuid_dump cpuid; /* the run's CPUID: which CPU features the controls serve */
	char label[128];
	const char *slug;
};

static unsigned num(json_t *cpu, const char *k)
{
	return (unsigned)json_integer_value(json_object_get(cpu, k));
}

static void col_free(struct col *c)
{
	json_decref(c->caps);
	json_decref(c->ref);
	cpuid_dump_free(&c->cpuid);
}

json_t *featmatrix_build(const struct runset *rs)
{
	struct run_pick *p = calloc(rs->n + 1, sizeof(*p));
	struct col *cols;
	size_t n, m = 0, same = 0, flagged = 0;
	json_t *out, *columns = json_array(), *novmx = json_array(), *rows = json_array();
	char v[64], w[64];

	if (!p)
		abort();
	n = runset_pick_open(rs, has_caps, NULL, p, rs->n);
	if (!n) {
		free(p);
		json_decref(columns);
		json_decref(novmx);
		json_decref(rows);
		return NULL;
	}
	cols = calloc(n, sizeof(*cols));
	if (!cols)
		abort();
	for (size_t k = 0; k < n; k++) {
		json_t *cpu = p[k].r->cpu;
		struct col c = { 0 };
		char err[128];

		c.caps = json_deep_copy(run_record(p[k].r, "vmx_caps"));
		run_label(p[k].r, c.label, sizeof(c.label));
		c.slug = p[k].r->slug;
		if (!json_is_true(json_object_get(c.caps, "vmx"))) {
			json_array_append_new(novmx, json_string(c.label));
			col_free(&c);
			continue;
		}
		if (cpuid_dump_from_records(p[k].r->records, &c.cpuid, err, sizeof(err)))
			memset(&c.cpuid, 0, sizeof(c.cpuid));
		c.g = genref_for(json_string_value(json_object_get(cpu, "vendor")) ?: "",
				 num(cpu, "family"), num(cpu, "model"), num(cpu, "stepping"));
		c.ref = c.g ? genref_caps(c.g) : NULL;
		json_array_append_new(columns, json_pack("{s:s, s:s, s:o}", "label", c.label, "slug",
							 c.slug, "reference",
							 c.g ? json_string(c.g->cpu) : json_null()));
		cols[m++] = c;
	}
	runset_picks_close(p, n);
	for (size_t i = 0; m && i < vmxfeat_count(); i++) {
		struct vmxfeat ft = vmxfeat_at(i);
		json_t *vals = json_array(), *odd = json_array();
		bool differ = false, any = false;
		char name[160];

		vmxfeat_value(cols[0].caps, i, w, sizeof(w));
		for (size_t k = 0; k < m; k++) {
			bool u;

			vmxfeat_value(cols[k].caps, i, v, sizeof(v));
			u = genref_unusual(cols[k].ref, i, v, &cols[k].cpuid);
			differ |= strcmp(v, w) != 0;
			any |= u;
			json_array_append_new(vals, json_string(v));
			json_array_append_new(odd, json_boolean(u));
		}
		if (!differ && !any) {
			same++;
			json_decref(vals);
			json_decref(odd);
			continue;
		}
		for (size_t k = 0; k < m; k++)
			flagged += json_is_true(json_array_get(odd, k));
		snprintf(name, sizeof(name), "%s: %s", ft.group, ft.name);
		json_array_append_new(rows, json_pack("{s:s, s:o, s:o}", "feature", name, "values", vals,
						      "unusual", odd));
	}
	for (size_t k = 0; k < m; k++)
		col_free(&cols[k]);
	free(cols);
	free(p);
	out = json_pack("{s:o, s:o, s:o, s:I, s:I}", "columns", columns, "novmx", novmx, "rows", rows,
			"same", (json_int_t)same, "unusual", (json_int_t)flagged);
	return out;
}
