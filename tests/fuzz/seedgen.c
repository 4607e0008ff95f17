/** @file
 * Writes the seed corpus (tests/fuzz/corpus/<harness>/) with the payload's
 * own record writer (via tests/unit/loggen.h) and the real collect, so the
 * seeds are what the payload prints and what `vmxbench collect` stores.
 * Usage: seedgen OUTDIR [CPUID_DUMP_DIR]  (make fuzz-seeds; the dump dir is
 * the real-CPU cpuid dumps the unit tests read, turned into binary dumps).
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "loggen.h"
#include "lib/collect.h"
#include "lib/runset.h"

static const char *out;

static void put(const char *harness, const char *name, const void *data, size_t len)
{
	char path[1024];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", out, harness);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/%s/%s", out, harness, name);
	f = fopen(path, "wb");
	if (!f || fwrite(data, 1, len, f) != len || fclose(f)) {
		perror(path);
		exit(1);
	}
}

static void caps_records(struct loggen *g)
{
	struct rec *r = rec_open(&g->w, "suite");

	rec_str(r, "name", "caps");
	rec_close(r);
	r = rec_open(&g->w, "smbios");
	rec_bool(r, "found", true);
	rec_str(r, "version", "2.8");
	rec_hex(r, "entry", 0xf0000);
	rec_str(r, "manufacturer", "Bochs");
	rec_str(r, "product", "Bochs");
	rec_str(r, "serial", "");
	rec_str(r, "bios_vendor", "iPXE");
	rec_str(r, "bios_version", "1.21");
	rec_u64(r, "structures", 9);
	rec_bool(r, "malformed", false);
	rec_close(r);
	r = rec_open(&g->w, "feature_control");
	rec_hex(r, "value", 5);
	rec_bool(r, "locked", true);
	rec_bool(r, "vmx_outside_smx", true);
	rec_str(r, "action", "none");
	rec_close(r);
	static const uint64_t msr[] = { 0xda040000000012ull, 0x7f00000016ull, 0xfff9fffe0401e172ull,
					0x7fffff00036dffull, 0x3ffff000011ffull };
	static const char *const names[] = { "IA32_VMX_BASIC", "IA32_VMX_PINBASED_CTLS",
					     "IA32_VMX_PROCBASED_CTLS", "IA32_VMX_EXIT_CTLS",
					     "IA32_VMX_ENTRY_CTLS" };
	for (unsigned i = 0; i < 5; i++) {
		r = rec_open(&g->w, "msr");
		rec_hex(r, "index", 0x480 + i);
		rec_str(r, "name", names[i]);
		rec_bool(r, "present", true);
		rec_hex(r, "value", msr[i]);
		rec_close(r);
	}
	r = rec_open(&g->w, "vmx_caps");
	rec_bool(r, "vmx", true);
	rec_u64(r, "revision", 0x12);
	rec_u64(r, "vmcs_size", 4096);
	rec_u64(r, "memtype", 6);
	rec_bool(r, "true_ctls", true);
	rec_obj_begin(r, "pinbased");
	rec_hex(r, "allowed0", 0x16);
	rec_hex(r, "allowed1", 0x7f);
	rec_obj_end(r);
	rec_bool(r, "shadowing", true);
	rec_u64(r, "vmcs_enum_max", 0x2e);
	rec_bool(r, "misc_vmwrite_ro", true);
	rec_hex(r, "cr0_fixed0", 0x80000021);
	rec_close(r);
	r = rec_open(&g->w, "vmxon");
	rec_str(r, "result", "ok");
	rec_str(r, "vmxoff", "ok");
	rec_hex(r, "revision", 0x12);
	rec_close(r);
	r = rec_open(&g->w, "suite_end");
	rec_str(r, "name", "caps");
	rec_str(r, "status", "ok");
	rec_close(r);
}

static void entry_records(struct loggen *g)
{
	loggen_case(g, "entry", "ctl.pin.reserved1", "26.2.1.1", "reserved pin-based bit cleared",
		    "vmfail-valid:7", "vmfail-valid:7", "pass", NULL);
	loggen_case(g, "entry", "host.cr0.pg", "26.2.2", "host CR0.PG clear", "vmfail-valid:8",
		    "entered", "fail", "VM entry succeeded");
	loggen_case(g, "entry", "guest.rflags.vm", "26.3.1.4", "guest RFLAGS.VM with IA-32e",
		    "exit:33", NULL, "skip", "unsupported: no unrestricted guest");
}

static void meas_records(struct loggen *g)
{
	struct rec *r = rec_open(&g->w, "timing");

	rec_bool(r, "tsc", true);
	rec_str(r, "tsc_source", "cpuid15");
	rec_u64(r, "tsc_hz", 1000000000);
	rec_str(r, "read_begin", "mfence;lfence;rdtsc;lfence");
	rec_str(r, "read_end", "rdtscp;lfence");
	rec_str(r, "cycles", "absent");
	rec_bool(r, "emulated", g->emulated);
	rec_close(r);
	loggen_meas(g, "noise", "cpuid.0", NULL, NULL, NULL, -1, 95);
	loggen_meas(g, "noise", "nop", NULL, NULL, NULL, -1, 1);
	loggen_meas(g, "shadow", "vmread", "vmread", "root", "16", -1, 40);
	loggen_meas(g, "shadow", "vmread", "vmread", "shadow", "64", -1, 55);
	/* strings just under the report's limits (meas.c: 64 for a path): mutations cross them */
	loggen_meas(g, "shadow", "vmwrite", "vmwrite",
		    "guest.long.path.name.just.under.the.sixty-four.character.limit1", "32", -1, 70);
	loggen_meas(g, "shadow", "sync", "copy", NULL, NULL, 4, 300);
	loggen_meas(g, "shadow", "sync", "copy", NULL, NULL, 16, 1100);
}

