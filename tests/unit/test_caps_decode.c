/** @file
 * vmx/caps.c against real CPUs (tests/data/real-cpus/vmx-msrs.csv), the
 * Bochs 2.7 models (values in docs/emulators.md) and malformed input.
 * Expected facts come from SDM Vol. 3D Appendix A and each CPU's generation,
 * not from re-deriving the CSV.
 */
#include <stdio.h>
#include <string.h>
#include "realcpu.h"
#include "platform/cpuid_walk.h"
#include "vmx/caps.h"

#define ROWS_MAX 32
static struct realcpu rows[ROWS_MAX];
static int nrows;

static int load_csv(void **state)
{
	(void)state;
	nrows = realcpu_load(rows, ROWS_MAX);
	return nrows > 0 ? 0 : -1;
}

/* What each CPU is known to have (by generation), keyed by CPUID.1:EAX display model. */
struct known {
	unsigned model;
	uint32_t revision;   /* VMCS revision id, as KVM/VirtualBox logs report it */
	bool x64;            /* Intel 64: BASIC[48] must be 0 (A.1) */
	bool nehalem_plus;   /* TRUE_* MSRs (BASIC[55]) arrived with Nehalem */
	bool secondary;      /* secondary controls from Penryn on */
	bool ept;            /* EPT/VPID from Nehalem on */
	bool haswell_plus;   /* VMCS shadowing, VMFUNC, MISC[29] from Haswell on */
};

static const struct known known[] = {
	{ 0x0e, 0x05, false, false, false, false, false }, /* Yonah */
	{ 0x0f, 0x07, true, false, false, false, false },  /* Merom */
	{ 0x17, 0x0d, true, false, true, false, false },   /* Penryn */
	{ 0x2a, 0x10, true, true, true, true, false },     /* Sandy Bridge */
	{ 0x2d, 0x10, true, true, true, true, false },     /* Sandy Bridge-E */
	{ 0x3a, 0x10, true, true, true, true, false },     /* Ivy Bridge */
	{ 0x5e, 0x04, true, true, true, true, true },      /* Skylake-S */
};

static const struct known *known_for(uint32_t eax1)
{
	struct cpuid_sig s = cpuid_signature(eax1);

	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (s.family == 6 && known[i].model == s.model)
			return &known[i];
	return NULL;
}

/* A.2: default1 controls (reported as 1 in allowed-0 of the plain MSRs). */
#define PIN_DEFAULT1 0x00000016u
#define PROC_DEFAULT1 0x0401e172u
#define EXIT_DEFAULT1 0x00036dffu
#define ENTRY_DEFAULT1 0x000011ffu

static void test_real_cpus(void **state)
{
	(void)state;
	assert_int_equal(nrows, 7);
	for (int i = 0; i < nrows; i++) {
		const struct realcpu *r = &rows[i];
		const struct known *k = known_for(r->eax1);
		struct vmx_caps c;

		print_message("  %s\n", r->cpu);
		assert_non_null(k);
		assert_int_equal(vmx_caps_decode(&r->m, &c), 0);
		assert_true(c.vmx);
		/* Every MSR the CSV has is one Appendix A says exists, and vice versa. */
		assert_int_equal(c.presence_mismatch, 0);
		assert_int_equal(c.inconsistent, 0);
		assert_int_equal(c.revision, k->revision);
		assert_true(c.vmcs_size > 0 && c.vmcs_size <= 4096); /* A.1: at most 4 KiB */
		assert_int_equal(c.memtype, 6);                      /* A.1: write-back */
		assert_int_equal(c.phys_addr_32, !k->x64);
		assert_int_equal(c.true_ctls, k->nehalem_plus);
		/* Default1 controls are 1 in the plain MSRs' allowed-0 (A.3.1, A.3.2, A.4.1, A.5). */
		const uint64_t *v = r->m.val;
		assert_int_equal((uint32_t)v[1] & PIN_DEFAULT1, PIN_DEFAULT1);
		assert_int_equal((uint32_t)v[2] & PROC_DEFAULT1, PROC_DEFAULT1);
		assert_int_equal((uint32_t)v[3] & EXIT_DEFAULT1, EXIT_DEFAULT1);
		assert_int_equal((uint32_t)v[4] & ENTRY_DEFAULT1, ENTRY_DEFAULT1);
		if (c.true_ctls) {
			/* The TRUE MSRs: allowed-0 a subset of the plain one, allowed-1 equal. */
			assert_int_equal(c.pinbased.allowed0 & ~(uint32_t)v[1], 0);
			assert_int_equal(c.procbased.allowed0 & ~(uint32_t)v[2], 0);
			assert_int_equal(c.exit.allowed0 & ~(uint32_t)v[3], 0);
			assert_int_equal(c.entry.allowed0 & ~(uint32_t)v[4], 0);
			assert_int_equal(c.procbased.allowed1, (uint32_t)(v[2] >> 32));
			/* and they do drop some default1 controls (the reason they exist) */
			assert_true((c.procbased.allowed0 & PROC_DEFAULT1) != PROC_DEFAULT1);
		} else {
			assert_int_equal(c.procbased.allowed0, (uint32_t)v[2]);
		}
		assert_true(c.pinbased.avail && c.procbased.avail && c.exit.avail && c.entry.avail);
		assert_int_equal(c.procbased2.avail, k->secondary);
		assert_int_equal(c.ept_vpid_avail, k->ept);
		assert_int_equal(c.shadowing, k->haswell_plus);
		assert_int_equal(c.vmfunc_avail, k->haswell_plus);
		assert_int_equal(c.vmwrite_any, k->haswell_plus);
		assert_false(c.procbased3.avail); /* tertiary controls: Alder Lake on */
		assert_false(c.exit2.avail);
		/* A.6 */
		assert_true(c.misc_avail);
		assert_int_equal(c.cr3_targets, 4);
		assert_int_equal(c.max_msr_list, 512);
		assert_int_equal(c.activity_states, 7);
		assert_int_equal(c.mseg_revision, 0);
		/* A.6: a preemption timer implies a rate; none without the control. */
		if (!(c.pinbased.allowed1 & (1u << 6)))
			assert_int_equal(c.preempt_rate, 0);
		/* A.7/A.8: PE, NE, PG and VMXE must be 1 in VMX operation. */
		assert_true(c.cr_fixed_avail);
		assert_int_equal(c.cr0_fixed0, 0x80000021u);
		assert_int_equal(c.cr4_fixed0, 0x2000u);
		assert_int_equal(c.cr0_fixed0 & ~c.cr0_fixed1, 0);
		assert_int_equal(c.cr4_fixed0 & ~c.cr4_fixed1, 0);
		/* A.9: only bits 9:1 defined; highest index at least that of the guest-state fields of gen 1 */
		assert_true(c.vmcs_enum_avail);
		assert_int_equal(r->m.val[10] & ~0x3feull, 0);
		assert_true(c.vmcs_enum_max >= 0x15);
	}
}

