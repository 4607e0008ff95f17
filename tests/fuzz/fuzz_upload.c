/** @file
 * libFuzzer harness: a sequence of upload batches through the collector's
 * session table (host-tools/lib/upload_session.c, upload_parse.c), no
 * sockets. Input: requests separated by a line "--"; each request is a
 * first line "SESSION SEQ" (the two header values) and the body after it.
 * Then the idle sweep and the shutdown drop. Checks: every answer is a
 * status of docs/upload.md with a one-line text; only <cpu>/<run-id>.json
 * files were stored, as many as the table reported stored.
 */
#include "fuzztmp.h"
#include "lib/upload_session.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static unsigned stored, files;

static void on_event(const struct upload_event *e, void *ctx)
{
	(void)ctx;
	stored += e->kind == UPLOAD_EV_STORED;
}

static int count(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	if (ftw->level == 0)
		return 0;
	if (p[ftw->base] == '.' || (ftw->level == 1 && flag != FTW_D) ||
	    (ftw->level == 2 && flag != FTW_F) || ftw->level > 2)
		abort();
	files += ftw->level == 2;
	return 0;
}

static void one(struct upload_sessions *t, const char *req, size_t len)
{
	const char *nl = memchr(req, '\n', len);
	char head[64], *sp;
	struct upload_req rq = { .peer = "fuzz" };
	struct upload_reply rp;
	size_t hl = nl ? (size_t)(nl - req) : len;

	if (hl >= sizeof(head))
		hl = sizeof(head) - 1;
	memcpy(head, req, hl);
	head[hl] = 0;
	sp = strchr(head, ' ');
	if (sp)
		*sp++ = 0;
	rq.session = head;
	rq.seq = sp;
	rq.body = nl ? nl + 1 : req + len;
	rq.len = nl ? len - (size_t)(nl + 1 - req) : 0;
	upload_batch(t, &rq, &rp);
	switch (rp.status) {
	case 200: case 400: case 401: case 409: case 413: case 500: case 503:
		break;
	default:
		abort();
	}
	if (strpbrk(rp.msg, "\r\n"))
		abort();
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	static char results[300];
	const struct upload_limits lim = { .max_batch = 16384, .max_session = 32768,
					   .max_held = 65536, .max_sessions = 4, .idle_secs = 1 };
	struct upload_sessions *t;
	const char *p = (const char *)data, *end = p + size;

	if (!results[0]) {
		snprintf(results, sizeof(results), "%s/results", fuzz_tmp());
		setenv("VMXBENCH_NOW", "1795630502", 1);
	}
	stored = files = 0;
	t = upload_sessions_new(&lim, NULL, results, on_event, NULL);
	if (!t)
		abort();
	while (p < end) {
		const char *sep = memmem(p, (size_t)(end - p), "\n--\n", 4);
		const char *stop = sep ? sep + 1 : end;

		one(t, p, (size_t)(stop - p));
		p = sep ? sep + 4 : end;
	}
	upload_sweep(t, upload_now() + 2);
	upload_drop_all(t, "fuzz");
	upload_sessions_free(t);
	nftw(results, count, 16, FTW_PHYS);
	if (files > stored)
		abort();
	fuzz_rm_tree(results);
	return 0;
}
