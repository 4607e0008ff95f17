/** @file
 * Unit tests of the upload session logic without sockets
 * (host-tools/lib/upload_session.c, upload_parse.c, upload_auth.c): batches
 * accepted, repeated, lost, corrupt, signed or not, bound or not, over the
 * limits, idle; what is stored and what the sender is told.
 */
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>
#include <jansson.h>

#include "unit.h"
#include "collectfix.h"
#include "uploadfix.h"
#include "lib/report.h"
#include "lib/runset.h"
#include "lib/upload_session.h"

#define SID "0123456789abcdef"
#define SID2 "fedcba9876543210"

struct fix {
	struct ctx *c;
	struct upload_sessions *t;
	struct upload_key key;
	struct loggen g;        /* the run being sent */
	char events[8192];      /* one line per event */
	unsigned stored, dropped, batches;
};

static void on_event(const struct upload_event *e, void *vf)
{
	struct fix *f = vf;
	size_t n = strlen(f->events);
	static const char *const kind[] = { "batch", "stored", "already", "dropped" };

	snprintf(f->events + n, sizeof(f->events) - n, "%s %s %s %llu %s %s\n", kind[e->kind],
		 e->session, e->suite, e->records, e->authenticated ? "auth" : "unauth",
		 e->why ? e->why : "");
	f->stored += e->kind == UPLOAD_EV_STORED;
	f->dropped += e->kind == UPLOAD_EV_DROPPED;
	f->batches += e->kind == UPLOAD_EV_BATCH;
}

static const struct upload_limits lim_default = {
	.max_batch = 1 << 20, .max_session = 1 << 20, .max_held = 4 << 20,
	.max_sessions = 4, .idle_secs = 60,
};

static struct fix *fix_new(void **state, const struct upload_limits *lim, bool keyed)
{
	struct fix *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	f->c = ctx_new("/tmp/vmxb-upload-XXXXXX");
	assert_non_null(f->c);
	for (unsigned i = 0; i < sizeof(f->key.k); i++)
		f->key.k[i] = (uint8_t)(i * 7 + 1);
	f->t = upload_sessions_new(lim ? lim : &lim_default, keyed ? &f->key : NULL, f->c->out,
				   on_event, f);
	assert_non_null(f->t);
	*state = f;
	return f;
}

static int teardown_fix(void **state)
{
	struct fix *f = *state;
	void *cs = f->c;

	if (!f)
		return 0;
	upload_sessions_free(f->t);
	loggen_free(&f->g);
	free(f);
	return teardown(&cs);
}

/* Lines [from, to) of the run as one batch, under @p sid, signed when @p mac. */
static int send_lines(struct fix *f, const char *sid, unsigned from, unsigned to, bool mac,
		      struct upload_reply *rp)
{
	size_t a = uploadfix_line_off(f->g.buf, f->g.len, from);
	size_t b = uploadfix_line_off(f->g.buf, f->g.len, to);
	char seq[16], hex[UPLOAD_MAC_HEX + 1];
	struct upload_req rq = { .session = sid, .seq = seq, .body = f->g.buf + a, .len = b - a,
				 .peer = "192.0.2.7" };

	snprintf(seq, sizeof(seq), "%u", from);
	if (mac) {
		upload_mac_hex(&f->key, sid, seq, rq.body, rq.len, hex);
		rq.mac = hex;
	}
	upload_batch(f->t, &rq, rp);
	return rp->status;
}

static void assert_reply(const struct upload_reply *rp, int status, const char *text)
{
	if (rp->status != status || !strstr(rp->msg, text))
		fail_msg("reply %d \"%s\", want %d with \"%s\"", rp->status, rp->msg, status, text);
}

/* The one stored document (there must be exactly one). */
static json_t *stored_doc(struct fix *f)
{
	char cmd[256], path[512] = "";
	FILE *p;

	assert_int_equal(uploadfix_count_runs(f->c->out), 1);
	snprintf(cmd, sizeof(cmd), "ls %s/*/*.json", f->c->out);
	p = popen(cmd, "r");
	assert_non_null(p);
	assert_non_null(fgets(path, sizeof(path), p));
	pclose(p);
	path[strcspn(path, "\n")] = 0;
	return json_load_file(path, 0, NULL);
}

