/** @file
 * Report section "summary", first in the report: one row per CPU model and
 * machine (two machines with the same CPU stay apart: microcode or firmware
 * may differ), with the cases run, PASS/DEVIATION/SKIP as counts and rates,
 * the deviations by name, key capabilities, microcode and BIOS. Cases are
 * merged over the group's runs, the newest run deciding each case; one run
 * is open at a time.
 */
#include <string.h>

#include "lib/report.h"
#include "lib/vmxfeat.h"

struct group {
	char key[512];
	const struct stored_run *newest; /* for labels and metadata */
	size_t runs;
	json_t *verdict;   /* "suite/id" -> [verdict, index of the deciding run in the runset] */
	json_t *caps;      /* the newest vmx_caps record (a copy), or NULL */
	json_t *identity;  /* the newest identity record (a copy) */
	json_t *smbios;    /* the newest smbios record (a copy) */
};

static struct group *group_of(struct group **g, size_t *n, const struct stored_run *r)
{
	char key[512];
	struct group *ng;

	snprintf(key, sizeof(key), "%s\x1f%s", r->slug, run_column_machine(r));
	for (size_t i = 0; i < *n; i++)
		if (!strcmp((*g)[i].key, key))
			return &(*g)[i];
	ng = realloc(*g, (*n + 1) * sizeof(**g));
	if (!ng)
		abort();
	*g = ng;
	ng = memset(&(*g)[(*n)++], 0, sizeof(**g));
	snprintf(ng->key, sizeof(ng->key), "%s", key);
	ng->verdict = json_object();
	return ng;
}

/* Keep @p rec (a copy) in *@p slot when @p r is the newest run seen with one. */
static void keep_newest(json_t **slot, const struct stored_run **when, json_t *rec,
			const struct stored_run *r)
{
	if (!rec || (*slot && *when && !run_newer(r, *when)))
		return;
	json_decref(*slot);
	*slot = json_deep_copy(rec);
	*when = r;
}

static void add_run(struct group *g, const struct runset *rs, size_t ri,
		    const struct stored_run **caps_from,
		    const struct stored_run **id_from, const struct stored_run **bios_from)
{
	const struct stored_run *r = &rs->v[ri];
	size_t i;
	json_t *rec;

	g->runs++;
	if (!g->newest || run_newer(r, g->newest))
		g->newest = r;
	if (run_open(r)) {
		run_close(r); /* an unreadable run: no records, the open still counts */
		return;
	}
	keep_newest(&g->caps, caps_from, run_record(r, "vmx_caps"), r);
	keep_newest(&g->identity, id_from, run_record(r, "identity"), r);
	keep_newest(&g->smbios, bios_from, run_record(r, "smbios"), r);
	json_array_foreach(r->records, i, rec) {
		const char *type = json_string_value(json_object_get(rec, "type"));
		const char *v = json_string_value(json_object_get(rec, "verdict"));
		char key[1024];
		json_t *old;

		if (!type || strcmp(type, "case") || !v)
			continue;
		snprintf(key, sizeof(key), "%s/%s",
			 json_string_value(json_object_get(rec, "suite")) ?: "",
			 json_string_value(json_object_get(rec, "id")) ?: "");
		old = json_object_get(g->verdict, key);
		/* the newest run decides: runs come in store order, not collection order */
		if (old && !run_newer(r, &rs->v[json_integer_value(json_array_get(old, 1))]))
			continue;
		json_object_set_new(g->verdict, key, json_pack("[s, I]", v, (json_int_t)ri));
	}
	run_close(r);
}

static const char *feat(json_t *caps, const char *group, const char *name, char *buf, size_t n)
{
	size_t i = vmxfeat_find(group, name);

	if (!caps || i == (size_t)-1)
		return "-";
	if (!json_is_true(json_object_get(caps, "vmx")))
		return "no VMX";
	return vmxfeat_value(caps, i, buf, n);
}

