/** @file
 * Report section "features": the named VMX features across CPU models
 * (host-tools/lib/vmxfeat.c: every control of the five control MSRs,
 * EPT/VPID, VMFUNC, BASIC/MISC fields), only the rows where models differ
 * or a value is unusual for the CPU's generation: a feature the real CPU of
 * that generation has (genref.h) and this one lacks, marked "no (!)".
 */
#include <string.h>

#include "lib/cpuident.h"
#include "lib/esc.h"
#include "lib/genref.h"
#include "lib/report.h"
#include "lib/vmxfeat.h"

static bool has_caps(const struct stored_run *r, const void *arg)
{
	(void)arg;
	return run_has(r, "vmx_caps", NULL);
}

struct col {
	json_t *caps;             /* the model's newest vmx_caps (a copy) */
	json_t *ref;              /* its generation's reference, or NULL */
	const struct genref *g;
	struct cpuid_dump cpuid;  /* the run's CPUID: which CPU features the controls serve */
	char label[128];
};

/* Models whose vmx_caps says no VMX get no column: their features are all "n/a". */
static bool drop_novmx(struct col *cols, size_t n, FILE *f)
{
	bool any = false;

	for (size_t k = 0; k < n; k++) {
		if (json_is_true(json_object_get(cols[k].caps, "vmx")))
			continue;
		fputs(any ? ", " : "Without VMX (no column): ", f);
		esc_md(f, cols[k].label, false);
		any = true;
	}
	if (any)
		fputs(".\n\n", f);
	return any;
}


static unsigned num(json_t *cpu, const char *k)
{
	return (unsigned)json_integer_value(json_object_get(cpu, k));
}

/* Does the reference have the feature the run lacks? */
static bool unusual(const struct col *c, size_t i, const char *v)
{
	return genref_unusual(c->ref, i, v, &c->cpuid);
}

static void features_write(FILE *f, const struct report_ctx *ctx)
{
	struct run_pick *p = calloc(ctx->rs->n + 1, sizeof(*p));
	struct col *cols;
	size_t n, same = 0, shown = 0, flagged = 0;
	char v[64], w[64];

	if (!p)
		abort();
	n = runset_pick_open(ctx->rs, has_caps, NULL, p, ctx->rs->n);
	if (!n) {
		fprintf(f, "No run has a vmx_caps record (caps suite).\n");
		free(p);
		return;
	}
	cols = calloc(n, sizeof(*cols));
	if (!cols)
		abort();
	for (size_t k = 0; k < n; k++) {
		json_t *cpu = p[k].r->cpu;

		char err[128];

		cols[k].caps = json_deep_copy(run_record(p[k].r, "vmx_caps"));
		if (cpuid_dump_from_records(p[k].r->records, &cols[k].cpuid, err, sizeof(err)))
			memset(&cols[k].cpuid, 0, sizeof(cols[k].cpuid));
		run_label(p[k].r, cols[k].label, sizeof(cols[k].label));
		cols[k].g = genref_for(json_string_value(json_object_get(cpu, "vendor")) ?: "",
				       num(cpu, "family"), num(cpu, "model"), num(cpu, "stepping"));
		cols[k].ref = cols[k].g && json_is_true(json_object_get(cols[k].caps, "vmx"))
				      ? genref_caps(cols[k].g) : NULL;
	}
	runset_picks_close(p, n);
	drop_novmx(cols, n, f);
	{
		size_t m = 0;

		for (size_t k = 0; k < n; k++) {
			if (json_is_true(json_object_get(cols[k].caps, "vmx"))) {
				cols[m++] = cols[k];
			} else {
				json_decref(cols[k].caps);
				json_decref(cols[k].ref);
				cpuid_dump_free(&cols[k].cpuid);
			}
		}
		n = m;
	}
	if (!n) {
		free(cols);
		free(p);
		return;
	}
	fprintf(f, "Each CPU model's newest run with the caps suite. `yes`: the control may be 1; "
		   "`always`: fixed to 1; `no`: fixed to 0 (SDM Vol. 3 Appendix A.3-A.5); "
		   "capability bits from IA32_VMX_EPT_VPID_CAP (A.10) and IA32_VMX_VMFUNC (A.11); "
		   "fields of IA32_VMX_BASIC (A.1) and IA32_VMX_MISC (A.6). Only the features "
		   "where the models differ or a value is unusual are listed. **no (!)** marks a "
		   "feature the real CPU of that generation has (column note below) and this one "
		   "lacks: firmware, a hypervisor or the emulator masked it.\n\n| feature |");
	for (size_t k = 0; k < n; k++)
		report_cell(f, cols[k].label);
	fputs("\n|---|", f);
	for (size_t k = 0; k < n; k++)
		fputs("---|", f);
	fputc('\n', f);
	for (size_t i = 0; i < vmxfeat_count(); i++) {
		struct vmxfeat ft = vmxfeat_at(i);
		bool differ = false, odd = false;
		char name[160];

		for (size_t k = 0; k < n; k++) {
			vmxfeat_value(cols[k].caps, i, v, sizeof(v));
			vmxfeat_value(cols[0].caps, i, w, sizeof(w));
			differ |= strcmp(v, w) != 0;
			odd |= unusual(&cols[k], i, v);
		}
		if (!differ && !odd) {
			same++;
			continue;
		}
		shown++;
		snprintf(name, sizeof(name), "%s: %s", ft.group, ft.name);
		fputc('|', f);
		report_cell_code(f, name);
		for (size_t k = 0; k < n; k++) {
			bool u;

			vmxfeat_value(cols[k].caps, i, v, sizeof(v));
			u = unusual(&cols[k], i, v);
			flagged += u;
			report_cell(f, u ? "no (!)" : v);
		}
		fputc('\n', f);
	}
	fprintf(f, "\n%zu features listed, %zu the same on every model (not listed), %zu value%s "
		   "unusual for the generation.\n\nGeneration references (real CPUs' VMX MSRs, "
		   "tests/data/real-cpus/vmx-msrs.csv):", shown, same, flagged, flagged == 1 ? "" : "s");
	for (size_t k = 0; k < n; k++) {
		fprintf(f, "%s", k ? ";" : "");
		fputc(' ', f);
		esc_md(f, cols[k].label, false);
		fputs(": ", f);
		esc_md(f, cols[k].g ? cols[k].g->cpu : "none (not an Intel core this table knows)", false);
		json_decref(cols[k].caps);
		json_decref(cols[k].ref);
		cpuid_dump_free(&cols[k].cpuid);
	}
	fputs(".\n", f);
	free(cols);
	free(p);
}

const struct report_section report_features = { "features", "VMX features across CPU models",
						features_write };
