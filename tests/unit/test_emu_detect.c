/** @file
 * Emulator recognition: the payload's rules (payload/platform/emu_detect.c)
 * and the host's use of them on stored records (host-tools/lib/emulated.c).
 */
#include <string.h>

#include "unit.h"
#include "lib/emulated.h"
#include "platform/emu_detect.h"

static void test_rules(void **state)
{
	struct emu_clues bochs = { .bios_vendor = "The Bochs Project", .bios_version = "Bochs 2.7" };
	struct emu_clues bochs_ver = { .bios_vendor = "", .bios_version = "Bochs 2.6.11" };
	struct emu_clues tcg = { .hv_signature = "TCGTCGTCGTCG", .bios_vendor = "SeaBIOS" };
	struct emu_clues kvm = { .hv_signature = "KVMKVMKVM", .bios_vendor = "SeaBIOS" };
	struct emu_clues dell = { .bios_vendor = "Dell Inc.", .bios_version = "2.19.0" };
	struct emu_clues none = { 0 };
	char ev[96];

	(void)state;
	assert_string_equal(emu_detect(&bochs, ev, sizeof(ev)), "bochs");
	assert_string_equal(ev, "SMBIOS BIOS vendor \"The Bochs Project\"");
	assert_string_equal(emu_detect(&bochs_ver, ev, sizeof(ev)), "bochs");
	assert_string_equal(ev, "SMBIOS BIOS version \"Bochs 2.6.11\"");
	assert_string_equal(emu_detect(&tcg, ev, sizeof(ev)), "qemu-tcg");
	assert_string_equal(ev, "CPUID 0x40000000 signature \"TCGTCGTCGTCG\"");
	/* a hypervisor on silicon is not an emulator (the host marks it "vm") */
	assert_null(emu_detect(&kvm, ev, sizeof(ev)));
	assert_string_equal(ev, "");
	assert_null(emu_detect(&dell, NULL, 0));
	assert_null(emu_detect(&none, ev, 4));
}

static json_t *run(const char *begin, const char *identity, const char *smbios)
{
	json_t *a = json_array();

	json_array_append_new(a, json_loads(begin, 0, NULL));
	json_array_append_new(a, json_loads(identity, 0, NULL));
	if (smbios)
		json_array_append_new(a, json_loads(smbios, 0, NULL));
	return a;
}

static void test_records(void **state)
{
	static const char silicon_id[] = "{\"type\":\"identity\",\"hypervisor\":false}";
	static const char bochs_sm[] = "{\"type\":\"smbios\",\"bios_vendor\":\"The Bochs Project\","
				       "\"bios_version\":\"Bochs 2.7\"}";
	struct {
		const char *begin, *identity, *smbios, *want;
	} cases[] = {
		/* the lab's label wins */
		{ "{\"type\":\"begin\",\"emulator\":\"bochs:corei7_haswell_4770\"}", silicon_id, NULL,
		  "bochs:corei7_haswell_4770" },
		/* label lost, the payload recognised it */
		{ "{\"type\":\"begin\",\"emulator_detected\":\"bochs\"}", silicon_id, NULL, "bochs" },
		/* label lost, an older payload: the host recognises it from the records */
		{ "{\"type\":\"begin\"}", silicon_id, bochs_sm, "bochs" },
		{ "{\"type\":\"begin\"}",
		  "{\"type\":\"identity\",\"hypervisor\":true,\"hv_signature\":\"TCGTCGTCGTCG\"}", NULL,
		  "qemu-tcg" },
		/* silicon, and silicon under KVM */
		{ "{\"type\":\"begin\"}", silicon_id,
		  "{\"type\":\"smbios\",\"bios_vendor\":\"American Megatrends Inc.\"}", NULL },
		{ "{\"type\":\"begin\",\"emulator_detected\":\"\"}",
		  "{\"type\":\"identity\",\"hypervisor\":true,\"hv_signature\":\"KVMKVMKVM\"}", NULL,
		  NULL },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		json_t *a = run(cases[i].begin, cases[i].identity, cases[i].smbios);
		const char *got = records_emulator(a);

		if (cases[i].want)
			assert_string_equal(got, cases[i].want);
		else
			assert_null(got);
		json_decref(a);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rules),
		cmocka_unit_test(test_records),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