static void row(FILE *f, struct group *g)
{
	size_t pass = 0, dev = 0, skip = 0, total, shown = 0;
	char label[128], buf[160], devs[600] = "";
	const char *k;
	json_t *v;

	json_object_foreach(g->verdict, k, v) {
		const char *vd = json_string_value(json_array_get(v, 0));

		if (!strcmp(vd, "PASS"))
			pass++;
		else if (!strcmp(vd, "SKIP"))
			skip++;
		else {
			dev++;
			if (shown++ < 5)
				snprintf(devs + strlen(devs), sizeof(devs) - strlen(devs), "%s%s",
					 shown > 1 ? ", " : "", k);
		}
	}
	if (dev > 5)
		snprintf(devs + strlen(devs), sizeof(devs) - strlen(devs), " (+%zu more)", dev - 5);
	total = pass + dev + skip;
	run_label(g->newest, label, sizeof(label));
	fputc('|', f);
	report_cell(f, label);
	report_cell(f, run_machine(g->newest));
	report_emulation_cell(f, g->newest);
	report_cellf(f, "%zu", g->runs);
	report_cellf(f, "%zu", total);
	report_cellf(f, "%zu (%.0f %%)", pass, total ? 100.0 * pass / total : 0.0);
	report_cellf(f, "%zu (%.0f %%)", dev, total ? 100.0 * dev / total : 0.0);
	report_cellf(f, "%zu (%.0f %%)", skip, total ? 100.0 * skip / total : 0.0);
	report_cell(f, devs[0] ? devs : "-");
	report_cell(f, feat(g->caps, "procbased2", "SECONDARY_EXEC_SHADOW_VMCS", buf, sizeof(buf)));
	report_cell(f, feat(g->caps, "procbased2", "SECONDARY_EXEC_ENABLE_EPT", buf, sizeof(buf)));
	report_cell(f, feat(g->caps, "procbased2", "SECONDARY_EXEC_ENABLE_VPID", buf, sizeof(buf)));
	report_cell(f, feat(g->caps, "procbased2", "SECONDARY_EXEC_UNRESTRICTED_GUEST", buf,
			    sizeof(buf)));
	report_cell(f, json_string_value(json_object_get(g->identity, "microcode")) ?: "-");
	snprintf(buf, sizeof(buf), "%s %s",
		 json_string_value(json_object_get(g->smbios, "bios_vendor")) ?: "",
		 json_string_value(json_object_get(g->smbios, "bios_version")) ?: "");
	report_cell(f, strspn(buf, " ") == strlen(buf) ? "-" : buf);
	fputc('\n', f);
}

static int by_key(const void *a, const void *b)
{
	return strcmp(((const struct group *)a)->key, ((const struct group *)b)->key);
}

static void summary_write(FILE *f, const struct report_ctx *c)
{
	struct group *g = NULL;
	size_t n = 0;
	const struct stored_run **from = calloc(3 * (c->rs->n + 1), sizeof(*from));

	if (!c->rs->n) {
		fprintf(f, "No stored runs.\n");
		free(from);
		return;
	}
	if (!from)
		abort();
	for (size_t i = 0; i < c->rs->n; i++) {
		struct group *gr = group_of(&g, &n, &c->rs->v[i]);
		size_t gi = (size_t)(gr - g);

		add_run(gr, c->rs, i, &from[3 * gi], &from[3 * gi + 1], &from[3 * gi + 2]);
	}
	qsort(g, n, sizeof(*g), by_key);
	fprintf(f, "One row per CPU model and machine (lab label, else MAC, else UUID): two machines "
		   "with the same CPU stay apart. Cases are merged over the row's runs, the newest "
		   "run deciding each; rates are of the cases run. Key capabilities: may the "
		   "secondary control be 1 (SDM Vol. 3 §24.6.2, Appendix A.3.3).\n\n");
	fprintf(f, "| CPU model | machine | emulated | runs | cases | PASS | DEVIATION | SKIP | "
		   "deviations | VMCS shadowing | EPT | VPID | unrestricted guest | microcode | BIOS |\n"
		   "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
	for (size_t i = 0; i < n; i++) {
		row(f, &g[i]);
		json_decref(g[i].verdict);
		json_decref(g[i].caps);
		json_decref(g[i].identity);
		json_decref(g[i].smbios);
	}
	free(g);
	free(from);
}

const struct report_section report_summary = { "summary", "Summary: CPU models and machines",
					       summary_write };
