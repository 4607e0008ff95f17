/** @file
 * platform/smbios.c: entry point validation and scan, the structure walk,
 * and malformed tables that must neither hang nor read out of bounds.
 */
#include <stdio.h>
#include <string.h>
#include "unit.h"
#include "platform/smbios.h"

static void fix_sum(uint8_t *p, size_t n, size_t at)
{
	uint8_t s = 0;

	p[at] = 0;
	for (size_t i = 0; i < n; i++)
		s = (uint8_t)(s + p[i]);
	p[at] = (uint8_t)-s;
}

static void make_ep2(uint8_t *p, uint32_t table, uint16_t len, uint16_t count)
{
	memset(p, 0, 0x1f);
	memcpy(p, "_SM_", 4);
	p[5] = 0x1f;
	p[6] = 2;
	p[7] = 8;
	memcpy(p + 0x10, "_DMI_", 5);
	p[0x16] = (uint8_t)len;
	p[0x17] = (uint8_t)(len >> 8);
	memcpy(p + 0x18, &table, 4); /* little-endian host */
	p[0x1c] = (uint8_t)count;
	p[0x1d] = (uint8_t)(count >> 8);
	fix_sum(p + 0x10, 0x0f, 0x05);
	fix_sum(p, 0x1f, 4);
}

static void make_ep3(uint8_t *p, uint64_t table, uint32_t maxlen)
{
	memset(p, 0, 0x18);
	memcpy(p, "_SM3_", 5);
	p[6] = 0x18;
	p[7] = 3;
	p[8] = 2;
	memcpy(p + 0x0c, &maxlen, 4);
	memcpy(p + 0x10, &table, 8);
	fix_sum(p, 0x18, 5);
}

/* type 0, type 1, an unrelated type 4, end of table */
static size_t make_table(uint8_t *t)
{
	size_t n = 0;
	static const uint8_t t0[0x12] = { 0, 0x12, 0, 0, 1, 2, 0, 0xe8, 3 };
	static const uint8_t t1[0x1b] = { 1, 0x1b, 1, 0, 1, 2, 3, 4 };
	static const uint8_t t4[0x06] = { 4, 0x06, 2, 0, 1, 0 };
	static const uint8_t t127[4] = { 127, 4, 3, 0 };

	memcpy(t + n, t0, sizeof(t0)), n += sizeof(t0);
#define PUT(lit) (memcpy(t + n, lit, sizeof(lit) - 1), n += sizeof(lit) - 1)
	PUT("Bochs Co\0v1.2   \0" "01/01/2026\0");
	t[n++] = 0;
	memcpy(t + n, t1, sizeof(t1)), n += sizeof(t1);
	PUT("Maker\0Box\0" "1.7\0SN-42\0");
	t[n++] = 0;
	memcpy(t + n, t4, sizeof(t4)), n += sizeof(t4);
	PUT("CPU\0");
#undef PUT
	t[n++] = 0;
	memcpy(t + n, t127, sizeof(t127)), n += sizeof(t127);
	t[n++] = 0;
	t[n++] = 0;
	return n;
}

static uint8_t area[0x10000];
static uint8_t table[4096];

static void test_scan_and_parse(void **state)
{
	struct smbios_entry e;
	struct smbios_info info = { 0 };

	(void)state;
	memset(area, 0, sizeof(area));
	memcpy(area + 0x100, "_SM_", 4); /* anchor with a bad checksum: skipped */
	make_ep2(area + 0x2f0, 0xe1000, 0x1234, 7);
	long off = smbios_entry_scan(area, sizeof(area), &e);
	assert_int_equal(off, 0x2f0);
	assert_false(e.v3);
	assert_int_equal(e.major, 2);
	assert_int_equal(e.minor, 8);
	assert_int_equal(e.table, 0xe1000);
	assert_int_equal(e.table_len, 0x1234);
	assert_int_equal(e.count, 7);

	size_t n = make_table(table);
	smbios_table_parse(table, n, 0, &info);
	assert_string_equal(info.bios_vendor, "Bochs Co");
	assert_string_equal(info.bios_version, "v1.2"); /* trailing blanks trimmed */
	assert_string_equal(info.manufacturer, "Maker");
	assert_string_equal(info.product, "Box");
	assert_string_equal(info.serial, "SN-42");
	assert_int_equal(info.structures, 4);
	assert_false(info.truncated);
}

