/** @file
 * options_parse / options_want_suite (payload/app/options.c).
 */
#include <stdio.h>
#include <string.h>
#include "unit.h"
#include "app/options.h"
#include "app/upload_opts.h"
#include "net/upload.h"

static void test_defaults(void **state)
{
	struct options o;

	(void)state;
	memset(&o, 0xa5, sizeof(o));
	options_parse(&o, NULL);
	assert_int_equal(o.console_port, 0x3f8);
	assert_int_equal(o.console_baud, 115200);
	assert_string_equal(o.suites, "caps");
	assert_int_equal(o.samples, 1000);
	assert_int_equal(o.exit, EXIT_HALT);
	assert_false(o.turbo_off); /* turbo left as found unless asked */
	assert_string_equal(o.cmdline, "");
	assert_string_equal(o.mac, "");
	assert_string_equal(o.unknown, "");
	assert_string_equal(o.bad, "");

	options_parse(&o, "");
	assert_string_equal(o.suites, "caps");
}

/* samples=: what the command line says wins; without it, fewer under an emulator. */
static void test_samples_default(void **state)
{
	struct options o;

	(void)state;
	options_parse(&o, "suites=shadow");
	assert_false(o.samples_given);
	assert_int_equal(options_samples(&o), 1000);
	/* recognised by the payload itself (emu_probe fills this after parsing) */
	strcpy(o.emulator_detected, "bochs");
	assert_int_equal(options_samples(&o), OPT_SAMPLES_EMULATED);

	options_parse(&o, "emulator=bochs:corei7_haswell_4770 suites=shadow");
	assert_int_equal(options_samples(&o), OPT_SAMPLES_EMULATED);
	options_parse(&o, "emulator=bochs:corei7_haswell_4770 samples=1000");
	assert_true(o.samples_given);
	assert_int_equal(options_samples(&o), 1000);
	options_parse(&o, "samples=7");
	assert_int_equal(options_samples(&o), 7);
	/* a rejected samples= leaves the default in force */
	options_parse(&o, "samples=0 emulator=qemu");
	assert_false(o.samples_given);
	assert_int_equal(options_samples(&o), OPT_SAMPLES_EMULATED);
	/* the statistics need n >= 6 (95 % confidence interval of the median) */
	assert_true(OPT_SAMPLES_EMULATED >= 6);
}

static void test_ipxe_line(void **state)
{
	struct options o;
	const char *line = "tftp://10.0.2.2/payload.elf mac=52:54:00:12:34:56 "
			   "uuid=8a3c0d6e-1111-2222-3333-444455556666 ip=10.0.2.15 "
			   "label=lab-7 suites=caps,entry samples=250 exit=bochs "
			   "emulator=bochs:tigerlake console=ttyS1,57600";

	(void)state;
	options_parse(&o, line);
	assert_string_equal(o.cmdline, line);
	assert_string_equal(o.mac, "52:54:00:12:34:56");
	assert_string_equal(o.uuid, "8a3c0d6e-1111-2222-3333-444455556666");
	assert_string_equal(o.ip, "10.0.2.15");
	assert_string_equal(o.label, "lab-7");
	assert_string_equal(o.suites, "caps,entry");
	assert_int_equal(o.samples, 250);
	assert_int_equal(o.exit, EXIT_BOCHS);
	assert_string_equal(o.emulator, "bochs:tigerlake");
	assert_int_equal(o.console_port, 0x2f8);
	assert_int_equal(o.console_baud, 57600);
	assert_string_equal(o.unknown, "");
	assert_string_equal(o.bad, "");
}

static void test_grub_line(void **state)
{
	struct options o;

	(void)state;
	/* GRUB leaves the file name out; blanks may repeat. */
	options_parse(&o, "  suites=all\texit=qemu  console=0x2e8 ");
	assert_string_equal(o.suites, "all");
	assert_int_equal(o.exit, EXIT_QEMU);
	assert_int_equal(o.console_port, 0x2e8);
	assert_int_equal(o.console_baud, 115200);
	options_parse(&o, "console=none exit=reboot");
	assert_int_equal(o.console_port, 0);
	assert_int_equal(o.exit, EXIT_REBOOT);
	options_parse(&o, "exit=halt");
	assert_int_equal(o.exit, EXIT_HALT);
	/* UEFI: back to the firmware (the image name first, as LoadOptions hold it) */
	options_parse(&o, "payload.efi exit=return");
	assert_int_equal(o.exit, EXIT_RETURN);
	assert_string_equal(o.unknown, "");
}