/* The report's runs table row of the one stored run holds @p cell. */
static void assert_report_cell(struct fix *f, const char *cell)
{
	struct runset rs;
	char *txt = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&txt, &len);

	assert_int_equal(runset_load(f->c->out, &rs, stderr), 0);
	assert_int_equal(report_write(m, &rs), 0);
	fclose(m);
	runset_free(&rs);
	if (!strstr(txt, cell))
		fail_msg("report lacks \"%s\":\n%.2000s", cell, txt);
	free(txt);
}

/* 9 records: begin, 6 cpuid, suite, end (extra 0); bound to SID. */
static void test_valid_two_batches(void **state)
{
	struct fix *f = fix_new(state, NULL, false);
	struct upload_reply rp;
	json_t *doc, *up;

	uploadfix_run(&f->g, SID, "lab-a", 3);
	assert_int_equal(send_lines(f, SID, 0, 5, false, &rp), 200);
	assert_reply(&rp, 200, "ok 5");
	assert_int_equal(uploadfix_count_runs(f->c->out), 0); /* held, not stored */
	assert_int_equal(send_lines(f, SID, 5, 12, false, &rp), 200);
	assert_reply(&rp, 200, "stored ");
	assert_int_equal(f->stored, 1);
	assert_int_equal(upload_open(f->t), 0);
	doc = stored_doc(f);
	assert_non_null(doc);
	assert_int_equal(json_array_size(json_object_get(doc, "records")), 12);
	up = json_object_get(doc, "upload");
	assert_string_equal(json_string_value(json_object_get(up, "session")), SID);
	assert_string_equal(json_string_value(json_object_get(up, "peer")), "192.0.2.7");
	assert_true(json_is_true(json_object_get(up, "bound")));
	assert_true(json_is_false(json_object_get(up, "authenticated"))); /* no key */
	json_decref(doc);
	/* the progress line of the second batch names the suite of the latest suite record */
	assert_non_null(strstr(f->events, "stored " SID " caps 12"));
}

static void test_duplicate_batches(void **state)
{
	struct fix *f = fix_new(state, NULL, false);
	struct upload_reply rp;

	uploadfix_run(&f->g, NULL, "lab-b", 0);
	send_lines(f, SID, 0, 4, false, &rp);
	assert_reply(&rp, 200, "ok 4");
	send_lines(f, SID, 0, 4, false, &rp); /* resent: acknowledged again */
	assert_reply(&rp, 200, "ok 4");
	send_lines(f, SID, 2, 6, false, &rp); /* overlaps: 2 held, 2 new */
	assert_reply(&rp, 200, "ok 6");
	send_lines(f, SID, 6, 9, false, &rp);
	assert_reply(&rp, 200, "stored ");
	send_lines(f, SID, 6, 9, false, &rp); /* the final batch resent */
	assert_reply(&rp, 200, "already stored ");
	send_lines(f, SID, 4, 6, false, &rp); /* anything else after the end */
	assert_reply(&rp, 409, "already ended");
	/* the whole run again under its session: a new start, stored once */
	send_lines(f, SID, 0, 4, false, &rp);
	assert_reply(&rp, 200, "ok 4");
	send_lines(f, SID, 4, 9, false, &rp);
	assert_reply(&rp, 200, "already stored ");
	/* the same run under another session: stored once */
	send_lines(f, SID2, 0, 9, false, &rp);
	assert_reply(&rp, 200, "already stored ");
	assert_int_equal(uploadfix_count_runs(f->c->out), 1);
}

static void test_gap(void **state)
{
	struct fix *f = fix_new(state, NULL, false);
	struct upload_reply rp;

	uploadfix_run(&f->g, NULL, "lab-c", 0);
	send_lines(f, SID, 0, 3, false, &rp);
	send_lines(f, SID, 4, 9, false, &rp);
	assert_reply(&rp, 400, "1 record lost");
	assert_reply(&rp, 400, "nothing stored");
	assert_int_equal(f->dropped, 1);
	assert_int_equal(upload_open(f->t), 0);
	send_lines(f, SID, 3, 9, false, &rp); /* the session is gone */
	assert_int_equal(rp.status, 400);
	assert_int_equal(uploadfix_count_runs(f->c->out), 0);
}

