/** @file
 * The pure VM-entry rules the entry suite's sweeps compute expectations with
 * (vmx/entry_rules.h), against the SDM's text.
 */
#include "unit.h"
#include "vmx/entry_rules.h"

/* A capability with everything the EPTP rules read, and one with the least. */
#define CAP_ALL ((1ull << EPTCAP_WALK4_BIT) | (1ull << EPTCAP_WALK5_BIT) | (1ull << EPTCAP_UC_BIT) | \
		 (1ull << EPTCAP_WB_BIT) | (1ull << EPTCAP_AD_BIT))
#define CAP_MIN ((1ull << EPTCAP_WALK4_BIT) | (1ull << EPTCAP_WB_BIT))
#define WALK(n) ((uint64_t)((n) - 1) << 3)

static void test_eptp(void **state)
{
	const uint64_t page = 0x123000;

	(void)state;
	/* WB, 4 levels: the common EPTP */
	assert_true(eptp_valid(page | 6 | WALK(4), CAP_MIN, 39));
	/* UC only where bit 8 says so */
	assert_false(eptp_valid(page | 0 | WALK(4), CAP_MIN, 39));
	assert_true(eptp_valid(page | 0 | WALK(4), CAP_ALL, 39));
	/* the reserved memory types, whatever the capability */
	for (unsigned mt = 1; mt < 8; mt++)
		if (mt != 6)
			assert_false(eptp_valid(page | mt | WALK(4), CAP_ALL, 39));
	/* walk lengths: 4 always here, 5 only with bit 7, nothing else */
	assert_false(eptp_valid(page | 6 | WALK(5), CAP_MIN, 39));
	assert_true(eptp_valid(page | 6 | WALK(5), CAP_ALL, 39));
	for (unsigned w = 1; w <= 8; w++)
		if (w != 4 && w != 5)
			assert_false(eptp_valid(page | 6 | WALK(w), CAP_ALL, 39));
	/* A/D */
	assert_false(eptp_valid(page | 6 | WALK(4) | 1u << 6, CAP_MIN, 39));
	assert_true(eptp_valid(page | 6 | WALK(4) | 1u << 6, CAP_ALL, 39));
	/* bits 11:8 */
	for (unsigned b = 8; b < 12; b++)
		assert_false(eptp_valid(page | 6 | WALK(4) | 1ull << b, CAP_ALL, 39));
	/* the physical-address width: bit 38 fine at 39 bits, 39 not; 52 bits */
	assert_true(eptp_valid(1ull << 38 | 6 | WALK(4), CAP_ALL, 39));
	assert_false(eptp_valid(1ull << 39 | 6 | WALK(4), CAP_ALL, 39));
	assert_true(eptp_valid(1ull << 51 | 6 | WALK(4), CAP_ALL, 52));
	assert_false(eptp_valid(1ull << 52 | 6 | WALK(4), CAP_ALL, 52));
	assert_false(eptp_valid(1ull << 63 | 6 | WALK(4), CAP_ALL, 52));
}

static void test_pat(void **state)
{
	(void)state;
	for (unsigned t = 0; t < 256; t++)
		assert_int_equal(pat_type_valid(t), t == 0 || t == 1 || (t >= 4 && t <= 7));
	/* the power-on default: WB WT UC- UC, twice */
	assert_true(pat_valid(0x0007040600070406ull));
	/* one bad entry anywhere is enough */
	for (unsigned i = 0; i < 8; i++) {
		assert_false(pat_valid((0x0606060606060606ull & ~(0xffull << 8 * i)) | 2ull << 8 * i));
		assert_false(pat_valid(0x0606060606060606ull | 0x10ull << 8 * i));
	}
}

#define INFO(type, vec, dec) (0x80000000u | (type) << 8 | (dec) << 11 | (vec))