/* A meas record of the migrate suite: relation, from/to, k (NULL: none; text allowed), w (< 0: none). */
static void migrate_meas(struct loggen *g, const char *op, const char *rel, const char *k, int w,
			 int64_t median)
{
	struct rec *r = rec_open(&g->w, "meas");

	rec_str(r, "suite", "migrate");
	rec_str(r, "name", op);
	rec_str(r, "op", op);
	if (rel) {
		rec_str(r, "relation", rel);
		rec_u64(r, "from", 0);
		rec_u64(r, "to", 1);
	}
	if (k && k[0] >= '0' && k[0] <= '9')
		rec_u64(r, "k", (uint64_t)atoi(k));
	else if (k)
		rec_str(r, "k", k);
	if (w >= 0)
		rec_u64(r, "w", (uint64_t)w);
	rec_str(r, "unit", "tsc_ticks/op");
	rec_i64(r, "median", median);
	rec_i64(r, "p99", median + 3);
	rec_bool(r, "emulated", g->emulated);
	rec_close(r);
}

/* SMP and the migrate suite: smp, cpu, meas by relation/K/W, cases, an observation. */
static void migrate_run(struct loggen *g)
{
	struct rec *r;

	loggen_begin(g, "bochs:corei7_haswell_4770");
	loggen_haswell_cpuid(g);
	r = rec_open(&g->w, "smp");
	rec_bool(r, "start", true);
	rec_u64(r, "online", 2);
	rec_str(r, "madt", "rsdt");
	rec_u64(r, "listed", 2);
	rec_u64(r, "started", 1);
	rec_str(r, "topology", "leaf 0xb");
	rec_u64(r, "smt_shift", 1);
	rec_close(r);
	for (unsigned i = 0; i < 2; i++) {
		r = rec_open(&g->w, "cpu");
		rec_u64(r, "apic_id", i);
		rec_bool(r, "started", true);
		rec_u64(r, "index", i);
		rec_str(r, "relation", i ? "smt-sibling" : "same-cpu");
		rec_close(r);
	}
	migrate_meas(g, "vmclear", "smt-sibling", "0", -1, 300);
	migrate_meas(g, "vmclear", "smt-sibling", "all", -1, 900);
	migrate_meas(g, "vmptrld", "smt-sibling", NULL, -1, 200);
	migrate_meas(g, "roundtrip_migrated", "smt-sibling", NULL, -1, 5000);
	migrate_meas(g, "roundtrip_stay", "same-cpu", NULL, -1, 4000);
	migrate_meas(g, "shadow_vmclear", "smt-sibling", "0", -1, 310);
	migrate_meas(g, "ws", NULL, NULL, 1, 100);
	migrate_meas(g, "ws", NULL, NULL, 64, 180);
	loggen_case(g, "migrate", "integrity.fields", "24.11.1", "fields survive", "0", "0", "PASS",
		    NULL);
	loggen_case(g, "migrate", "protocol.vmresume", "24.11.3", "VMRESUME after migration",
		    "vmfail-valid:5", "ok", "DEVIATION", NULL);
	r = rec_open(&g->w, "migrate_observation");
	rec_str(r, "what", "vmptrld-active-elsewhere");
	rec_str(r, "observed", "ok");
	rec_close(r);
	loggen_end(g);
}