static void test_bad_crc(void **state)
{
	struct fix *f = fix_new(state, NULL, false);
	struct upload_reply rp;
	char *p;

	uploadfix_run(&f->g, NULL, "lab-d", 0);
	send_lines(f, SID, 0, 3, false, &rp);
	/* change one character inside the CRC'd text of record 4 */
	p = f->g.buf + uploadfix_line_off(f->g.buf, f->g.len, 4);
	p = strstr(p, "\"leaf\":\"0x");
	assert_non_null(p);
	p[10] = p[10] == '8' ? '9' : '8';
	send_lines(f, SID, 3, 9, false, &rp);
	assert_reply(&rp, 400, "CRC mismatch");
	assert_int_equal(f->dropped, 1);
	assert_int_equal(uploadfix_count_runs(f->c->out), 0);
}

static void test_mac(void **state)
{
	struct fix *f = fix_new(state, NULL, true);
	struct upload_reply rp;
	struct upload_req rq;
	char wrong[UPLOAD_MAC_HEX + 1];
	json_t *doc;

	uploadfix_run(&f->g, SID, "lab-e", 0);
	assert_int_equal(send_lines(f, SID, 0, 4, false, &rp), 401); /* missing */
	assert_reply(&rp, 401, "X-Vmxb-Mac missing");
	assert_int_equal(upload_open(f->t), 0); /* nothing of it kept */
	assert_int_equal(send_lines(f, SID, 0, 4, true, &rp), 200);
	/* a MAC over other bytes (the next batch's) does not pass */
	upload_mac_hex(&f->key, SID, "4", "x", 1, wrong);
	rq = (struct upload_req){ .session = SID, .seq = "4", .mac = wrong, .peer = "x",
				  .body = f->g.buf + uploadfix_line_off(f->g.buf, f->g.len, 4),
				  .len = f->g.len - uploadfix_line_off(f->g.buf, f->g.len, 4) };
	upload_batch(f->t, &rq, &rp);
	assert_reply(&rp, 401, "does not match");
	/* a MAC for this batch under another seq header does not pass either */
	upload_mac_hex(&f->key, SID, "5", rq.body, rq.len, wrong);
	upload_batch(f->t, &rq, &rp);
	assert_int_equal(rp.status, 401);
	assert_int_equal(f->dropped, 0); /* a bad MAC does not cost the session */
	assert_int_equal(send_lines(f, SID, 4, 9, true, &rp), 200);
	assert_reply(&rp, 200, "stored ");
	doc = stored_doc(f);
	assert_true(json_is_true(json_object_get(json_object_get(doc, "upload"),
						 "authenticated")));
	json_decref(doc);
	assert_report_cell(f, "| uefi | upload, authenticated |");
}

/* With a key, a run without upload_session (a BIOS log) is stored, not authenticated. */
static void test_keyed_unbound(void **state)
{
	struct fix *f = fix_new(state, NULL, true);
	struct upload_reply rp;
	json_t *doc, *up;

	uploadfix_run(&f->g, NULL, "lab-f", 0);
	assert_int_equal(send_lines(f, SID, 0, 9, true, &rp), 200);
	assert_reply(&rp, 200, "stored ");
	doc = stored_doc(f);
	up = json_object_get(doc, "upload");
	assert_true(json_is_false(json_object_get(up, "authenticated")));
	assert_true(json_is_false(json_object_get(up, "bound")));
	json_decref(doc);
	assert_non_null(strstr(f->events, "unauth"));
	assert_report_cell(f, "| uefi | upload |");
}

static void test_session_mismatch(void **state)
{
	struct fix *f = fix_new(state, NULL, true);
	struct upload_reply rp;

	uploadfix_run(&f->g, SID, "lab-g", 0);
	/* the run's batches replayed under another session, correctly signed for it */
	assert_int_equal(send_lines(f, SID2, 0, 4, true, &rp), 400);
	assert_reply(&rp, 400, "names upload_session " SID);
	assert_int_equal(upload_open(f->t), 0);
	assert_int_equal(uploadfix_count_runs(f->c->out), 0);
}

