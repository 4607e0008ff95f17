/** @file
 * Round trip: records written by the payload's writer (payload/record/
 * writer.c) parsed back by the host reader (host-tools/lib/recline.c):
 * every byte value through the escaping, numbers, hex, nesting, and
 * records the writer had to truncate.
 */
#include "unit.h"
#include "loggen.h"
#include "lib/cpuident.h"
#include "lib/recline.h"

/* Write one record with @p fill, parse it back. */
static json_t *roundtrip(void (*fill)(struct rec *r, void *arg), void *arg)
{
	struct loggen g;
	struct recline rl;
	struct rec *r;
	json_t *obj;

	loggen_init(&g);
	r = rec_open(&g.w, "test");
	fill(r, arg);
	rec_close(r);
	assert_int_equal(g.lines, 1);
	assert_true(g.len <= REC_LINE_MAX + sizeof(REC_TAG));
	if (recline_parse(g.buf, g.len, &rl) != RECLINE_OK)
		fail_msg("reader refused the writer's line: %s\n%s", rl.err, g.buf);
	obj = rl.obj;
	assert_string_equal(json_string_value(json_object_get(obj, "type")), "test");
	loggen_free(&g);
	return obj;
}

static void fill_bytes(struct rec *r, void *arg)
{
	char s[256];

	(void)arg;
	for (int i = 1; i < 256; i++)
		s[i - 1] = (char)i;
	s[255] = 0;
	rec_str(r, "all", s);
	rec_str(r, "quote\"key\\", "v");
	rec_str(r, "null", NULL);
	rec_strn(r, "part", "abcdef", 3);
}

/* Every byte 1..255: ASCII comes back as itself, the rest as U+0080..U+00FF. */
static void test_escaping(void **state)
{
	json_t *o = roundtrip(fill_bytes, NULL);
	const char *s = json_string_value(json_object_get(o, "all"));
	char want[512];
	size_t n = 0;

	(void)state;
	for (int c = 1; c < 256; c++) {
		if (c < 0x80) {
			want[n++] = (char)c;
		} else {
			want[n++] = (char)(0xc0 | c >> 6);
			want[n++] = (char)(0x80 | (c & 0x3f));
		}
	}
	want[n] = 0;
	assert_non_null(s);
	assert_string_equal(s, want);
	assert_string_equal(json_string_value(json_object_get(o, "quote\"key\\")), "v");
	assert_string_equal(json_string_value(json_object_get(o, "null")), "");
	assert_string_equal(json_string_value(json_object_get(o, "part")), "abc");
	assert_null(json_object_get(o, "truncated"));
	json_decref(o);
}

static void fill_numbers(struct rec *r, void *arg)
{
	(void)arg;
	rec_u64(r, "zero", 0);
	rec_u64(r, "u32", 0xffffffffu);
	rec_i64(r, "neg", -1234567890123LL);
	rec_i64(r, "min", INT64_MIN + 1);
	rec_hex(r, "h0", 0);
	rec_hex(r, "hmax", UINT64_MAX);
	rec_hex(r, "h", 0xda040000000010ull);
	rec_bool(r, "t", true);
	rec_bool(r, "f", false);
}

static void test_numbers(void **state)
{
	json_t *o = roundtrip(fill_numbers, NULL);
	uint64_t v;

	(void)state;
	assert_int_equal(json_integer_value(json_object_get(o, "zero")), 0);
	assert_int_equal(json_integer_value(json_object_get(o, "u32")), 0xffffffffu);
	assert_true(json_integer_value(json_object_get(o, "neg")) == -1234567890123LL);
	assert_true(json_integer_value(json_object_get(o, "min")) == INT64_MIN + 1);
	assert_int_equal(hexstr_u64(json_string_value(json_object_get(o, "h0")), &v), 0);
	assert_true(v == 0);
	assert_string_equal(json_string_value(json_object_get(o, "h0")), "0x0");
	assert_int_equal(hexstr_u64(json_string_value(json_object_get(o, "hmax")), &v), 0);
	assert_true(v == UINT64_MAX);
	assert_int_equal(hexstr_u64(json_string_value(json_object_get(o, "h")), &v), 0);
	assert_true(v == 0xda040000000010ull);
	assert_true(json_is_true(json_object_get(o, "t")));
	assert_true(json_is_false(json_object_get(o, "f")));
	json_decref(o);
}

