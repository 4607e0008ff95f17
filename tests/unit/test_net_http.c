/** @file
 * The upload request head, the response parser and the collect= URL parser
 * (payload/net/http.c, url.c).
 */
#include <stdio.h>
#include <string.h>
#include "unit.h"
#include "net/addr.h"
#include "net/http.h"
#include "net/url.h"

static void test_head(void **state)
{
	char out[HTTP_HEAD_MAX];
	struct http_upload r = { "10.0.2.2:8080", "0123456789abcdef", 42, NULL, 1234 };
	size_t n;

	(void)state;
	n = http_upload_head(out, sizeof(out), &r);
	assert_int_equal(n, strlen(out));
	assert_string_equal(out, "POST /upload HTTP/1.1\r\n"
				 "Host: 10.0.2.2:8080\r\n"
				 "Content-Type: text/plain\r\n"
				 "Content-Length: 1234\r\n"
				 "Connection: close\r\n"
				 "X-Vmxb-Session: 0123456789abcdef\r\n"
				 "X-Vmxb-Seq: 42\r\n"
				 "\r\n");
	r.mac = "ab";
	n = http_upload_head(out, sizeof(out), &r);
	assert_non_null(strstr(out, "X-Vmxb-Seq: 42\r\nX-Vmxb-Mac: ab\r\n\r\n"));
	/* too small: 0, never a cut head */
	assert_int_equal(http_upload_head(out, 40, &r), 0);
	assert_int_equal(http_upload_head(out, n, &r), 0);
	assert_int_equal(http_upload_head(out, n + 1, &r), n);
}

static enum http_parse parse(const char *s, bool closed, struct http_resp *r)
{
	return http_resp_parse(s, strlen(s), closed, r);
}

static void test_resp_kinds(void **state)
{
	struct http_resp r;

	(void)state;
	assert_int_equal(parse("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nok 17", false, &r),
			 HTTP_DONE);
	assert_int_equal(r.status, 200);
	assert_int_equal(r.body, HTTP_BODY_OK);
	assert_int_equal(r.n, 17);
	assert_int_equal(parse("HTTP/1.1 200 OK\r\ncontent-LENGTH:  23 \r\n\r\nstored haswell-20261129\n",
			       false, &r), HTTP_DONE);
	assert_int_equal(r.body, HTTP_BODY_STORED);
	assert_string_equal(r.text, "stored haswell-20261129");
	assert_int_equal(parse("HTTP/1.0 200 OK\n\nalready stored x\n", true, &r), HTTP_DONE);
	assert_int_equal(r.body, HTTP_BODY_ALREADY);
	assert_int_equal(parse("HTTP/1.1 400 Bad Request\r\nContent-Length: 11\r\n\r\nseq gap 5\r\n",
			       false, &r), HTTP_DONE);
	assert_int_equal(r.status, 400);
	assert_int_equal(r.body, HTTP_BODY_OTHER);
	assert_string_equal(r.text, "seq gap 5");
	/* "ok" with a bad number is not an acknowledgement */
	assert_int_equal(parse("HTTP/1.1 200 OK\r\n\r\nok 99999999999", true, &r), HTTP_DONE);
	assert_int_equal(r.body, HTTP_BODY_OTHER);
	assert_int_equal(parse("HTTP/1.1 200 OK\r\n\r\nok -1", true, &r), HTTP_DONE);
	assert_int_equal(r.body, HTTP_BODY_OTHER);
	assert_int_equal(parse("HTTP/1.1 200 OK\r\n\r\nok", true, &r), HTTP_DONE);
	assert_int_equal(r.body, HTTP_BODY_OTHER);
	/* the body is cut at Content-Length, extra bytes ignored */
	assert_int_equal(parse("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nok 12345", true, &r),
			 HTTP_DONE);
	assert_int_equal(r.n, 1);
}