static void test_v3_preferred(void **state)
{
	struct smbios_entry e;

	(void)state;
	memset(area, 0, sizeof(area));
	make_ep2(area + 0x10, 0xe0000, 100, 3);
	make_ep3(area + 0x40, 0x7fff0000ull, 0x800);
	assert_int_equal(smbios_entry_scan(area, sizeof(area), &e), 0x40);
	assert_true(e.v3);
	assert_int_equal(e.major, 3);
	assert_int_equal(e.table, 0x7fff0000ull);
	assert_int_equal(e.table_len, 0x800);
	/* a corrupt 3.x checksum falls back to 2.x */
	area[0x40 + 0x12] ^= 1;
	assert_int_equal(smbios_entry_scan(area, sizeof(area), &e), 0x10);
	assert_false(e.v3);
	/* an entry point cut by the end of the area is not read past it */
	uint8_t ep[0x20];
	memset(area, 0, sizeof(area));
	make_ep2(ep, 0, 0, 0);
	memcpy(area + sizeof(area) - 0x10, ep, 0x10);
	assert_int_equal(smbios_entry_scan(area, sizeof(area), &e), -1);
	/* intermediate "_DMI_" checksum is checked too */
	memset(area, 0, sizeof(area));
	make_ep2(area, 0xe0000, 100, 3);
	area[0x16] ^= 1;
	fix_sum(area, 0x1f, 4);
	assert_int_equal(smbios_entry_scan(area, sizeof(area), &e), -1);
}

static void test_malformed(void **state)
{
	struct smbios_info info;
	size_t n = make_table(table);

	(void)state;
	/* every prefix of the table: no overrun (ASan/valgrind would say), stops */
	for (size_t cut = 0; cut < n; cut++) {
		memset(&info, 0, sizeof(info));
		smbios_table_parse(table, cut, 0, &info);
		assert_true(info.structures <= 4);
	}
	/* structure count limit (2.x) */
	memset(&info, 0, sizeof(info));
	smbios_table_parse(table, n, 1, &info);
	assert_int_equal(info.structures, 1);
	assert_string_equal(info.manufacturer, "");
	/* formatted length below the 4-byte header */
	memset(&info, 0, sizeof(info));
	table[1] = 2;
	smbios_table_parse(table, n, 0, &info);
	assert_true(info.truncated);
	assert_int_equal(info.structures, 0);
	/* formatted length past the end */
	table[1] = 0xff;
	memset(&info, 0, sizeof(info));
	smbios_table_parse(table, 0x40, 0, &info);
	assert_true(info.truncated);
	/* no double NUL anywhere: stops at the end */
	memset(table, 'x', sizeof(table));
	table[0] = 1, table[1] = 8;
	memset(&info, 0, sizeof(info));
	smbios_table_parse(table, sizeof(table), 0, &info);
	assert_true(info.truncated);
	/* string index beyond the string set: empty, not garbage */
	memset(table, 0, sizeof(table));
	static const uint8_t t1[8] = { 1, 8, 0, 0, 9, 0, 0, 1 };
	memcpy(table, t1, 8);
	memcpy(table + 8, "only\0\0", 6);
	memset(&info, 0, sizeof(info));
	smbios_table_parse(table, 14, 0, &info);
	assert_string_equal(info.manufacturer, "");
	assert_string_equal(info.product, "");
	assert_string_equal(info.serial, "only");
	assert_int_equal(info.structures, 1);
	/* a long, unprintable string is cut and sanitised */
	memset(table, 0, sizeof(table));
	memcpy(table, t1, 8);
	memset(table + 8, 0x01, 200);
	memset(&info, 0, sizeof(info));
	smbios_table_parse(table, 8 + 200 + 2, 0, &info);
	assert_int_equal(strlen(info.serial), SMBIOS_STR_MAX - 1);
	assert_int_equal(info.serial[0], '?');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scan_and_parse),
		cmocka_unit_test(test_v3_preferred),
		cmocka_unit_test(test_malformed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