static void test_bad_values(void **state)
{
	struct options o;

	(void)state;
	options_parse(&o, "samples=abc exit=never console=ttyS9 suites= samples=0 "
			  "console=ttyS0,1234");
	assert_int_equal(o.samples, 1000);
	assert_int_equal(o.exit, EXIT_HALT);
	assert_int_equal(o.console_port, 0x3f8);
	assert_int_equal(o.console_baud, 115200);
	assert_string_equal(o.suites, "caps");
	assert_string_equal(o.bad,
			    "samples=abc,exit=never,console=ttyS9,suites=,samples=0,console=ttyS0,1234");
	/* A full list takes the key of a word too long to fit, then nothing. */
	options_parse(&o, "exit=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa "
			  "samples=bbbbbbbbbbbbbbbbbbbb samples=c samples=d");
	assert_string_equal(o.bad, "exit=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa,"
				   "samples,samples=c");
	assert_true(strlen(o.bad) < OPT_STR_MAX);

	options_parse(&o, "samples=99999999999 console=0x3f8,0 console=none,9600");
	assert_int_equal(o.samples, 1000);
	assert_int_equal(o.console_port, 0x3f8);
	assert_string_equal(o.bad, "samples=99999999999,console=0x3f8,0,console=none,9600");
}

static void test_unknown_keys(void **state)
{
	struct options o;

	(void)state;
	options_parse(&o, "foo=1 bar=2 =x initrd /boot/x samples=7");
	assert_string_equal(o.unknown, "foo,bar");
	assert_int_equal(o.samples, 7);
	assert_string_equal(o.bad, "");
}

static void test_overlong(void **state)
{
	struct options o;
	char line[3000], big[700];

	(void)state;
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	snprintf(line, sizeof(line), "label=%s %s=1 mac=%s exit=qemu", big, big, big);
	options_parse(&o, line);
	assert_int_equal(strlen(o.label), OPT_STR_MAX - 1);
	assert_int_equal(strlen(o.mac), OPT_STR_MAX - 1);
	assert_int_equal(strlen(o.cmdline), sizeof(o.cmdline) - 1);
	assert_int_equal(o.exit, EXIT_QEMU); /* words past the cmdline copy still parse */
	assert_string_equal(o.unknown, ""); /* a name too long for the list is left out */
}

#define KEY64 "00112233445566778899aabbccddeeffFFEEDDCCBBAA99887766554433221100"

static void test_upload_options(void **state)
{
	struct options o;

	(void)state;
	options_parse(&o, "payload.efi collect=http://10.0.2.2:8080/ key=" KEY64
		      " ip=10.0.2.15 netmask=255.255.255.0 gw=10.0.2.2");
	assert_string_equal(o.collect, "http://10.0.2.2:8080/");
	assert_string_equal(o.netmask, "255.255.255.0");
	assert_string_equal(o.gw, "10.0.2.2");
	assert_true(o.has_key);
	assert_false(o.key_bad);
	assert_int_equal(o.key[0], 0x00);
	assert_int_equal(o.key[15], 0xff);
	assert_int_equal(o.key[16], 0xff);
	assert_int_equal(o.key[31], 0x00);
	assert_int_equal(o.key[5], 0x55);
	assert_string_equal(o.cmdline, "payload.efi collect=http://10.0.2.2:8080/ key=<redacted>"
				       " ip=10.0.2.15 netmask=255.255.255.0 gw=10.0.2.2");
	assert_string_equal(o.bad, "");
	assert_string_equal(o.unknown, "");
}

/* A bad key: no key, key_bad, named in bad by its name only; never in cmdline. */
static void test_bad_key(void **state)
{
	static const char *const bad[] = {
		"key=0011", "key=", "key=" KEY64 "00", "key=g0112233445566778899aabbccddeeffFFEEDDCCBBAA99887766554433221100",
	};
	struct options o;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char line[300];

		snprintf(line, sizeof(line), "a=1  %s\tsamples=5", bad[i]);
		options_parse(&o, line);
		assert_false(o.has_key);
		assert_true(o.key_bad);
		assert_string_equal(o.bad, "key");
		assert_string_equal(o.cmdline, "a=1  key=<redacted>\tsamples=5");
		assert_int_equal(o.samples, 5);
		for (size_t k = 0; k < sizeof(o.key); k++)
			assert_int_equal(o.key[k], 0);
	}
	/* the last key= wins, as with every option */
	options_parse(&o, "key=1 key=" KEY64);
	assert_true(o.has_key);
	assert_false(o.key_bad);
	assert_string_equal(o.cmdline, "key=<redacted> key=<redacted>");
	options_parse(&o, "key=" KEY64 " key=zz");
	assert_false(o.has_key);
	assert_true(o.key_bad);
	/* only a word named key: mykey= and key-ish values elsewhere stay */
	options_parse(&o, "mykey=" KEY64 " label=key=x");
	assert_false(o.has_key);
	assert_false(o.key_bad);
	assert_string_equal(o.cmdline, "mykey=" KEY64 " label=key=x");
}