static void test_resp_incomplete(void **state)
{
	static const char full[] = "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nok 3";
	struct http_resp r;

	(void)state;
	/* every prefix: more wanted while open, bad once closed */
	for (size_t n = 0; n < sizeof(full) - 1; n++) {
		assert_int_equal(http_resp_parse(full, n, false, &r), HTTP_MORE);
		assert_int_equal(http_resp_parse(full, n, true, &r), HTTP_BAD);
	}
	assert_int_equal(http_resp_parse(full, sizeof(full) - 1, false, &r), HTTP_DONE);
	/* without Content-Length the body ends at the close */
	assert_int_equal(parse("HTTP/1.1 200 OK\r\n\r\nok 3", false, &r), HTTP_MORE);
	assert_int_equal(parse("HTTP/1.1 200 OK\r\n\r\nok 3", true, &r), HTTP_DONE);
}

static void test_resp_hostile(void **state)
{
	struct http_resp r;
	char big[3000];

	(void)state;
	assert_int_equal(parse("SSH-2.0-OpenSSH\r\n", false, &r), HTTP_BAD);
	assert_int_equal(parse("GARBAGE", false, &r), HTTP_BAD);
	assert_int_equal(parse("HTTP/2 200\r\n\r\n", true, &r), HTTP_BAD);
	assert_int_equal(parse("HTTP/1.1 20x OK\r\n\r\n", true, &r), HTTP_BAD);
	assert_int_equal(parse("HTTP/1.1 099 OK\r\n\r\n", true, &r), HTTP_BAD);
	assert_int_equal(parse("HTTP/1.1 2000 OK\r\n\r\n", true, &r), HTTP_BAD);
	/* two lengths, or a length that is not a number */
	assert_int_equal(parse("HTTP/1.1 200 OK\r\nContent-Length: 4\r\nContent-Length: 5\r\n\r\nok 1",
			       true, &r), HTTP_BAD);
	assert_int_equal(parse("HTTP/1.1 200 OK\r\nContent-Length: 4x\r\n\r\nok 1", true, &r), HTTP_BAD);
	assert_int_equal(parse("HTTP/1.1 200 OK\r\nContent-Length: 99999999999\r\n\r\nok 1", true, &r),
			 HTTP_BAD);
	/* control bytes and non-ASCII in the body come out as '?' */
	assert_int_equal(parse("HTTP/1.1 400 X\r\n\r\nbad \x1b[31m\xff", true, &r), HTTP_DONE);
	assert_string_equal(r.text, "bad ?[31m?");
	/* an endless header: the parser stops at HTTP_RESP_MAX bytes */
	memset(big, 'a', sizeof(big));
	memcpy(big, "HTTP/1.1 200 OK\r\nX: ", 20);
	assert_int_equal(http_resp_parse(big, HTTP_RESP_MAX, false, &r), HTTP_BAD);
	assert_int_equal(http_resp_parse(big, HTTP_RESP_MAX - 1, false, &r), HTTP_MORE);
	/* a long body line is cut to the text buffer */
	memset(big, 'b', sizeof(big));
	memcpy(big, "HTTP/1.1 500 X\r\n\r\n", 18);
	assert_int_equal(http_resp_parse(big, 900, true, &r), HTTP_DONE);
	assert_int_equal(strlen(r.text), HTTP_TEXT_MAX - 1);
}

static void test_url_ok(void **state)
{
	struct net_url u;
	const char *why = NULL;
	const char *s = "http://10.0.2.2:8080/";

	(void)state;
	assert_int_equal(url_parse(s, strlen(s), &u, &why), 0);
	assert_memory_equal(u.ip, ((uint8_t[]){ 10, 0, 2, 2 }), 4);
	assert_int_equal(u.port, 8080);
	assert_string_equal(u.host, "10.0.2.2:8080");
	s = "http://255.255.255.255";
	assert_int_equal(url_parse(s, strlen(s), &u, &why), 0);
	assert_int_equal(u.port, 80);
	assert_string_equal(u.host, "255.255.255.255:80");
	s = "http://0.0.0.0:65535";
	assert_int_equal(url_parse(s, strlen(s), &u, &why), 0);
	assert_int_equal(u.port, 65535);
	/* only the n bytes given count */
	s = "http://1.2.3.4:5/ trailing";
	assert_int_equal(url_parse(s, 17, &u, &why), 0);
}