static void full_run(struct loggen *g, const char *emu)
{
	loggen_begin(g, emu);
	loggen_haswell_cpuid(g);
	caps_records(g);
	entry_records(g);
	meas_records(g);
	loggen_warn(g, "unknown option: foo");
	loggen_end(g);
}

/* Every record line of @p log into the recline corpus, one file each. */
static void split_lines(const char *log, const char *prefix)
{
	char name[64];
	unsigned i = 0;

	for (const char *p = log, *e; *p; p = e + 1) {
		e = strchr(p, '\n');
		if (!e)
			break;
		snprintf(name, sizeof(name), "%s-%03u", prefix, i++);
		put("fuzz_recline", name, p, (size_t)(e - p + 1));
	}
}

static char tmp[64];

/* Collect @p log with the real collect and copy the stored JSON to the report corpus. */
static void store(const char *log, const char *name, char *doc, size_t docsz)
{
	struct collect_opts o = { 0 };
	struct runset rs = { 0 };
	char path[256], res[128];

	snprintf(res, sizeof(res), "%s/results-%s", tmp, name);
	snprintf(path, sizeof(path), "%s/%s.log", tmp, name);
	FILE *f = fopen(path, "w");
	fputs(log, f);
	fclose(f);
	o.out_dir = res;
	o.quiet = true;
	o.run_id = "20261125T181502Z-seed";
	if (collect_log(path, &o, stderr, stderr, NULL) || runset_load(res, &rs, stderr) || !rs.n)
		exit(1);
	char *s = json_dumps(rs.v[0].doc, JSON_COMPACT);
	snprintf(doc, docsz, "%s", s);
	put("fuzz_report", name, s, strlen(s));
	free(s);
	runset_free(&rs);
}

static void logs_and_runs(void)
{
	struct loggen g;
	static char d1[65536], d2[65536], d3[65536], d4[65536];

	loggen_init(&g);
	loggen_run(&g, NULL);
	put("fuzz_collect", "minimal-run.log", g.buf, g.len);
	split_lines(g.buf, "minimal");
	store(g.buf, "minimal.json", d1, sizeof(d1));
	loggen_free(&g);

	loggen_init(&g);
	loggen_text(&g, "iPXE 1.21.1 -- Open Source Network Boot Firmware\r\n");
	loggen_text(&g, "Booting payload.elf...\n");
	full_run(&g, "bochs:corei7_haswell_4770");
	put("fuzz_collect", "full-run-emulated.log", g.buf, g.len);
	split_lines(g.buf, "full");
	store(g.buf, "full-emulated.json", d2, sizeof(d2));
	/* the same log cut mid-line, and a second run with a seq gap */
	put("fuzz_collect", "cut-mid-line.log", g.buf, g.len * 2 / 3);
	loggen_free(&g);

	loggen_init(&g);
	full_run(&g, NULL);
	store(g.buf, "full-silicon.json", d3, sizeof(d3));
	loggen_run(&g, "qemu:tcg");
	put("fuzz_collect", "two-runs.log", g.buf, g.len);
	loggen_free(&g);

	loggen_init(&g);
	loggen_begin(&g, NULL);
	loggen_haswell_cpuid(&g);
	g.w.seq += 2; /* a lost line */
	loggen_end(&g);
	loggen_text(&g, "VMXB1 {\"type\":\"end\",\"seq\":1,\"crc\":\"00000000\"}\n");
	loggen_text(&g, "VMXB9 {\"type\":\"begin\",\"seq\":0}\n");
	put("fuzz_collect", "seq-gap-and-junk.log", g.buf, g.len);
	loggen_free(&g);

	loggen_init(&g);
	migrate_run(&g);
	store(g.buf, "migrate-emulated.json", d4, sizeof(d4));
	loggen_free(&g);

	/* several stored runs in one report input (fuzz_report.c's separator) */
	size_t l1 = strlen(d1), l2 = strlen(d2), l3 = strlen(d3);
	char *multi = malloc(l1 + l2 + l3 + 16);
	sprintf(multi, "%s\n--\n%s\n--\n%s", d2, d3, d1);
	put("fuzz_report", "three-runs.json", multi, strlen(multi));
	free(multi);
}