/* Redaction into a short buffer: cut, never a character of the key. */
static void test_redact_cut(void **state)
{
	char out[24];

	(void)state;
	for (size_t size = 1; size <= sizeof(out); size++) {
		memset(out, 'Z', sizeof(out));
		options_redact(out, size, "ip=1.2.3.4 key=" KEY64 " x=1");
		assert_true(strlen(out) < size);
		assert_null(strstr(out, "0011"));
		assert_int_equal(strncmp(out, "ip=1.2.3.4 key=<redacted> x=1", strlen(out)), 0);
	}
}

/* The upload's options together: what turns it off, and that no reason shows the key. */
static void test_upload_opts(void **state)
{
	static const struct {
		const char *line, *why_has;
	} off[] = {
		{ "collect=http://10.0.2.2:8080/ key=12 ip=10.0.2.15 netmask=255.255.255.0", "key=" },
		{ "collect=http://lab:8080/ ip=10.0.2.15 netmask=255.255.255.0", "collect=" },
		{ "collect=https://10.0.2.2/ ip=10.0.2.15 netmask=255.255.255.0", "TLS" },
		{ "collect=http://10.0.2.2/ netmask=255.255.255.0", "ip=" },
		{ "collect=http://10.0.2.2/ ip=10.0.2 netmask=255.255.255.0", "ip=" },
		{ "collect=http://10.0.2.2/ ip=10.0.2.15", "netmask=" },
		{ "collect=http://10.0.2.2/ ip=10.0.2.15 netmask=255.0.255.0", "netmask=" },
		{ "collect=http://10.0.2.2/ ip=10.0.2.15 netmask=255.255.255.0 gw=x", "gw=" },
	};
	struct options o;
	struct upload_opts u;
	char why[UPLOAD_WHY_MAX];

	(void)state;
	options_parse(&o, "collect=http://10.0.9.1:8080/ key=" KEY64 " ip=10.0.2.15 "
			  "netmask=255.255.255.0 gw=10.0.2.2 mac=52:54:00:12:34:56");
	assert_int_equal(upload_opts_check(&o, &u, why, sizeof(why)), 0);
	assert_string_equal(u.url.host, "10.0.9.1:8080");
	assert_memory_equal(u.addr.ip, ((uint8_t[]){ 10, 0, 2, 15 }), 4);
	assert_memory_equal(u.addr.mask, ((uint8_t[]){ 255, 255, 255, 0 }), 4);
	assert_true(u.addr.has_gw);
	assert_memory_equal(u.addr.gw, ((uint8_t[]){ 10, 0, 2, 2 }), 4);
	assert_true(u.addr.has_mac);
	assert_int_equal(u.addr.mac[5], 0x56);
	/* no gw=, a mac= iPXE did not fill: still an upload, on the first NIC */
	options_parse(&o, "collect=http://10.0.2.2/ ip=10.0.2.15 netmask=255.255.255.0 mac=");
	assert_int_equal(upload_opts_check(&o, &u, why, sizeof(why)), 0);
	assert_false(u.addr.has_gw);
	assert_false(u.addr.has_mac);
	for (size_t i = 0; i < sizeof(off) / sizeof(off[0]); i++) {
		options_parse(&o, off[i].line);
		memset(why, 0, sizeof(why));
		assert_int_equal(upload_opts_check(&o, &u, why, sizeof(why)), -1);
		if (!strstr(why, off[i].why_has) || strncmp(why, "upload off: ", 12) != 0)
			fail_msg("%s: \"%s\" lacks \"%s\"", off[i].line, why, off[i].why_has);
	}
	/* a bad key: the reason names the option, never a digit of it */
	options_parse(&o, "collect=http://10.0.2.2/ key=0123456789abcdef ip=10.0.2.15 netmask=255.255.255.0");
	assert_int_equal(upload_opts_check(&o, &u, why, sizeof(why)), -1);
	assert_null(strstr(why, "0123456789abcdef"));
}