/* The values docs/emulators.md lists for Bochs 2.7 (BASIC, MISC, secondary bit 14). */
struct bochs {
	const char *model;
	uint64_t basic, misc;
	bool shadow;
};

static const struct bochs bochs[] = {
	{ "core2_penryn_t9600", 0x00d810000000002bull, 0x401e0, false },
	{ "corei7_haswell_4770", 0x00d810000000002bull, 0x200401e0, true },
	{ "corei7_skylake_x", 0x00d810000000002bull, 0x600401e0, true },
	{ "corei7_icelake_u", 0x00d8100000000004ull, 0x600401e0, true },
	{ "tigerlake", 0x01d8100000000004ull, 0x600401e0, true },
};

static void test_bochs(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(bochs) / sizeof(bochs[0]); i++) {
		const struct bochs *b = &bochs[i];
		struct vmx_msrs m = { 0 };
		struct vmx_caps c;

		for (int j = 0; j <= 10; j++)
			m.present[j] = true;
		m.val[0] = b->basic;
		m.val[5] = b->misc;
		m.val[2] = 0x8000000000000000ull; /* secondary controls exist */
		m.present[11] = true;
		m.val[11] = b->shadow ? 1ull << (32 + 14) : 0;
		for (int j = 13; j <= 16; j++)
			m.present[j] = true; /* BASIC[55] is set on every model */

		assert_int_equal(vmx_caps_decode(&m, &c), 0);
		assert_int_equal(c.presence_mismatch, 0);
		assert_int_equal(c.revision, (uint32_t)(b->basic & 0x7fffffff));
		assert_true(c.revision == 0x2b || c.revision == 4);
		assert_int_equal(c.vmcs_size, 4096);
		assert_int_equal(c.memtype, 6);
		assert_true(c.io_exit_info);
		assert_true(c.true_ctls);
		assert_false(c.phys_addr_32);
		assert_false(c.dual_monitor);
		assert_int_equal(c.entry_no_errcode, strcmp(b->model, "tigerlake") == 0);
		assert_int_equal(c.cr3_targets, 4);
		assert_int_equal(c.preempt_rate, 0);
		assert_true(c.store_lma);
		assert_int_equal(c.activity_states, 7);
		assert_int_equal(c.shadowing, b->shadow);
		assert_int_equal(c.vmwrite_any, b->shadow);
		assert_int_equal(c.zero_len_inject, (b->misc >> 30) & 1);
	}
}

static void test_all_absent(void **state)
{
	struct vmx_msrs m = { 0 };
	struct vmx_caps c;

	(void)state;
	assert_int_equal(vmx_caps_decode(&m, &c), -1);
	assert_false(c.vmx);
	/* 0x480..0x48A should exist on a VMX CPU: all eleven missing */
	assert_int_equal(c.presence_mismatch, 0x7ff);
	assert_false(c.shadowing);
}