static void test_limits(void **state)
{
	struct upload_limits lim = lim_default;
	struct fix *f;
	struct upload_reply rp;
	struct loggen g;
	char want[64];

	/* limits cut between the run's lines: batch 0-4 fits, 0-14 not; 0-8 fits, 0-12 not */
	uploadfix_run(&g, NULL, "lab-h", 10);
	lim.max_batch = uploadfix_line_off(g.buf, g.len, 8);
	lim.max_session = uploadfix_line_off(g.buf, g.len, 10);
	f = fix_new(state, &lim, false);
	f->g = g;
	send_lines(f, SID, 0, 14, false, &rp);
	snprintf(want, sizeof(want), "over the limit of %zu", lim.max_batch);
	assert_reply(&rp, 413, want);
	assert_int_equal(upload_open(f->t), 0);
	send_lines(f, SID, 0, 4, false, &rp);
	assert_int_equal(rp.status, 200);
	send_lines(f, SID, 4, 8, false, &rp);
	assert_int_equal(rp.status, 200);
	send_lines(f, SID, 8, 12, false, &rp);
	assert_reply(&rp, 413, "--max-body");
	assert_int_equal(f->dropped, 1);
	assert_int_equal(uploadfix_count_runs(f->c->out), 0);
}

static void test_too_many_sessions(void **state)
{
	struct fix *f = fix_new(state, NULL, false);
	struct upload_reply rp;
	char sid[17];

	uploadfix_run(&f->g, NULL, "lab-i", 0);
	for (unsigned i = 0; i < 4; i++) {
		snprintf(sid, sizeof(sid), "%016x", i);
		assert_int_equal(send_lines(f, sid, 0, 2, false, &rp), 200);
	}
	assert_int_equal(send_lines(f, SID, 0, 2, false, &rp), 503);
	assert_int_equal(upload_drop_all(f->t, "test shutdown"), 4);
	assert_int_equal(f->dropped, 4);
	assert_non_null(strstr(f->events, "test shutdown: dropped with 2 records held"));
	assert_int_equal(send_lines(f, SID, 0, 2, false, &rp), 200);
}

static void test_idle(void **state)
{
	struct fix *f = fix_new(state, NULL, false);
	struct upload_reply rp;

	uploadfix_run(&f->g, NULL, "lab-j", 0);
	send_lines(f, SID, 0, 5, false, &rp);
	assert_int_equal(upload_sweep(f->t, upload_now()), 0);
	assert_int_equal(upload_sweep(f->t, upload_now() + 61), 1);
	assert_non_null(strstr(f->events, "dropped " SID));
	assert_non_null(strstr(f->events, "no batch for 60 s (--idle): dropped with 5 records"));
	send_lines(f, SID, 5, 9, false, &rp);
	assert_reply(&rp, 400, "unknown session");
	assert_int_equal(uploadfix_count_runs(f->c->out), 0);
}

static void test_altered_resend(void **state)
{
	struct fix *f = fix_new(state, NULL, false);
	struct upload_reply rp;
	struct loggen other;

	uploadfix_run(&f->g, NULL, "lab-k", 0);
	send_lines(f, SID, 0, 5, false, &rp);
	uploadfix_run(&other, NULL, "lab-X", 0); /* same seqs, other bytes */
	loggen_free(&f->g);
	f->g = other;
	send_lines(f, SID, 0, 5, false, &rp);
	assert_reply(&rp, 400, "with other bytes");
	assert_int_equal(uploadfix_count_runs(f->c->out), 0);
}

static void test_bad_requests(void **state)
{
	struct fix *f = fix_new(state, NULL, false);
	struct upload_reply rp;
	struct upload_req rq = { .session = "0123", .seq = "0", .body = "x\n", .len = 2 };

	upload_batch(f->t, &rq, &rp);
	assert_reply(&rp, 400, "X-Vmxb-Session");
	rq.session = SID;
	rq.seq = "01";
	upload_batch(f->t, &rq, &rp);
	assert_reply(&rp, 400, "X-Vmxb-Seq");
	rq.seq = "0";
	upload_batch(f->t, &rq, &rp);
	assert_reply(&rp, 400, "not a record line");
	rq.body = "";
	rq.len = 0;
	upload_batch(f->t, &rq, &rp);
	assert_reply(&rp, 400, "empty batch");
	uploadfix_run(&f->g, NULL, "lab-l", 0);
	rq.body = f->g.buf;
	rq.len = f->g.len - 1; /* cut before the last newline */
	upload_batch(f->t, &rq, &rp);
	assert_reply(&rp, 400, "newline");
	send_lines(f, SID, 1, 4, false, &rp); /* a first batch not at seq 0 */
	assert_reply(&rp, 400, "unknown session");
	assert_int_equal(uploadfix_count_runs(f->c->out), 0);
}