static void cmdlines(void)
{
	static const char *const v[] = {
		"tftp://10.0.2.2/payload.elf mac=52:54:00:12:34:56 "
		"uuid=8a3c0d6e-1111-2222-3333-444455556666 ip=10.0.2.15 label=lab-7 "
		"suites=caps,entry samples=250 exit=bochs emulator=bochs:tigerlake "
		"console=ttyS1,57600",
		"  suites=all\texit=qemu  console=0x2e8 ",
		"console=none exit=reboot",
		"samples=abc exit=never console=ttyS9 suites= samples=0 console=ttyS0,1234",
		"payload.elf suites=shadow,noise samples=100000 foo=bar =x key= label=a=b",
		"suites=all samples=4294967296 console=0x3f8,115200 emulator=qemu:tcg",
	};
	char name[32];

	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		snprintf(name, sizeof(name), "cmdline-%zu", i);
		put("fuzz_cmdline", name, v[i], strlen(v[i]));
	}
}

/* As tests/unit/test_smbios.c builds them. */
static void fix_sum(uint8_t *p, size_t n, size_t at)
{
	uint8_t s = 0;

	p[at] = 0;
	for (size_t i = 0; i < n; i++)
		s = (uint8_t)(s + p[i]);
	p[at] = (uint8_t)-s;
}

static void smbios(void)
{
	static const uint8_t t0[0x12] = { 0, 0x12, 0, 0, 1, 2, 0, 0xe8, 3 };
	static const uint8_t t1[0x1b] = { 1, 0x1b, 1, 0, 1, 2, 3, 4 };
	static const uint8_t t4[0x06] = { 4, 0x06, 2, 0, 1, 0 };
	static const uint8_t t127[4] = { 127, 4, 3, 0 };
	uint8_t t[512], img[1024];
	size_t n = 0;

#define PUT(src, len) (memcpy(t + n, src, len), n += len)
	PUT(t0, sizeof(t0));
	PUT("Bochs Co\0v1.2   \0" "01/01/2026\0\0", 29);
	PUT(t1, sizeof(t1));
	PUT("Maker\0Box\0" "1.7\0SN-42\0\0", 21);
	PUT(t4, sizeof(t4));
	PUT("CPU\0\0", 5);
	PUT(t127, sizeof(t127));
	PUT("\0\0", 2);
#undef PUT
	put("fuzz_smbios", "table", t, n);

	/* a memory image: 2.x entry point at 0x20 whose table sits at 0x100 */
	memset(img, 0, sizeof(img));
	uint8_t *p = img + 0x20;
	uint32_t ta = 0x100;
	memcpy(p, "_SM_", 4);
	p[5] = 0x1f, p[6] = 2, p[7] = 8;
	memcpy(p + 0x10, "_DMI_", 5);
	p[0x16] = (uint8_t)n, p[0x17] = (uint8_t)(n >> 8);
	memcpy(p + 0x18, &ta, 4);
	p[0x1c] = 4;
	fix_sum(p + 0x10, 0x0f, 0x05);
	fix_sum(p, 0x1f, 4);
	memcpy(img + 0x100, t, n);
	put("fuzz_smbios", "image-v2", img, 0x100 + n);
	put("fuzz_smbios", "entry-v2", p, 0x1f);

	/* the same with a 3.x entry point at 0x40 */
	memset(img, 0, sizeof(img));
	p = img + 0x40;
	uint64_t ta3 = 0x100;
	uint32_t max = (uint32_t)n;
	memcpy(p, "_SM3_", 5);
	p[6] = 0x18, p[7] = 3, p[8] = 2;
	memcpy(p + 0x0c, &max, 4);
	memcpy(p + 0x10, &ta3, 8);
	fix_sum(p, 0x18, 5);
	memcpy(img + 0x100, t, n);
	put("fuzz_smbios", "image-v3", img, 0x100 + n);
}

struct ent { uint32_t leaf, sub, r[4]; };

