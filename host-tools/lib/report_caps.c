/** @file
 * Report section "caps": the VMX capabilities each run found (caps suite),
 * from its vmx_caps record, or decoded from its raw msr records when a run
 * has only those (SDM Vol. 3D Appendix A).
 */
#include <string.h>

#include "lib/cpuident.h"
#include "lib/report.h"

struct caps_row {
	char vmx[128], rev[24], shadow[16], misc29[16], vmcs_enum[16];
};

static const char *yesno(bool b)
{
	return b ? "yes" : "no";
}

static bool msr_value(const struct stored_run *r, unsigned index, uint64_t *v)
{
	json_t *m = run_msr(r, index);

	return m && json_is_true(json_object_get(m, "present")) &&
	       !hexstr_u64(json_string_value(json_object_get(m, "value")), v);
}

static void from_vmx_caps(json_t *c, struct caps_row *row)
{
	json_t *v;

	if (!json_is_true(json_object_get(c, "vmx"))) {
		const char *why = json_string_value(json_object_get(c, "reason"));

		snprintf(row->vmx, sizeof(row->vmx), "no%s%s", why ? ": " : "", why ? why : "");
		return;
	}
	snprintf(row->vmx, sizeof(row->vmx), "yes");
	if (json_is_integer(v = json_object_get(c, "revision")))
		snprintf(row->rev, sizeof(row->rev), "0x%llx", json_integer_value(v));
	if (json_is_boolean(v = json_object_get(c, "shadowing")))
		snprintf(row->shadow, sizeof(row->shadow), "%s", yesno(json_is_true(v)));
	if (json_is_boolean(v = json_object_get(c, "misc_vmwrite_ro")))
		snprintf(row->misc29, sizeof(row->misc29), "%s", yesno(json_is_true(v)));
	if (json_is_integer(v = json_object_get(c, "vmcs_enum_max")))
		snprintf(row->vmcs_enum, sizeof(row->vmcs_enum), "0x%llx", json_integer_value(v));
}

/* Only raw MSRs: decode the few fields the table shows. */
static void from_msrs(const struct stored_run *r, struct caps_row *row)
{
	uint64_t basic, misc, enm, proc, proc2;

	if (!msr_value(r, 0x480, &basic))
		return;
	snprintf(row->vmx, sizeof(row->vmx), "yes (IA32_VMX_BASIC readable)");
	/* A.1: revision identifier in bits 30:0 */
	snprintf(row->rev, sizeof(row->rev), "0x%llx", (unsigned long long)(basic & 0x7fffffff));
	/* A.6: MISC bit 29, VMWRITE may write any field incl. VM-exit information */
	if (msr_value(r, 0x485, &misc))
		snprintf(row->misc29, sizeof(row->misc29), "%s", yesno(misc >> 29 & 1));
	/* A.9: VMCS_ENUM bits 9:1, highest index */
	if (msr_value(r, 0x48a, &enm))
		snprintf(row->vmcs_enum, sizeof(row->vmcs_enum), "0x%llx",
			 (unsigned long long)(enm >> 1 & 0x1ff));
	/* A.3.2/A.3.3: secondary controls exist when primary bit 31 may be 1; shadowing = bit 14 */
	if (msr_value(r, 0x482, &proc))
		snprintf(row->shadow, sizeof(row->shadow), "%s",
			 yesno(proc >> 63 & 1 && msr_value(r, 0x48b, &proc2) && proc2 >> (32 + 14) & 1));
}

static void caps_write(FILE *f, const struct runset *rs)
{
	if (!rs->n) {
		fprintf(f, "No stored runs.\n");
		return;
	}
	fprintf(f, "| Run | CPU | Emulated | Boot | VMX | VMCS revision | VMCS shadowing | "
		   "MISC[29] VMWRITE any field | VMCS_ENUM highest index |\n");
	fprintf(f, "|---|---|---|---|---|---|---|---|---|\n");
	for (size_t i = 0; i < rs->n; i++) {
		const struct stored_run *r = &rs->v[i];
		struct caps_row row;
		json_t *c = run_record(r, "vmx_caps");
		char emu[160];

		memset(&row, 0, sizeof(row));
		if (c)
			from_vmx_caps(c, &row);
		else
			from_msrs(r, &row);
		if (!row.vmx[0])
			snprintf(row.vmx, sizeof(row.vmx), "not measured (no vmx_caps record)");
		report_emulation(r, emu, sizeof(emu));
		fputc('|', f);
		report_cell(f, r->run_id);
		report_cell(f, json_string_value(json_object_get(r->cpu, "codename")));
		report_cell(f, emu);
		report_cell(f, json_string_value(json_object_get(r->begin, "boot")));
		report_cell(f, row.vmx);
		report_cell(f, row.rev[0] ? row.rev : "-");
		report_cell(f, row.shadow[0] ? row.shadow : "-");
		report_cell(f, row.misc29[0] ? row.misc29 : "-");
		report_cell(f, row.vmcs_enum[0] ? row.vmcs_enum : "-");
		fputc('\n', f);
	}
	fprintf(f, "\nVMCS revision: IA32_VMX_BASIC[30:0] (SDM Vol. 3D A.1). Shadowing: secondary "
		   "processor-based control bit 14 allowed-1 (A.3.3). MISC[29]: VMWRITE to any "
		   "supported field, including VM-exit information fields (A.6). VMCS_ENUM: "
		   "highest field index, bits 9:1 (A.9).\n");
}

const struct report_section report_caps = { "caps", "VMX capabilities (caps suite)", caps_write };