static void fill_nested(struct rec *r, void *arg)
{
	(void)arg;
	rec_obj_begin(r, "a");
	rec_u64(r, "x", 1);
	rec_obj_begin(r, "b");
	rec_obj_begin(r, "c");
	rec_obj_begin(r, "d");
	rec_u64(r, "deep", 4);
	rec_obj_begin(r, "e"); /* beyond REC_DEPTH_MAX: dropped with everything in it */
	rec_u64(r, "lost", 5);
	rec_obj_end(r);
	rec_obj_end(r);
	rec_obj_end(r);
	rec_obj_end(r);
	rec_u64(r, "y", 2);
	rec_obj_end(r);
	rec_str(r, "after", "ok");
}

static void test_nesting(void **state)
{
	json_t *o = roundtrip(fill_nested, NULL);
	json_t *a = json_object_get(o, "a");
	json_t *d;

	(void)state;
	assert_int_equal(json_integer_value(json_object_get(a, "x")), 1);
	assert_int_equal(json_integer_value(json_object_get(a, "y")), 2);
	d = json_object_get(json_object_get(json_object_get(a, "b"), "c"), "d");
	assert_int_equal(json_integer_value(json_object_get(d, "deep")), 4);
	assert_null(json_object_get(d, "e"));
	assert_string_equal(json_string_value(json_object_get(o, "after")), "ok");
	assert_true(json_is_true(json_object_get(o, "truncated")));
	json_decref(o);
}

static void fill_long(struct rec *r, void *arg)
{
	static char big[REC_LINE_MAX];
	int *n = arg;

	memset(big, 'x', sizeof(big) - 1);
	rec_str(r, "small", "kept");
	for (int i = 0; i < *n; i++) {
		char key[16];

		snprintf(key, sizeof(key), "k%d", i);
		rec_strn(r, key, big, 100);
	}
	rec_str(r, "huge", big);  /* never fits */
	rec_obj_begin(r, "obj");
	rec_str(r, "inner", big);
	rec_obj_end(r);
	rec_u64(r, "last", 7);
}

/* Lines filled to the limit: members that do not fit are dropped whole, never cut. */
static void test_truncation(void **state)
{
	(void)state;
	for (int n = 0; n < 25; n++) {
		json_t *o = roundtrip(fill_long, &n);
		int kept = 0;

		assert_string_equal(json_string_value(json_object_get(o, "small")), "kept");
		assert_null(json_object_get(o, "huge"));
		assert_true(json_is_true(json_object_get(o, "truncated")));
		for (int i = 0; i < n; i++) {
			char key[16];
			json_t *v;

			snprintf(key, sizeof(key), "k%d", i);
			v = json_object_get(o, key);
			if (v) {
				assert_int_equal(strlen(json_string_value(v)), 100);
				kept++;
			}
		}
		/* 2048 bytes hold at most ~18 members of ~108 bytes */
		assert_true(kept <= 19);
		json_decref(o);
	}
}

/* A label that carries the record tag: the line holds the tag once, the string comes back whole. */
static void test_tag_in_string(void **state)
{
	static const char label[] = "lab VMXB1 {\"type\":\"end\"} VMXB2 VMX VMXB";
	struct loggen g;
	struct recline rl;
	struct rec *r;

	(void)state;
	loggen_init(&g);
	r = rec_open(&g.w, "begin");
	rec_str(r, "label", label);
	rec_str(r, "VMXB1 key", "v");
	rec_close(r);
	/* the tag once, at the start; no "VMXB" anywhere after it */
	assert_memory_equal(g.buf, REC_TAG, sizeof(REC_TAG) - 1);
	assert_null(strstr(g.buf + 1, "VMXB"));
	assert_int_equal(recline_parse(g.buf, g.len, &rl), RECLINE_OK);
	assert_string_equal(json_string_value(json_object_get(rl.obj, "label")), label);
	assert_string_equal(json_string_value(json_object_get(rl.obj, "VMXB1 key")), "v");
	json_decref(rl.obj);
	loggen_free(&g);
}

/* A run written by the writer survives as a whole, seq and all. */
static void test_seq_and_crc(void **state)
{
	struct loggen g;
	struct recline rl;
	const char *p;
	long long want = 0;

	(void)state;
	loggen_init(&g);
	loggen_run(&g, "bochs:x");
	for (p = g.buf; *p; p = strchr(p, '\n') + 1) {
		size_t n = (size_t)(strchr(p, '\n') - p);

		assert_int_equal(recline_parse(p, n, &rl), RECLINE_OK);
		assert_int_equal(rl.seq, want++);
		json_decref(rl.obj);
	}
	loggen_free(&g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escaping),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_nesting),
		cmocka_unit_test(test_truncation),
		cmocka_unit_test(test_seq_and_crc),
		cmocka_unit_test(test_tag_in_string),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
