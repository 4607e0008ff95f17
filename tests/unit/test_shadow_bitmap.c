/** @file
 * VMREAD/VMWRITE bitmaps (SDM §24.6.15, §30.3): bit x of the 4-KiB page is
 * the bit of encodings whose bits 14:0 are x; an operand with any of bits
 * 63:15 set exits whatever the bitmap says; shadowing off exits always.
 */
#include "unit.h"
#include <string.h>
#include "vmx/shadow.h"

static uint8_t bm[SHADOW_BITMAP_BYTES];

static void test_bit_position(void **state)
{
	(void)state;
	shadow_bitmap_fill(bm, false);
	shadow_bitmap_set(bm, 0x681E, true); /* GUEST_RIP: byte 0xD03, bit 6 */
	assert_int_equal(bm[0x681E >> 3], 1u << 6);
	for (unsigned i = 0; i < SHADOW_BITMAP_BYTES; i++)
		if (i != 0xD03)
			assert_int_equal(bm[i], 0);
	assert_true(shadow_bitmap_test(bm, 0x681E));
	assert_false(shadow_bitmap_test(bm, 0x681F));
	assert_false(shadow_bitmap_test(bm, 0x681C));
	shadow_bitmap_set(bm, 0x0000, true);
	assert_int_equal(bm[0], 1);
	shadow_bitmap_set(bm, 0x7fff, true);
	assert_int_equal(bm[4095], 0x80);
	shadow_bitmap_set(bm, 0x681E, false);
	assert_int_equal(bm[0xD03], 0);
	assert_int_equal(bm[0], 1);
}

/* Only bits 14:0 select a bit: 0x8000 | x and (1<<32) | x alias x in the page. */
static void test_high_bits_alias(void **state)
{
	(void)state;
	shadow_bitmap_fill(bm, false);
	shadow_bitmap_set(bm, 0x1000000000ull | 0x2800, true);
	assert_true(shadow_bitmap_test(bm, 0x2800));
	assert_true(shadow_bitmap_test(bm, 0xA800));
}

static void test_exits(void **state)
{
	(void)state;
	shadow_bitmap_fill(bm, false);
	assert_false(shadow_access_exits(true, bm, 0x681E));
	/* Bits 63:15: always exits, bitmap clear (§30.3 VMREAD/VMWRITE operation). */
	assert_true(shadow_access_exits(true, bm, 0x8000 | 0x681E));
	assert_true(shadow_access_exits(true, bm, 1ull << 32 | 0x681E));
	assert_true(shadow_access_exits(true, bm, 1ull << 63));
	assert_false(shadow_access_exits(true, bm, 0x7fff));
	/* Shadowing off: every access exits (§25.1.3). */
	assert_true(shadow_access_exits(false, bm, 0x681E));
	shadow_bitmap_fill(bm, true);
	for (uint32_t e = 0; e < 0x8000; e += 0x123)
		assert_true(shadow_access_exits(true, bm, e));
	shadow_bitmap_set(bm, 0x4400, false);
	assert_false(shadow_access_exits(true, bm, 0x4400));
	assert_true(shadow_access_exits(true, bm, 0x4402));
}

/* Every bit is reachable by exactly one 15-bit encoding. */
static void test_bijection(void **state)
{
	(void)state;
	shadow_bitmap_fill(bm, false);
	for (uint32_t e = 0; e < 0x8000; e++) {
		assert_false(shadow_bitmap_test(bm, e));
		shadow_bitmap_set(bm, e, true);
		assert_true(shadow_bitmap_test(bm, e));
	}
	for (unsigned i = 0; i < SHADOW_BITMAP_BYTES; i++)
		assert_int_equal(bm[i], 0xff);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bit_position),
		cmocka_unit_test(test_high_bits_alias),
		cmocka_unit_test(test_exits),
		cmocka_unit_test(test_bijection),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