static void test_inject(void **state)
{
	const struct inject_caps old = { false, false, false }, new = { true, true, true };

	(void)state;
	assert_true(inject_valid(0, 0, 0, true, &old)); /* nothing injected */
	/* type 1 reserved; type 7 only with MTF, and then vector 0 */
	assert_false(inject_valid(INFO(1, 32, 0), 0, 1, true, &new));
	assert_false(inject_valid(INFO(7, 0, 0), 0, 1, true, &old));
	assert_true(inject_valid(INFO(7, 0, 0), 0, 1, true, &new));
	assert_false(inject_valid(INFO(7, 1, 0), 0, 1, true, &new));
	/* NMI vector 2 only; hardware exceptions up to 31 */
	assert_true(inject_valid(INFO(2, 2, 0), 0, 1, true, &old));
	assert_false(inject_valid(INFO(2, 3, 0), 0, 1, true, &old));
	assert_true(inject_valid(INFO(3, 31, 0), 0, 1, true, &old));
	assert_false(inject_valid(INFO(3, 32, 0), 0, 1, true, &new));
	/* error codes without BASIC[56]: exactly #DF #TS #NP #SS #GP #PF #AC */
	for (unsigned v = 0; v < 32; v++) {
		bool ec = v == 8 || (v >= 10 && v <= 14) || v == 17;

		if (v == 21)
			continue;
		assert_int_equal(inject_valid(INFO(3, v, 1), 0, 1, true, &old), ec);
		assert_int_equal(inject_valid(INFO(3, v, 0), 0, 1, true, &old), !ec);
		/* with BASIC[56] both ways */
		assert_true(inject_valid(INFO(3, v, 1), 0, 1, true, &new));
		assert_true(inject_valid(INFO(3, v, 0), 0, 1, true, &new));
		/* CR0.PE 0: never an error code, whatever BASIC[56] */
		assert_false(inject_valid(INFO(3, v, 1), 0, 1, false, &new));
		assert_true(inject_valid(INFO(3, v, 0), 0, 1, false, &old));
	}
	/* any type but hardware exception: no error code */
	for (unsigned t = 0; t < 8; t++)
		if (t != 3)
			assert_false(inject_valid(INFO(t, t == 2 ? 2 : 0, 1), 0, 1, true, &new));
	/* bits 30:12, error code bits 31:16 */
	assert_false(inject_valid(INFO(3, 13, 1) | 1u << 12, 0, 1, true, &old));
	assert_false(inject_valid(INFO(3, 13, 1), 0x10000, 1, true, &old));
	assert_true(inject_valid(INFO(3, 13, 1), 0xffff, 1, true, &old));
	assert_true(inject_valid(INFO(3, 6, 0), 0x10000, 1, true, &old)); /* not delivered: not checked */
	/* software events: length 1-15, 0 only with MISC[30] */
	for (unsigned t = 4; t <= 6; t++) {
		assert_true(inject_valid(INFO(t, 3, 0), 0, 15, true, &old));
		assert_false(inject_valid(INFO(t, 3, 0), 0, 16, true, &new));
		assert_false(inject_valid(INFO(t, 3, 0), 0, 0, true, &old));
		assert_true(inject_valid(INFO(t, 3, 0), 0, 0, true, &new));
	}
	/* external interrupts: any vector, with or without CR0.PE */
	assert_true(inject_valid(INFO(0, 255, 0), 0, 0, false, &old));
}

static void test_seg_type(void **state)
{
	(void)state;
	for (unsigned t = 0; t < 16; t++) {
		assert_int_equal(seg_type_valid(SEG_CS, t, true, false), t == 9 || t == 11 || t == 13 || t == 15);
		assert_int_equal(seg_type_valid(SEG_CS, t, true, true), t == 3 || t == 9 || t == 11 || t == 13 || t == 15);
		assert_int_equal(seg_type_valid(SEG_SS, t, true, false), t == 3 || t == 7);
		/* data: accessed (1, 3, 5, 7); code: accessed and readable (11, 15) */
		assert_int_equal(seg_type_valid(SEG_DS, t, true, false),
				 t == 1 || t == 3 || t == 5 || t == 7 || t == 11 || t == 15);
		assert_int_equal(seg_type_valid(SEG_TR, t, true, false), t == 11);
		assert_int_equal(seg_type_valid(SEG_TR, t, false, false), t == 3 || t == 11);
		assert_int_equal(seg_type_valid(SEG_LDTR, t, true, false), t == 2);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_eptp),
		cmocka_unit_test(test_pat),
		cmocka_unit_test(test_inject),
		cmocka_unit_test(test_seg_type),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