static void test_basic_only(void **state)
{
	struct vmx_msrs m = { 0 };
	struct vmx_caps c;

	(void)state;
	m.present[0] = true;
	m.val[0] = 0x00da040000000010ull; /* says TRUE MSRs exist */
	assert_int_equal(vmx_caps_decode(&m, &c), 0);
	assert_true(c.vmx && c.true_ctls);
	/* A control MSR absent: its controls are unavailable, not "all zero allowed". */
	assert_false(c.pinbased.avail || c.procbased.avail || c.exit.avail || c.entry.avail);
	assert_false(c.procbased2.avail || c.misc_avail || c.cr_fixed_avail || c.vmcs_enum_avail);
	assert_int_equal(c.presence_mismatch, 0x7fe | (0xfu << 13));
}

static void test_zero_values(void **state)
{
	struct vmx_msrs m = { 0 };
	struct vmx_caps c;

	(void)state;
	for (int j = 0; j < (int)VMX_MSR_COUNT; j++)
		m.present[j] = true; /* every MSR reads, all as 0 */
	assert_int_equal(vmx_caps_decode(&m, &c), 0);
	assert_int_equal(c.revision, 0);
	assert_int_equal(c.vmcs_size, 0);
	assert_false(c.true_ctls);
	/* zeros enumerate nothing beyond 0x48A: those nine present MSRs are mismatches, unused */
	assert_int_equal(c.presence_mismatch, 0xff800u); /* bits 11..19 */
	assert_false(c.procbased2.avail || c.ept_vpid_avail || c.vmfunc_avail);
	assert_false(c.procbased3.avail || c.exit2.avail || c.shadowing);
	assert_true(c.procbased.avail);
	assert_int_equal(c.procbased.allowed1, 0);
	assert_int_equal(c.max_msr_list, 512);
}

static void test_shadow_needs_primary(void **state)
{
	struct vmx_msrs m = { 0 };
	struct vmx_caps c;

	(void)state;
	for (int j = 0; j <= 11; j++)
		m.present[j] = true;
	m.val[11] = ~0ull; /* CTLS2 reads all-ones but primary bit 31 says it does not exist */
	assert_int_equal(vmx_caps_decode(&m, &c), 0);
	assert_false(c.shadowing);
	assert_true(c.presence_mismatch & (1u << 11));
	m.val[2] = 1ull << 63;
	assert_int_equal(vmx_caps_decode(&m, &c), 0);
	assert_true(c.shadowing);
	/* all-ones secondary also enumerates 0x48C (EPT) and 0x491 (VMFUNC), absent here */
	assert_int_equal(c.presence_mismatch, (1u << 12) | (1u << 17));
	assert_int_equal(c.inconsistent, 0);
}

static void test_tertiary_and_inconsistent(void **state)
{
	struct vmx_msrs m = { 0 };
	struct vmx_caps c;

	(void)state;
	for (int j = 0; j <= 10; j++)
		m.present[j] = true;
	m.val[2] = (1ull << (32 + 17)) | 0x1; /* tertiary allowed; bit 0 must be 1 but may not */
	m.present[18] = true;
	m.val[18] = 0xdeadull;
	m.val[3] = 1ull << 63; /* secondary exit controls */
	m.present[19] = true;
	m.val[19] = 0x5ull;
	assert_int_equal(vmx_caps_decode(&m, &c), 0);
	assert_true(c.procbased3.avail);
	assert_int_equal(c.procbased3.allowed1, 0xdead);
	assert_true(c.exit2.avail);
	assert_int_equal(c.exit2.allowed1, 5);
	assert_int_equal(c.inconsistent, 1u << 2);
	assert_int_equal(c.presence_mismatch, 0);
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(vmx_msr_name(0x480), "IA32_VMX_BASIC");
	assert_string_equal(vmx_msr_name(0x48c), "IA32_VMX_EPT_VPID_CAP");
	assert_string_equal(vmx_msr_name(0x492), "IA32_VMX_PROCBASED_CTLS3");
	assert_string_equal(vmx_msr_name(0x493), "IA32_VMX_EXIT_CTLS2");
	assert_null(vmx_msr_name(0x47f));
	assert_null(vmx_msr_name(0x494));
}

static void test_adjust(void **state)
{
	struct vmx_ctl ctl = { true, 0x16, 0x7f };

	(void)state;
	assert_int_equal(vmx_ctl_adjust(&ctl, 0x81), 0x17);
	assert_int_equal(vmx_fixed_adjust(0x11, 0x80000021, 0xffffffff), 0x80000031);
	assert_int_equal(vmx_fixed_adjust(0x1ull << 40, 0, 0xffffffff), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_cpus),
		cmocka_unit_test(test_bochs),
		cmocka_unit_test(test_all_absent),
		cmocka_unit_test(test_basic_only),
		cmocka_unit_test(test_zero_values),
		cmocka_unit_test(test_shadow_needs_primary),
		cmocka_unit_test(test_tertiary_and_inconsistent),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_adjust),
	};

	return cmocka_run_group_tests(tests, load_csv, NULL);
}
