/** @file
 * The UEFI boot wrapper's pure parts (payload/boot/efi_cmdline.c,
 * efi_config.c, efi_memmap.c): LoadOptions to a command line, the ACPI and
 * SMBIOS entries of the configuration table, the extent of a memory map.
 */
#include <string.h>
#include "unit.h"
#include "app/options.h"
#include "boot/efi_tables.h"

/* UCS-2 little-endian of @p s with its NUL, as the firmware hands it over; @return bytes. */
static size_t ucs2(const char *s, uint8_t *out)
{
	size_t n = 0;

	for (; *s; s++) {
		out[n++] = (uint8_t)*s;
		out[n++] = 0;
	}
	out[n++] = 0;
	out[n++] = 0;
	return n;
}

static void test_cmdline_ovmf(void **state)
{
	uint8_t b[512];
	char out[256];
	size_t n = ucs2("payload.efi suites=caps,entry exit=bochs", b);
	struct options o;

	(void)state;
	assert_int_equal(efi_cmdline_ascii(b, n, out, sizeof(out)), 40);
	assert_string_equal(out, "payload.efi suites=caps,entry exit=bochs");
	/* the image name is a word without '=': the option parser passes it by */
	options_parse(&o, out);
	assert_string_equal(o.suites, "caps,entry");
	assert_int_equal(o.exit, EXIT_BOCHS);
	assert_string_equal(o.unknown, "");
}

static void test_cmdline_edges(void **state)
{
	uint8_t b[64];
	char out[8];
	char big[64];
	size_t n;

	(void)state;
	/* no options at all */
	assert_int_equal(efi_cmdline_ascii(NULL, 0, big, sizeof(big)), 0);
	assert_string_equal(big, "");
	/* cut to the buffer, always terminated */
	n = ucs2("abcdefghijkl", b);
	assert_int_equal(efi_cmdline_ascii(b, n, out, sizeof(out)), 7);
	assert_string_equal(out, "abcdefg");
	/* an odd byte count: the half character is dropped; the size may leave out the NUL */
	assert_int_equal(efi_cmdline_ascii(b, 5, big, sizeof(big)), 2);
	assert_string_equal(big, "ab");
	/* non-ASCII becomes '?', controls a space, and nothing past the NUL is read */
	memcpy(b, "a\0\xe9\0\t\0\x01\0b\0\0\0z\0\0", 16);
	assert_int_equal(efi_cmdline_ascii(b, 16, big, sizeof(big)), 5);
	assert_string_equal(big, "a? ?b");
	/* a high byte that makes a non-ASCII character */
	memcpy(b, "x\x01y\0", 4);
	efi_cmdline_ascii(b, 4, big, sizeof(big));
	assert_string_equal(big, "?y");
	assert_int_equal(efi_cmdline_ascii(b, 4, out, 0), 0);
}

#define ACPI20 { 0x8868e871, 0xe4f1, 0x11d3, { 0xbc, 0x22, 0x00, 0x80, 0xc7, 0x3c, 0x88, 0x81 } }
#define ACPI10 { 0xeb9d2d30, 0x2d88, 0x11d3, { 0x9a, 0x16, 0x00, 0x90, 0x27, 0x3f, 0xc1, 0x4d } }
#define SMBIOS3 { 0xf2fd1544, 0x9794, 0x4a2c, { 0x99, 0x2e, 0xe5, 0xbb, 0xcf, 0x20, 0xe3, 0x94 } }
#define SMBIOS2 { 0xeb9d2d31, 0x2d88, 0x11d3, { 0x9a, 0x16, 0x00, 0x90, 0x27, 0x3f, 0xc1, 0x4d } }
#define OTHER { 0x49152e77, 0x1ada, 0x4764, { 0xb7, 0xa2, 0x7a, 0xfe, 0xfe, 0xd9, 0x5e, 0x8b } }