static void test_url_refused(void **state)
{
	static const struct {
		const char *url, *why_has;
	} bad[] = {
		{ "https://10.0.2.2/", "TLS" },
		{ "ftp://10.0.2.2/", "http://" },
		{ "http://collector.lab:8080/", "IPv4" },
		{ "http://[::1]:80/", "IPv6" },
		{ "http://10.1:80/", "IPv4" },
		{ "http://10.0.2.256/", "IPv4" },
		{ "http://010.0.2.2/", "IPv4" },
		{ "http://10.0.2.2:0/", "port" },
		{ "http://10.0.2.2:65536/", "port" },
		{ "http://10.0.2.2:/", "port" },
		{ "http://10.0.2.2:80/upload", "path" },
		{ "http://10.0.2.2:80?x", "query" },
		{ "http://10.0.2.2@evil/", "user info" },
		{ "http://", "IPv4" },
		{ "", "http://" },
	};
	struct net_url u;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *why = NULL;

		assert_int_equal(url_parse(bad[i].url, strlen(bad[i].url), &u, &why), -1);
		assert_non_null(why);
		if (!strstr(why, bad[i].why_has))
			fail_msg("%s: reason \"%s\" lacks \"%s\"", bad[i].url, why, bad[i].why_has);
	}
}

static void test_addr(void **state)
{
	static const char *const bad_ip[] = {
		"", "10.0.2", "10.0.2.15.1", "10.0.2.256", "10.0.02.15", "10.0.2.15 ", "a.b.c.d",
		"10..2.15", "1000.0.2.15", "-1.0.0.0",
	};
	static const char *const bad_mask[] = { "0.0.0.0", "255.0.255.0", "255.255.255.1", "x" };
	static const char *const bad_mac[] = {
		"", "52:54:00:12:34", "52:54:00:12:34:5g", "52:54:00:12:34:56:78", "5254.0012.3456",
	};
	uint8_t a[4], m[6];

	(void)state;
	assert_true(ipv4_parse("10.0.2.15", a));
	assert_memory_equal(a, ((uint8_t[]){ 10, 0, 2, 15 }), 4);
	assert_true(ipv4_parse("0.0.0.0", a));
	assert_true(ipv4_parse("255.255.255.255", a));
	for (size_t i = 0; i < sizeof(bad_ip) / sizeof(bad_ip[0]); i++)
		if (ipv4_parse(bad_ip[i], a))
			fail_msg("ip \"%s\" accepted", bad_ip[i]);
	assert_true(ipv4_mask_parse("255.255.255.0", a));
	assert_true(ipv4_mask_parse("255.255.255.255", a));
	assert_true(ipv4_mask_parse("128.0.0.0", a));
	assert_true(ipv4_mask_parse("255.255.240.0", a));
	for (size_t i = 0; i < sizeof(bad_mask) / sizeof(bad_mask[0]); i++)
		if (ipv4_mask_parse(bad_mask[i], a))
			fail_msg("mask \"%s\" accepted", bad_mask[i]);
	assert_true(mac_parse("52:54:00:12:34:5A", m));
	assert_memory_equal(m, ((uint8_t[]){ 0x52, 0x54, 0, 0x12, 0x34, 0x5a }), 6);
	assert_true(mac_parse("52-54-00-12-34-56", m));
	for (size_t i = 0; i < sizeof(bad_mac) / sizeof(bad_mac[0]); i++)
		if (mac_parse(bad_mac[i], m))
			fail_msg("mac \"%s\" accepted", bad_mac[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_head),
		cmocka_unit_test(test_resp_kinds),
		cmocka_unit_test(test_resp_incomplete),
		cmocka_unit_test(test_resp_hostile),
		cmocka_unit_test(test_url_ok),
		cmocka_unit_test(test_url_refused),
		cmocka_unit_test(test_addr),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