/* The text dumps (logical CPU #0) as tests/unit/test_cpuid_walk.c reads them, as binary. */
static void cpuid_dumps(const char *dir)
{
	static struct ent e[1024];
	char path[1024], line[512], name[300];
	DIR *dp;
	struct dirent *de;

	static const uint32_t hsw[][6] = {
		{ 0, 0, 0x0000000d, 0x756e6547, 0x6c65746e, 0x49656e69 },
		{ 1, 0, 0x000306c3, 0x00100800, 0x7ffafbff, 0xbfebfbff },
		{ 0x80000000u, 0, 0x80000008, 0, 0, 0 },
	};
	for (size_t i = 0; i < 3; i++)
		memcpy(&e[i], hsw[i], sizeof(e[i]));
	put("fuzz_cpuid_walk", "haswell-small", e, 3 * sizeof(e[0]));
	if (!dir || !(dp = opendir(dir)))
		return;
	while ((de = readdir(dp))) {
		FILE *f;
		size_t n = 0;

		if (!strstr(de->d_name, ".test"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (!(f = fopen(path, "r")))
			continue;
		while (fgets(line, sizeof(line), f) && n < 1024) {
			unsigned sl;
			char *s;

			if (strstr(line, "Logical CPU #1") || (!strncmp(line, "----------", 10) && n))
				break;
			memset(&e[n], 0, sizeof(e[n]));
			if (sscanf(line, "CPUID %x: %x-%x-%x-%x", &e[n].leaf, &e[n].r[0], &e[n].r[1],
				   &e[n].r[2], &e[n].r[3]) != 5)
				continue;
			if ((s = strstr(line, "[SL ")) && sscanf(s, "[SL %x]", &sl) == 1)
				e[n].sub = sl;
			n++;
		}
		fclose(f);
		if (!n)
			continue;
		snprintf(name, sizeof(name), "%.*s", (int)(strlen(de->d_name) - 5), de->d_name);
		put("fuzz_cpuid_walk", name, e, n * sizeof(e[0]));
	}
	closedir(dp);
}

/* One request of fuzz_upload.c: "SESSION SEQ\n" and lines [from, to) of @p g. */
static size_t upload_req(char *out, const char *sid, struct loggen *g, unsigned from,
			 unsigned to)
{
	const char *a = g->buf, *b;
	unsigned i;

	for (i = 0; i < from; i++)
		a = strchr(a, '\n') + 1;
	for (b = a; i < to; i++)
		b = strchr(b, '\n') + 1;
	return (size_t)sprintf(out, "%s %u\n%.*s\n--\n", sid, from, (int)(b - a), a);
}

/* Upload batch sequences: a run in two batches, a resend, a gap, a bound begin. */
static void uploads(void)
{
	static char buf[65536];
	struct loggen g;
	size_t n = 0;

	loggen_init(&g);
	loggen_run(&g, NULL); /* 9 records */
	n += upload_req(buf + n, "0123456789abcdef", &g, 0, 4);
	n += upload_req(buf + n, "0123456789abcdef", &g, 0, 4);
	n += upload_req(buf + n, "0123456789abcdef", &g, 4, 9);
	n += upload_req(buf + n, "0123456789abcdef", &g, 4, 9);
	put("fuzz_upload", "run-resent.txt", buf, n);
	n = upload_req(buf, "00000000000000aa", &g, 0, 3);
	n += upload_req(buf + n, "00000000000000aa", &g, 5, 9);
	n += upload_req(buf + n, "00000000000000bb", &g, 0, 9);
	put("fuzz_upload", "gap-then-whole.txt", buf, n);
	loggen_free(&g);
	loggen_init(&g);
	g.w.seq = 0;
	struct rec *r = rec_open(&g.w, "begin");
	rec_u64(r, "format", 1);
	rec_str(r, "boot", "uefi");
	rec_str(r, "upload_session", "0123456789abcdef");
	rec_close(r);
	loggen_haswell_cpuid(&g);
	loggen_end(&g);
	n = upload_req(buf, "0123456789abcdef", &g, 0, 8);
	n += upload_req(buf + n, "fedcba9876543210", &g, 0, 8);
	put("fuzz_upload", "bound.txt", buf, n);
	loggen_free(&g);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: seedgen OUTDIR [CPUID_DUMP_DIR]\n");
		return 2;
	}
	out = argv[1];
	mkdir(out, 0755);
	snprintf(tmp, sizeof(tmp), "/tmp/vmxb-seedgen-XXXXXX");
	if (!mkdtemp(tmp))
		return 1;
	setenv("VMXBENCH_NOW", "1795630502", 1);
	logs_and_runs();
	uploads();
	cmdlines();
	smbios();
	cpuid_dumps(argc > 2 ? argv[2] : NULL);
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
	return system(cmd) ? 1 : 0;
}