/* The end record's count is checked by the serial reader when the run completes. */
static void test_end_count(void **state)
{
	struct fix *f = fix_new(state, NULL, false);
	struct upload_reply rp;
	struct rec *r;

	uploadfix_run(&f->g, NULL, "lab-m", 0);
	loggen_free(&f->g);
	uploadfix_run(&f->g, NULL, "lab-m", 0);
	/* rewrite: a run whose end says 99 records */
	f->g.len = uploadfix_line_off(f->g.buf, f->g.len, 8);
	f->g.w.seq = 8;
	r = rec_open(&f->g.w, "end");
	rec_u64(r, "records", 99);
	rec_str(r, "status", "ok");
	rec_close(r);
	send_lines(f, SID, 0, 9, false, &rp);
	assert_reply(&rp, 400, "end record says 99 records");
	assert_reply(&rp, 400, "nothing stored");
	assert_int_equal(uploadfix_count_runs(f->c->out), 0);
}

static void test_key_file(void **state)
{
	struct ctx *c = ctx_new("/tmp/vmxb-key-XXXXXX");
	struct upload_key k;
	char why[256];
	const char *p;

	*state = NULL;
	assert_non_null(c);
	p = write_log(c, "k", "00112233445566778899AABBCCDDEEFF00112233445566778899aabbccddeeff\n",
		      65);
	chmod(p, 0600);
	assert_int_equal(upload_key_load(p, &k, why, sizeof(why)), 0);
	assert_int_equal(k.k[0], 0x00);
	assert_int_equal(k.k[10], 0xaa);
	assert_int_equal(k.k[31], 0xff);
	chmod(p, 0640);
	assert_int_equal(upload_key_load(p, &k, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "chmod 600"));
	p = write_log(c, "short", "0011\n", 5);
	chmod(p, 0600);
	assert_int_equal(upload_key_load(p, &k, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "64 hex digits"));
	assert_int_equal(upload_key_load("/nonexistent/key", &k, why, sizeof(why)), -1);
	void *cs = c;
	teardown(&cs);
}

/*
 * Known answer: the key of RFC 4231 test case 2 ("Jefe", zero-padded to 32
 * bytes: the same HMAC key) over our framing "what do ya want\nfor\nnothing?",
 * computed with Python's hmac module (an independent implementation).
 */
static void test_mac_vector(void **state)
{
	struct upload_key k = { { 0 } };
	char hex[UPLOAD_MAC_HEX + 1];
	const char *want = "2a4e35914fde7bf73a3a2702032f3ebb191f4b22699291ab4536d0ea573b030b";

	(void)state;
	memcpy(k.k, "Jefe", 4);
	upload_mac_hex(&k, "what do ya want", "for", "nothing?", 8, hex);
	assert_string_equal(hex, want);
	assert_true(upload_mac_ok(&k, "what do ya want", "for", "nothing?", 8, want));
	assert_true(upload_mac_ok(&k, "what do ya want", "for", "nothing?", 8,
				  "2A4E35914FDE7BF73A3A2702032F3EBB191F4B22699291AB4536D0EA573B030B"));
	hex[0] = 'b';
	assert_false(upload_mac_ok(&k, "what do ya want", "for", "nothing?", 8, hex));
	assert_false(upload_mac_ok(&k, "what do ya want", "for", "nothing?", 8, "00"));
	assert_false(upload_mac_ok(&k, "what do ya want", "for", "nothing?", 8, NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_valid_two_batches, teardown_fix),
		cmocka_unit_test_teardown(test_duplicate_batches, teardown_fix),
		cmocka_unit_test_teardown(test_gap, teardown_fix),
		cmocka_unit_test_teardown(test_bad_crc, teardown_fix),
		cmocka_unit_test_teardown(test_mac, teardown_fix),
		cmocka_unit_test_teardown(test_keyed_unbound, teardown_fix),
		cmocka_unit_test_teardown(test_session_mismatch, teardown_fix),
		cmocka_unit_test_teardown(test_limits, teardown_fix),
		cmocka_unit_test_teardown(test_too_many_sessions, teardown_fix),
		cmocka_unit_test_teardown(test_idle, teardown_fix),
		cmocka_unit_test_teardown(test_altered_resend, teardown_fix),
		cmocka_unit_test_teardown(test_bad_requests, teardown_fix),
		cmocka_unit_test_teardown(test_end_count, teardown_fix),
		cmocka_unit_test(test_key_file),
		cmocka_unit_test(test_mac_vector),
	};

	setenv("VMXBENCH_NOW", "1795630502", 1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
