/** @file
 * fmt_vsnprintf (payload/lib/fmt.c), compared with the host's snprintf.
 */
#include <stdio.h>
#include <string.h>
#include "unit.h"
#include "lib/fmt.h"

#define SAME(...)                                                            \
	do {                                                                 \
		char a[128], b[128];                                         \
		size_t na = fmt_snprintf(a, sizeof(a), __VA_ARGS__);         \
		int nb = snprintf(b, sizeof(b), __VA_ARGS__);                \
		assert_string_equal(a, b);                                   \
		assert_int_equal(na, nb);                                    \
	} while (0)

static void test_conversions(void **state)
{
	(void)state;
	SAME("plain");
	SAME("%d %d %d", 0, -1, 2147483647);
	SAME("%d", (int)-2147483647 - 1);
	SAME("%u %x %X", 4000000000u, 0xdeadbeefu, 0xabcu);
	SAME("%lx %llx %lu %llu", 0xffffffffffffffffUL, 0x123456789abcULL, 18446744073709551615UL,
	     42ULL);
	SAME("%ld %lld", -9223372036854775807L, 9223372036854775807LL);
	SAME("%zu", (size_t)12345);
	SAME("%s|%c|%%", "str", 'x');
	SAME("%p", (void *)0x1234);
}

static void test_width(void **state)
{
	(void)state;
	SAME("[%8x] [%08x] [%-6d] [%06d] [%3s] [%-5s]", 0xabcu, 0xabcu, 42, -42, "toolong", "ab");
	SAME("[%016llx]", 0x1ULL);
	SAME("[%2c]", 'z');
}

static void test_bounds(void **state)
{
	char small[5];
	size_t n;

	(void)state;
	memset(small, 'Z', sizeof(small));
	n = fmt_snprintf(small, sizeof(small), "%s", "abcdefgh");
	assert_int_equal(n, 8);
	assert_string_equal(small, "abcd");
	n = fmt_snprintf(small, 0, "%d", 12345);
	assert_int_equal(n, 5);
	assert_int_equal(small[0], 'a');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_conversions),
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_bounds),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
