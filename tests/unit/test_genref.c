/** @file
 * Unit tests of the per-generation reference (host-tools/lib/genref.c) and
 * the named features it is read through (vmxfeat.c): each real CPU is its
 * own generation's reference, newer generations take the newest older one,
 * and "unusual" needs the reference to have the feature and the run's CPUID
 * to have what the control serves.
 */
#include <string.h>

#include "unit.h"
#include "lib/cpuident.h"
#include "lib/genref.h"
#include "lib/vmxfeat.h"

static void fms(uint32_t eax, unsigned *f, unsigned *m, unsigned *s)
{
	*f = (eax >> 8) & 0xf;
	*m = ((eax >> 4) & 0xf) | (*f == 6 ? (eax >> 12) & 0xf0 : 0);
	*s = eax & 0xf;
}

static void test_refs_map(void **state)
{
	unsigned f, m, s;
	const struct genref *g;

	(void)state;
	assert_true(genref_count() >= 7);
	/* each reference whose generation the uarch table knows is its own reference,
	 * unless a newer row of the same generation order was also measured (SNB-E after SNB) */
	for (size_t i = 0; i < genref_count(); i++) {
		fms(genref_at(i)->eax1, &f, &m, &s);
		g = genref_for("GenuineIntel", f, m, s);
		if (g)
			assert_true(g == genref_at(i) || g->eax1 != genref_at(i)->eax1);
	}
	g = genref_for("GenuineIntel", 6, 0x3c, 3); /* Haswell: the newest older reference */
	assert_non_null(g);
	assert_non_null(strstr(g->generation, "Ivy Bridge"));
	g = genref_for("GenuineIntel", 6, 0x8c, 1); /* Tiger Lake */
	assert_non_null(g);
	assert_non_null(strstr(g->generation, "Skylake"));
	assert_null(genref_for("AuthenticAMD", 0x17, 1, 1));
}

static void test_unusual(void **state)
{
	const struct genref *g = genref_for("GenuineIntel", 6, 0x5e, 3); /* Skylake */
	json_t *ref;
	size_t shadow = vmxfeat_find("procbased2", "SECONDARY_EXEC_SHADOW_VMCS");
	size_t mpx = vmxfeat_find("entry", "VM_ENTRY_LOAD_IA32_BNDCFGS");
	struct cpuid_dump d = { 0 };
	uint32_t l7[4] = { 0, 1u << 14, 0, 0 }; /* CPUID.7.0:EBX[14] MPX */
	char v[64];

	(void)state;
	assert_non_null(g);
	ref = genref_caps(g);
	assert_string_equal(vmxfeat_value(ref, shadow, v, sizeof(v)), "yes");
	assert_true(genref_unusual(ref, shadow, "no", NULL));
	assert_false(genref_unusual(ref, shadow, "yes", NULL));
	/* the i7-6700K has MPX and its BNDCFGS controls */
	assert_string_equal(vmxfeat_value(ref, mpx, v, sizeof(v)), "yes");
	assert_false(genref_unusual(ref, mpx, "no", &d)); /* no CPUID leaf 7: no MPX, not unusual */
	cpuid_dump_add(&d, 7, 0, l7);
	assert_true(genref_unusual(ref, mpx, "no", &d)); /* MPX enumerated, control absent */
	cpuid_dump_free(&d);
	assert_false(genref_unusual(NULL, shadow, "no", NULL));
	json_decref(ref);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_refs_map),
		cmocka_unit_test(test_unusual),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