static void test_want_suite(void **state)
{
	struct options o;

	(void)state;
	options_parse(&o, "suites=caps,entry");
	assert_true(options_want_suite(&o, "caps"));
	assert_true(options_want_suite(&o, "entry"));
	assert_false(options_want_suite(&o, "ent"));
	assert_false(options_want_suite(&o, "shadow"));
	options_parse(&o, "suites=all");
	assert_true(options_want_suite(&o, "shadow"));
	assert_false(options_names_suite(&o, "selftest-fault"));
	options_parse(&o, "suites=selftest-fault");
	assert_true(options_names_suite(&o, "selftest-fault"));
	options_parse(&o, NULL);
	assert_true(options_want_suite(&o, "caps"));
}

/* smp=on|off: on by default, anything else a bad value that keeps it on */
static void test_smp(void **state)
{
	struct options o;

	(void)state;
	options_parse(&o, "suites=caps");
	assert_true(o.smp);
	options_parse(&o, "smp=off");
	assert_false(o.smp);
	assert_string_equal(o.bad, "");
	options_parse(&o, "smp=off smp=on");
	assert_true(o.smp);
	options_parse(&o, "smp=2");
	assert_true(o.smp);
	assert_string_equal(o.bad, "smp=2");
}

/* migrate=one|all: one pair per relation by default */
static void test_migrate(void **state)
{
	struct options o;

	(void)state;
	options_parse(&o, "suites=migrate");
	assert_false(o.migrate_all);
	options_parse(&o, "migrate=all");
	assert_true(o.migrate_all);
	assert_string_equal(o.bad, "");
	options_parse(&o, "migrate=all migrate=one");
	assert_false(o.migrate_all);
	options_parse(&o, "migrate=some");
	assert_false(o.migrate_all);
	assert_string_equal(o.bad, "migrate=some");
}

/* serial=/product= come %XX-encoded from iPXE's :uristring; decoded, bounded */
static void test_uristring(void **state)
{
	struct options o;
	char line[400], big[300];

	(void)state;
	options_parse(&o, "serial=AB%2012%3d product=Standard%20PC%20%28i440FX%20%2B%20PIIX%2C%201996%29 "
			  "label=a%20b");
	assert_string_equal(o.serial, "AB 12=");
	assert_string_equal(o.product, "Standard PC (i440FX + PIIX, 1996)");
	assert_string_equal(o.label, "a%20b"); /* only serial and product are encoded */
	assert_string_equal(o.unknown, "");
	/* a decoded "suites=all" stays inside the value */
	options_parse(&o, "product=x%20suites%3Dall");
	assert_string_equal(o.product, "x suites=all");
	assert_string_equal(o.suites, "caps");
	/* a '%' without two hex digits is kept, also at the end of the word */
	options_parse(&o, "serial=100%25%zz% product=%4");
	assert_string_equal(o.serial, "100%%zz%");
	assert_string_equal(o.product, "%4");
	/* a decoded NUL ends the value */
	options_parse(&o, "serial=ab%00cd");
	assert_string_equal(o.serial, "ab");
	memset(big, 'A', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	snprintf(line, sizeof(line), "serial=%s exit=qemu", big);
	options_parse(&o, line);
	assert_int_equal(strlen(o.serial), OPT_STR_MAX - 1);
	assert_int_equal(o.exit, EXIT_QEMU);
	/* an unset iPXE setting expands to nothing */
	options_parse(&o, "serial= product=");
	assert_string_equal(o.serial, "");
	assert_string_equal(o.bad, "");
}

static void test_turbo(void **state)
{
	struct options o;

	(void)state;
	options_parse(&o, "turbo=off");
	assert_true(o.turbo_off);
	assert_string_equal(o.bad, "");
	options_parse(&o, "turbo=off turbo=as-found");
	assert_false(o.turbo_off); /* the last one counts */
	/* "on" would promise to enable turbo, which the payload never does */
	options_parse(&o, "turbo=off turbo=on turbo=");
	assert_true(o.turbo_off);
	assert_string_equal(o.bad, "turbo=on,turbo=");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_samples_default),     cmocka_unit_test(test_ipxe_line),
		cmocka_unit_test(test_migrate),
		cmocka_unit_test(test_turbo),
		cmocka_unit_test(test_grub_line),    cmocka_unit_test(test_bad_values),
		cmocka_unit_test(test_unknown_keys), cmocka_unit_test(test_overlong),
		cmocka_unit_test(test_want_suite),   cmocka_unit_test(test_smp),
		cmocka_unit_test(test_uristring),
		cmocka_unit_test(test_upload_options), cmocka_unit_test(test_bad_key),
		cmocka_unit_test(test_redact_cut),   cmocka_unit_test(test_upload_opts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
