/** @file
 * Named shadow field sets and break-even (payload/vmx/shadow_sets.c): KVM's
 * table resolves to the SDM encodings under the SDM names, has KVM's 12
 * read-only and 24 read-write fields, and resolves per CPU as KVM syncs it
 * (read-write both ways, read-only vmcs12 -> shadow only, no _HIGH halves on
 * x86-64, unsupported fields dropped, read-only VMWRITEs only with MISC bit
 * 29) on the real i7-6700K and i7-3960X; break-even arithmetic and rounding.
 */
#include <string.h>
#include "realcpu.h"
#include "vmx/caps.h"
#include "vmx/controls.h"
#include "vmx/fields.h"
#include "vmx/shadow.h"
#include "vmx/shadow_sets.h"

static struct vmx_caps skl, skl_nomisc29, snb;

static int decode(const char *name, struct vmx_caps *c, bool clear29)
{
	struct realcpu rows[32];
	int n = realcpu_load(rows, 32);

	for (int i = 0; i < n; i++)
		if (!strncmp(rows[i].cpu, name, strlen(name))) {
			if (clear29)
				rows[i].m.val[MSR_IA32_VMX_MISC - VMX_MSR_FIRST] &= ~(1ull << 29);
			return vmx_caps_decode(&rows[i].m, c);
		}
	return -1;
}

static int load(void **state)
{
	(void)state;
	return decode("Intel Core i7-6700K", &skl, false) || decode("Intel Core i7-6700K", &skl_nomisc29, true) ||
	       decode("Intel Core i7-3960X", &snb, false);
}

static bool listed(const uint32_t *e, unsigned n, uint32_t enc)
{
	for (unsigned i = 0; i < n; i++)
		if (e[i] == enc)
			return true;
	return false;
}

static void test_kvm_table(void **state)
{
	unsigned ro = 0, rw = 0;

	(void)state;
	assert_int_equal(shadow_set_kvm_count, 36);
	for (size_t i = 0; i < shadow_set_kvm_count; i++) {
		uint32_t enc = 0;
		const struct vmcs_field_info *f = vmcs_field_by_name(shadow_set_kvm[i].name, &enc);

		assert_non_null(f);
		/* the typed encoding is the one the field table gives the SDM name */
		assert_int_equal(enc, shadow_set_kvm[i].enc);
		shadow_set_kvm[i].ro ? ro++ : rw++;
		/* every VM-exit information field of the set is one KVM syncs one way */
		if (shadow_field_read_only(enc))
			assert_true(shadow_set_kvm[i].ro);
	}
	assert_int_equal(ro, 12);
	assert_int_equal(rw, 24);
	/* spot checks against SDM Appendix B */
	assert_int_equal(shadow_set_kvm[0].enc, 0x0810);
	assert_string_equal(shadow_set_kvm[23].name, "GUEST_RIP");
	assert_int_equal(shadow_set_kvm[23].enc, 0x681E);
	assert_int_equal(shadow_set_kvm[35].enc, 0x2401);
}

