/** @file
 * Report section "features": the named VMX features across CPU models, only
 * the rows where models differ or a value is unusual for the CPU's
 * generation, marked "no (!)" (host-tools/lib/featmatrix.c builds the table).
 */
#include "lib/esc.h"
#include "lib/featmatrix.h"
#include "lib/report.h"

static void features_write(FILE *f, const struct report_ctx *ctx)
{
	json_t *fm = featmatrix_build(ctx->rs), *cols, *rows, *x, *r;
	size_t i, k, nflag;

	if (!fm) {
		fprintf(f, "No run has a vmx_caps record (caps suite).\n");
		return;
	}
	json_array_foreach(json_object_get(fm, "novmx"), i, x) {
		fputs(i ? ", " : "Without VMX (no column): ", f);
		esc_md(f, json_string_value(x), false);
		if (i + 1 == json_array_size(json_object_get(fm, "novmx")))
			fputs(".\n\n", f);
	}
	cols = json_object_get(fm, "columns");
	rows = json_object_get(fm, "rows");
	if (!json_array_size(cols)) {
		json_decref(fm);
		return;
	}
	fprintf(f, "Each CPU model's newest run with the caps suite. `yes`: the control may be 1; "
		   "`always`: fixed to 1; `no`: fixed to 0 (SDM Vol. 3 Appendix A.3-A.5); "
		   "capability bits from IA32_VMX_EPT_VPID_CAP (A.10) and IA32_VMX_VMFUNC (A.11); "
		   "fields of IA32_VMX_BASIC (A.1) and IA32_VMX_MISC (A.6). Only the features "
		   "where the models differ or a value is unusual are listed. **no (!)** marks a "
		   "feature the real CPU of that generation has (column note below) and this one "
		   "lacks: firmware, a hypervisor or the emulator masked it.\n\n| feature |");
	json_array_foreach(cols, k, x)
		report_cell(f, json_string_value(json_object_get(x, "label")));
	fputs("\n|---|", f);
	for (k = 0; k < json_array_size(cols); k++)
		fputs("---|", f);
	fputc('\n', f);
	json_array_foreach(rows, i, r) {
		fputc('|', f);
		report_cell_code(f, json_string_value(json_object_get(r, "feature")));
		json_array_foreach(json_object_get(r, "values"), k, x)
			report_cell(f, json_is_true(json_array_get(json_object_get(r, "unusual"), k))
					       ? "no (!)" : json_string_value(x));
		fputc('\n', f);
	}
	nflag = (size_t)json_integer_value(json_object_get(fm, "unusual"));
	fprintf(f, "\n%zu features listed, %lld the same on every model (not listed), %zu value%s "
		   "unusual for the generation.\n\nGeneration references (real CPUs' VMX MSRs, "
		   "tests/data/real-cpus/vmx-msrs.csv):", json_array_size(rows),
		(long long)json_integer_value(json_object_get(fm, "same")), nflag, nflag == 1 ? "" : "s");
	json_array_foreach(cols, k, x) {
		const char *ref = json_string_value(json_object_get(x, "reference"));

		fputs(k ? "; " : " ", f);
		esc_md(f, json_string_value(json_object_get(x, "label")), false);
		fputs(": ", f);
		esc_md(f, ref ? ref : "none (not an Intel core this table knows)", false);
	}
	fputs(".\n", f);
	json_decref(fm);
}

const struct report_section report_features = { "features", "VMX features across CPU models",
						features_write };
