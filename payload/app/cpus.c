/** @file
 * Finding, starting and recording the logical processors (see cpus.h).
 */
#include <string.h>

#include "app/cpus.h"
#include "platform/acpi.h"
#include "platform/cpu.h"
#include "platform/ioapic.h"
#include "platform/trap.h"
#include "platform/smp.h"
#include "platform/topology.h"
#include "record/record.h"

static struct acpi_cpus listed;
static struct smp_ap aps[ACPI_CPU_MAX];
static struct topo_levels topo;
/* No MADT, but the firmware named its processors (boot_info.fw_cpus): why
 * the MADT was not used; NULL when the MADT listed them. */
static const char *madt_missing;

static void cpuid_here(uint32_t leaf, uint32_t sub, uint32_t r[4], void *ctx)
{
	(void)ctx;
	cpuid_array(leaf, sub, r);
}

static const char *topo_source_name(enum topo_source s)
{
	switch (s) {
	case TOPO_SRC_LEAF_1F: return "leaf 0x1f";
	case TOPO_SRC_LEAF_B: return "leaf 0xb";
	case TOPO_SRC_LEGACY: return "leaves 1 and 4";
	default: return "none";
	}
}

/* An AP decodes its own leaves: they must give the boot CPU's shifts. */
struct ap_topo {
	struct topo_levels lv;
};

static void decode_here(void *arg)
{
	struct ap_topo *t = arg;

	topo_decode(cpuid_here, NULL, &t->lv);
}

static void cpu_record(const struct smp_ap *a, uint32_t boot_id)
{
	uint32_t id[TOPO_D_COUNT];
	struct rec *r = rec_start("cpu");

	topo_split(&topo, a->apic_id, id);
	rec_u64(r, "apic_id", a->apic_id);
	rec_bool(r, "x2apic", a->x2apic);
	rec_bool(r, "started", a->started);
	if (a->started)
		rec_u64(r, "index", a->index);
	else
		rec_str(r, "why", a->why);
	rec_str(r, "relation", topo_relation_name(topo_relation(&topo, boot_id, a->apic_id)));
	rec_u64(r, "package", id[TOPO_D_PACKAGE]);
	rec_u64(r, "core", id[TOPO_D_CORE]);
	rec_u64(r, "smt", id[TOPO_D_SMT]);
	if (a->started && a->index != 0) {
		struct ap_topo t;
		int v = run_on(a->index, decode_here, &t);

		/* the APIC reports the id the MADT listed (else IPIs go astray) */
		if (smp_apic_id(a->index) != a->apic_id)
			rec_u64(r, "reads_apic_id", smp_apic_id(a->index));
		if (v != FAULT_NONE)
			rec_str(r, "topology_check", v == RUN_NO_ANSWER ? "no answer" : "exception");
		else if (memcmp(t.lv.shift, topo.shift, sizeof(topo.shift)))
			rec_bool(r, "topology_differs", true);
	}
	rec_close(r);
}

static void smp_record(bool start, unsigned started, const char *why)
{
	struct rec *r = rec_start("smp");

	rec_bool(r, "start", start);
	rec_u64(r, "online", smp_online());
	if (why || madt_missing) {
		rec_str(r, "madt", "none");
		rec_str(r, "why", why ? why : madt_missing);
	} else {
		rec_str(r, "madt", listed.via_xsdt ? "xsdt" : "rsdt");
	}
	if (!why) {
		if (madt_missing)
			rec_str(r, "listed_by", "uefi-mp-services");
		rec_u64(r, "listed", listed.n);
		rec_u64(r, "started", started);
		rec_u64(r, "skipped_disabled", listed.skipped_disabled);
		rec_u64(r, "skipped_duplicate", listed.skipped_duplicate);
		rec_u64(r, "over_max", listed.over_max);
		if (listed.warning)
			rec_str(r, "warning", listed.warning);
	}
	rec_str(r, "topology", topo_source_name(topo.source));
	rec_u64(r, "smt_shift", topo.shift[TOPO_D_SMT]);
	rec_u64(r, "core_shift", topo.shift[TOPO_D_CORE]);
	rec_u64(r, "package_shift", topo.shift[TOPO_D_PACKAGE]);
	if (topo.warning)
		rec_str(r, "topology_warning", topo.warning);
	if (topo.contradiction) {
		rec_str(r, "topology_contradiction", topo.contradiction);
		rec_u64(r, "legacy_package_shift", topo.legacy_package_shift);
	}
	rec_close(r);
}

/* The firmware's list instead of a MADT (OVMF without ACPI tables, as
 * under Bochs): enabled processors, the boot CPU among them. @return NULL. */
static const char *from_firmware(const struct boot_info *bi, const char *why)
{
	listed = (struct acpi_cpus){ 0 };
	for (unsigned i = 0; i < bi->fw_ncpus; i++) {
		if (listed.n == ACPI_CPU_MAX) {
			listed.over_max++;
			continue;
		}
		listed.cpu[listed.n].apic_id = bi->fw_cpus[i];
		listed.cpu[listed.n].x2apic = bi->fw_cpus[i] > 0xfe;
		listed.n++;
	}
	madt_missing = why;
	return NULL;
}

void cpus_bring_up(const struct boot_info *bi, bool start)
{
	uint32_t ids[ACPI_CPU_MAX];
	bool x2[ACPI_CPU_MAX];
	unsigned started = 0;
	const char *why = NULL;

	topo_decode(cpuid_here, NULL, &topo);
	if (!bi->rsdp)
		why = "no ACPI RSDP";
	else if (acpi_madt_cpus(&acpi_phys_mem, bi->rsdp, &listed) != 0)
		why = listed.error.why ? listed.error.why : "MADT unusable";
	if (!why) /* the measurements mask them (measure/timing_quiet.c) */
		ioapic_set(listed.ioapic_pa, listed.ioapics < ACPI_IOAPIC_MAX ? listed.ioapics : ACPI_IOAPIC_MAX,
			   listed.ioapics);
	if (why && bi->fw_ncpus)
		why = from_firmware(bi, why);
	if (!why) {
		for (unsigned i = 0; i < listed.n; i++) {
			ids[i] = listed.cpu[i].apic_id;
			x2[i] = listed.cpu[i].x2apic;
		}
		if (start) {
			smp_set_trampoline(bi->ap_tramp);
			started = smp_start(ids, x2, listed.n, aps);
		} else {
			/* smp=off: only the boot CPU runs; the others are listed, not started */
			uint32_t me = topo.apic_id;

			for (unsigned i = 0; i < listed.n; i++)
				aps[i] = (struct smp_ap){ .apic_id = ids[i], .x2apic = x2[i],
							  .started = ids[i] == me,
							  .why = "smp=off" };
		}
	}
	smp_record(start, started, why);
	if (!why)
		for (unsigned i = 0; i < listed.n; i++)
			cpu_record(&aps[i], topo.apic_id);
}
