/** @file
 * RSDP parsing and scanning (payload/platform/acpi.c) on built tables:
 * ACPI 1.0 and 2.0 layouts, both checksums, truncation, the 16-byte scan.
 */
#include <string.h>

#include "unit.h"
#include "platform/acpi.h"

/* An RSDP of @p rev at @p p: checksums right unless told otherwise. */
static void make_rsdp(uint8_t *p, unsigned rev)
{
	uint8_t s = 0;

	memset(p, 0, 36);
	memcpy(p, "RSD PTR ", 8);
	memcpy(p + 9, "BOCHS ", 6);
	p[15] = (uint8_t)rev;
	p[16] = 0x78, p[17] = 0x56, p[18] = 0x34, p[19] = 0x12; /* RSDT 0x12345678 */
	for (int i = 0; i < 20; i++)
		s = (uint8_t)(s + p[i]);
	p[8] = (uint8_t)-s;
	if (rev >= 2) {
		p[20] = 36;                                      /* Length */
		p[24] = 0xef, p[25] = 0xbe, p[28] = 0x01;       /* XSDT 0x10000beef */
		s = 0;
		for (int i = 0; i < 36; i++)
			s = (uint8_t)(s + p[i]);
		p[32] = (uint8_t)-s;                            /* extended checksum */
	}
}

static void test_parse(void **state)
{
	uint8_t b[36];
	struct acpi_rsdp r;

	(void)state;
	make_rsdp(b, 0);
	assert_int_equal(acpi_rsdp_parse(b, 20, &r), 0);
	assert_int_equal(r.revision, 0);
	assert_int_equal(r.rsdt, 0x12345678);
	assert_int_equal(r.xsdt, 0);
	assert_string_equal(r.oem_id, "BOCHS ");
	make_rsdp(b, 2);
	assert_int_equal(acpi_rsdp_parse(b, sizeof(b), &r), 0);
	assert_int_equal(r.xsdt, 0x10000beefull);
	/* revision 2 needs its 36 bytes and its extended checksum */
	assert_int_equal(acpi_rsdp_parse(b, 30, &r), -1);
	b[33] ^= 1;
	assert_int_equal(acpi_rsdp_parse(b, sizeof(b), &r), -1);
	make_rsdp(b, 0);
	b[16] ^= 1; /* first checksum */
	assert_int_equal(acpi_rsdp_parse(b, sizeof(b), &r), -1);
	make_rsdp(b, 0);
	b[0] = 'X';
	assert_int_equal(acpi_rsdp_parse(b, sizeof(b), &r), -1);
	assert_int_equal(acpi_rsdp_parse(b, 19, &r), -1);
}

static void test_scan(void **state)
{
	static uint8_t area[4096];
	uint8_t tmp[36];
	struct acpi_rsdp r;

	(void)state;
	memset(area, 0, sizeof(area));
	assert_int_equal(acpi_rsdp_scan(area, sizeof(area), &r), -1);
	make_rsdp(area + 0x108, 2); /* off the 16-byte grid: not found */
	assert_int_equal(acpi_rsdp_scan(area, sizeof(area), &r), -1);
	make_rsdp(area + 0x230, 2);
	assert_int_equal(acpi_rsdp_scan(area, sizeof(area), &r), 0x230);
	/* at the very end, cut short: never read past the area */
	memset(area, 0, sizeof(area));
	make_rsdp(tmp, 2);
	memcpy(area + sizeof(area) - 32, tmp, 32);
	assert_int_equal(acpi_rsdp_scan(area, sizeof(area), &r), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_scan),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