static void test_resolve_skylake(void **state)
{
	uint32_t e[64];
	unsigned l = 0, k;
	/* i7-6700K: PML yes, virtual-interrupt delivery no (client part), TPR shadow and preemption timer yes */
	bool vid = controls_feature(&skl, VMX_FEAT_VINTR_DELIVERY), pml = controls_feature(&skl, VMX_FEAT_PML);

	(void)state;
	assert_true(pml);
	assert_false(vid);
	k = shadow_set_resolve(shadow_set_kvm, shadow_set_kvm_count, &skl, SHADOW_SYNC_READ, e, 64, &l);
	assert_int_equal(l, 24);
	assert_int_equal(k, 23); /* GUEST_INTERRUPT_STATUS dropped */
	assert_false(listed(e, k, 0x0810));
	assert_true(listed(e, k, 0x0812));
	assert_false(listed(e, k, 0x4402)); /* read-only: never copied back */
	assert_int_equal(e[0], 0x0812);     /* table order kept */
	k = shadow_set_resolve(shadow_set_kvm, shadow_set_kvm_count, &skl, SHADOW_SYNC_WRITE, e, 64, &l);
	assert_int_equal(l, 36);
	assert_int_equal(k, 34); /* minus GUEST_INTERRUPT_STATUS and the _HIGH half */
	assert_true(listed(e, k, 0x4402));
	assert_true(listed(e, k, 0x2400));
	assert_false(listed(e, k, 0x2401));
	/* without MISC bit 29 the nine VM-exit information fields cannot be written */
	k = shadow_set_resolve(shadow_set_kvm, shadow_set_kvm_count, &skl_nomisc29, SHADOW_SYNC_WRITE, e, 64, &l);
	assert_int_equal(k, 25);
	assert_false(listed(e, k, 0x4402));
	assert_true(listed(e, k, 0x4816)); /* GUEST_CS_ACCESS_RIGHTS: guest state, writable */
	/* a short buffer is not overrun */
	k = shadow_set_resolve(shadow_set_kvm, shadow_set_kvm_count, &skl, SHADOW_SYNC_WRITE, e, 5, NULL);
	assert_int_equal(k, 5);
}

static void test_resolve_sandybridge(void **state)
{
	uint32_t e[64];
	unsigned l = 0, k;

	(void)state;
	/*
	 * i7-3960X: no PML, no virtual-interrupt delivery, no MISC bit 29, and
	 * IA32_VMX_VMCS_ENUM gives highest index 21, so VMX_PREEMPTION_TIMER_VALUE
	 * (index 23) counts as unsupported (A.9) though the timer exists.
	 */
	assert_false(controls_feature(&snb, VMX_FEAT_PML));
	assert_false(snb.vmwrite_any);
	assert_int_equal(snb.vmcs_enum_max, 21);
	k = shadow_set_resolve(shadow_set_kvm, shadow_set_kvm_count, &snb, SHADOW_SYNC_READ, e, 64, &l);
	assert_int_equal(l, 24);
	assert_int_equal(k, 21);
	assert_false(listed(e, k, 0x482E));
	k = shadow_set_resolve(shadow_set_kvm, shadow_set_kvm_count, &snb, SHADOW_SYNC_WRITE, e, 64, &l);
	assert_int_equal(k, 23); /* 35 - 3 unsupported - 9 read-only */
}

static void test_breakeven(void **state)
{
	int64_t m = -7;

	(void)state;
	/* (100 + 200) / (60 - 3) = 5.2631... */
	assert_true(shadow_breakeven_milli(100, 200, 60, 3, &m));
	assert_int_equal(m, 5263);
	/* milli-scaled inputs give the same figure */
	assert_true(shadow_breakeven_milli(100000, 200000, 60000, 3000, &m));
	assert_int_equal(m, 5263);
	/* half rounds away from zero: 1 / 8 = 0.125; 1 / 16 = 0.0625 -> 0.063 */
	assert_true(shadow_breakeven_milli(1, 0, 8, 0, &m));
	assert_int_equal(m, 125);
	assert_true(shadow_breakeven_milli(1, 0, 16, 0, &m));
	assert_int_equal(m, 63);
	/* a set with more fields costs more syncs: break-even grows with the sync cost */
	{
		int64_t kvm, all;

		assert_true(shadow_breakeven_milli(1500, 2000, 180, 1, &kvm));
		assert_true(shadow_breakeven_milli(6000, 7000, 180, 1, &all));
		assert_true(kvm < all);
	}
	/* exiting not slower: no figure, result untouched */
	m = -7;
	assert_false(shadow_breakeven_milli(100, 200, 3, 3, &m));
	assert_false(shadow_breakeven_milli(100, 200, 2, 3, &m));
	assert_int_equal(m, -7);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kvm_table),
		cmocka_unit_test(test_resolve_skylake),
		cmocka_unit_test(test_resolve_sandybridge),
		cmocka_unit_test(test_breakeven),
	};

	return cmocka_run_group_tests(tests, load, NULL);
}
