/** @file
 * Report section "caps": the VMX capabilities each run found (caps suite),
 * decoded from its raw msr records with the payload's own decoder
 * (payload/vmx/caps.c, SDM Vol. 3D Appendix A), else from its vmx_caps record.
 */
#include <string.h>

#include "lib/cpuident.h"
#include "lib/report.h"
#include "vmx/caps.h"

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

/* Raw msr records through the payload's own decoder (payload/vmx/caps.c). */
static bool from_msrs(const struct stored_run *r, struct caps_row *row)
{
	struct vmx_msrs m;
	struct vmx_caps c;

	memset(&m, 0, sizeof(m));
	for (unsigned i = 0; i < VMX_MSR_COUNT; i++)
		m.present[i] = msr_value(r, VMX_MSR_FIRST + i, &m.val[i]);
	if (!m.present[0] || vmx_caps_decode(&m, &c))
		return false;
	snprintf(row->vmx, sizeof(row->vmx), "yes");
	snprintf(row->rev, sizeof(row->rev), "0x%x", c.revision);
	if (c.procbased.avail) /* no secondary controls at all means no shadowing */
		snprintf(row->shadow, sizeof(row->shadow), "%s", yesno(c.shadowing));
	if (c.misc_avail)
		snprintf(row->misc29, sizeof(row->misc29), "%s", yesno(c.vmwrite_any));
	if (c.vmcs_enum_avail)
		snprintf(row->vmcs_enum, sizeof(row->vmcs_enum), "0x%x", c.vmcs_enum_max);
	return true;
}

/* No VMX data at all: say whether CPUID even offers VMX (CPUID.1:ECX[5]). */
static void from_cpuid(const struct stored_run *r, struct caps_row *row)
{
	struct cpuid_dump d;
	const struct cpuid_leaf *l1;
	char err[128];

	if (cpuid_dump_from_records(r->records, &d, err, sizeof(err)))
		return;
	l1 = cpuid_dump_get(&d, 1, 0);
	if (l1 && !(l1->r[2] >> 5 & 1))
		snprintf(row->vmx, sizeof(row->vmx), "no: CPUID.1:ECX[5] (VMX) = 0");
	else if (l1)
		snprintf(row->vmx, sizeof(row->vmx), "CPUID says yes; capabilities not recorded");
	cpuid_dump_free(&d);
}

static void caps_write(FILE *f, const struct report_ctx *c)
{
	const struct runset *rs = c->rs;

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
		json_t *vc;

		/* one run's records at a time: a row needs its msr, vmx_caps and cpuid records */
		run_open(r);
		vc = run_record(r, "vmx_caps");
		memset(&row, 0, sizeof(row));
		if (!from_msrs(r, &row)) {
			if (vc)
				from_vmx_caps(vc, &row);
			else
				from_cpuid(r, &row);
		}
		if (!row.vmx[0])
			snprintf(row.vmx, sizeof(row.vmx), "not measured (no vmx_caps record)");
		fputc('|', f);
		report_cell(f, r->run_id);
		report_cell(f, json_string_value(json_object_get(r->cpu, "codename")));
		report_emulation_cell(f, r);
		report_cell(f, json_string_value(json_object_get(r->begin, "boot")));
		report_cell(f, row.vmx);
		report_cell(f, row.rev[0] ? row.rev : "-");
		report_cell(f, row.shadow[0] ? row.shadow : "-");
		report_cell(f, row.misc29[0] ? row.misc29 : "-");
		report_cell(f, row.vmcs_enum[0] ? row.vmcs_enum : "-");
		fputc('\n', f);
		run_close(r);
	}
	fprintf(f, "\nVMCS revision: IA32_VMX_BASIC[30:0] (SDM Vol. 3D A.1). Shadowing: secondary "
		   "processor-based control bit 14 allowed-1 (A.3.3). MISC[29]: VMWRITE to any "
		   "supported field, including VM-exit information fields (A.6). VMCS_ENUM: "
		   "highest field index, bits 9:1 (A.9).\n");
}

const struct report_section report_caps = { "caps", "VMX capabilities (caps suite)", caps_write };