static void test_config_tables(void **state)
{
	/* OVMF's order: the older tables may come first */
	const struct efi_config t[] = {
		{ OTHER, 0x1000 }, { ACPI10, 0x7f000 }, { SMBIOS2, 0xf0000 },
		{ ACPI20, 0x7f014 }, { SMBIOS3, 0xf0100 },
	};
	const struct efi_config old[] = { { ACPI10, 0xe0000 }, { SMBIOS2, 0xf5000 }, { OTHER, 1 } };
	const struct efi_config zero[] = { { ACPI20, 0 }, { ACPI10, 0xe0000 } };

	(void)state;
	assert_int_equal(efi_config_rsdp(t, 5), 0x7f014);
	assert_int_equal(efi_config_smbios(t, 5), 0xf0100);
	assert_int_equal(efi_config_rsdp(old, 3), 0xe0000);
	assert_int_equal(efi_config_smbios(old, 3), 0xf5000);
	/* an entry with a NULL table is as good as none */
	assert_int_equal(efi_config_rsdp(zero, 2), 0xe0000);
	assert_int_equal(efi_config_rsdp(t, 1), 0);
	assert_int_equal(efi_config_smbios(NULL, 4), 0);
	/* n bounds the walk */
	assert_int_equal(efi_config_rsdp(t, 3), 0x7f000);
}

/* Descriptors DESC_SIZE apart (OVMF: 48, more than the struct's 40). */
#define DESC_SIZE 48

static void put(uint8_t *map, unsigned i, uint32_t type, uint64_t phys, uint64_t pages)
{
	struct efi_mem_desc d = { .type = type, .phys = phys, .pages = pages };

	memcpy(map + i * DESC_SIZE, &d, sizeof(d));
}

static void test_memmap_end(void **state)
{
	uint8_t map[DESC_SIZE * 6] = { 0 };
	const uint64_t lim = 512ull << 30;

	(void)state;
	put(map, 0, EFI_MEM_CONVENTIONAL, 0, 0xa0);
	put(map, 1, EFI_MEM_CONVENTIONAL, 0x100000, 0x1ff00);  /* to 512 MiB */
	put(map, 2, EFI_MEM_MMIO, 0xffc00000, 0x400);          /* the flash: to 4 GiB */
	put(map, 3, EFI_MEM_RESERVED, 0x80000000, 0x10);
	assert_int_equal(efi_memmap_end(map, 4 * DESC_SIZE, DESC_SIZE, lim), 0x100000000ull);
	assert_int_equal(efi_memmap_end(map, 2 * DESC_SIZE, DESC_SIZE, lim), 0x20000000ull);
	/* memory above 4 GiB */
	put(map, 4, EFI_MEM_CONVENTIONAL, 0x100000000ull, 0x40000); /* 4..5 GiB */
	assert_int_equal(efi_memmap_end(map, 5 * DESC_SIZE, DESC_SIZE, lim), 0x140000000ull);
	/* a trailing partial descriptor is not read */
	assert_int_equal(efi_memmap_end(map, 5 * DESC_SIZE + 20, DESC_SIZE, lim), 0x140000000ull);
	/* past the limit, or wrapping past 2^64: counted to the limit */
	put(map, 5, EFI_MEM_CONVENTIONAL, 0xfffffffffffff000ull, 0x10);
	assert_int_equal(efi_memmap_end(map, 6 * DESC_SIZE, DESC_SIZE, lim), lim);
	put(map, 5, EFI_MEM_CONVENTIONAL, 0x1000, 0xfffffffffffffull);
	assert_int_equal(efi_memmap_end(map, 6 * DESC_SIZE, DESC_SIZE, lim), lim);
	/* a descriptor size below the struct's is a malformed map */
	assert_int_equal(efi_memmap_end(map, sizeof(map), 16, lim), 0);
	assert_int_equal(efi_memmap_end(NULL, 96, DESC_SIZE, lim), 0);
	assert_int_equal(efi_memmap_end(map, 0, DESC_SIZE, lim), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cmdline_ovmf),
		cmocka_unit_test(test_cmdline_edges),
		cmocka_unit_test(test_config_tables),
		cmocka_unit_test(test_memmap_end),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
