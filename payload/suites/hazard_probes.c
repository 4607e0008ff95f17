/** @file
 * The hazard probes (see hazard.h). Each does something §24.11.1 tells
 * software not to do, or leaves open, and records what happened. Every VMX
 * instruction runs under the wrappers' trap_call, CPU 1's part under run_on
 * (contained, about a second to answer), and each probe VMCLEARs what it
 * loaded before the next one starts.
 */
#include "suites/hazard.h"
#include "lib/fmt.h"
#include "platform/mem.h"
#include "platform/smp.h"
#include "platform/trap.h"
#include "vmx/fields.h"
#include "vmx/vmcs.h"

/* Eight distinct non-zero bytes: a chance match in a VMCS region is unlikely. */
#define HZ_PAT 0x4a5b6c7d8e9fa1b2ull
#define HZ_NEW 0x1b2a39485766f5e4ull
#define HZ_VAL_A 0xaaaa00000000a001ull
#define HZ_VAL_B 0xbbbb00000000b002ull
#define HZ_REGION 4096

/* Byte accesses through volatile: the region may be unaligned at @p off and the CPU's to change. */
static uint64_t mem_get(const uint8_t *region, long off)
{
	const volatile uint8_t *m = region + off;
	uint64_t v = 0;

	for (int b = 7; b >= 0; b--)
		v = v << 8 | m[b];
	return v;
}

static void mem_put(uint8_t *region, long off, uint64_t v)
{
	volatile uint8_t *m = region + off;

	for (int b = 0; b < 8; b++, v >>= 8)
		m[b] = (uint8_t)v;
}

/* First byte offset of @p pat (little-endian) in the region, -1 when absent. */
static long scan(const uint8_t *region, uint64_t pat)
{
	for (long i = 0; i + 8 <= HZ_REGION; i++)
		if (mem_get(region, i) == pat)
			return i;
	return -1;
}

static const char *outcome_str(const struct vmx_outcome *o, char *buf, size_t n)
{
	vmx_outcome_format(o, buf, n);
	return buf;
}

static void where(char *buf, size_t n, long off)
{
	if (off < 0)
		fmt_snprintf(buf, n, "not found");
	else
		fmt_snprintf(buf, n, "found at offset 0x%lx", (unsigned long)off);
}

void hz_probe_visible(struct hz_suite *s)
{
	uint64_t pa = virt_to_phys(s->region), back = 0;
	struct vmx_outcome o = { 0 }, clr = { 0 };
	char obs[160], w1[40], w2[40], oc[40];
	long before, after;
	struct rec *r;

	if (vmcs_load(pa, &o) || vmcs_write(HZ_FIELD, HZ_PAT, &o)) {
		fmt_snprintf(obs, sizeof(obs), "VMPTRLD or VMWRITE failed: %s",
			     outcome_str(&o, oc, sizeof(oc)));
		vmcs_clear(pa, NULL);
		hz_skip(s, "vmwrite-visible", obs);
		return;
	}
	vmcs_read(HZ_FIELD, &back, NULL);
	before = scan(s->region, HZ_PAT);
	vmcs_clear(pa, &clr);
	after = scan(s->region, HZ_PAT);
	/* the layout after VMCLEAR is the one memory is defined to hold */
	s->off = after >= 0 ? after : before;
	where(w1, sizeof(w1), before);
	where(w2, sizeof(w2), after);
	fmt_snprintf(obs, sizeof(obs), "VMWRITE pattern before VMCLEAR: %s; after VMCLEAR: %s", w1, w2);
	r = hz_rec(s, "vmwrite-visible", obs);
	rec_str(r, "field", HZ_FIELD_NAME);
	rec_hex(r, "pattern", HZ_PAT);
	rec_hex(r, "vmread", back);
	rec_bool(r, "before_clear", before >= 0);
	if (before >= 0)
		rec_u64(r, "offset_before", (uint64_t)before);
	rec_bool(r, "after_clear", after >= 0);
	if (after >= 0)
		rec_u64(r, "offset_after", (uint64_t)after);
	rec_str(r, "vmclear", outcome_str(&clr, oc, sizeof(oc)));
	rec_close(r);
}

void hz_probe_memory_change(struct hz_suite *s)
{
	uint64_t pa = virt_to_phys(s->region), old = 0, got = 0, after;
	struct vmx_outcome o = { 0 };
	char obs[200], oc[40];
	const char *ret, *mem;
	struct rec *r;
	int rd;

	if (s->off < 0) {
		hz_skip(s, "vmread-after-memory-change",
			"probe vmwrite-visible found its pattern nowhere in the region: no offset to change");
		return;
	}
	if (vmcs_load(pa, &o)) {
		fmt_snprintf(obs, sizeof(obs), "VMPTRLD failed: %s", outcome_str(&o, oc, sizeof(oc)));
		hz_skip(s, "vmread-after-memory-change", obs);
		return;
	}
	vmcs_read(HZ_FIELD, &old, NULL);
	mem_put(s->region, s->off, HZ_NEW); /* while the VMCS is active and current */
	rd = vmcs_read(HZ_FIELD, &got, &o);
	vmcs_clear(pa, NULL);
	after = mem_get(s->region, s->off);
	ret = rd ? "VMREAD failed" : got == HZ_NEW ? "VMREAD returned the value written to memory" :
	      got == old ? "VMREAD returned the value from before the change (not read from memory)" :
			   "VMREAD returned neither value";
	mem = after == HZ_NEW ? "memory still holds the new value" :
	      after == old ? "memory holds the old value again (VMCLEAR wrote it back)" :
			     "memory holds neither value";
	fmt_snprintf(obs, sizeof(obs), "%s; after VMCLEAR %s", ret, mem);
	r = hz_rec(s, "vmread-after-memory-change", obs);
	rec_str(r, "field", HZ_FIELD_NAME);
	rec_u64(r, "offset", (uint64_t)s->off);
	rec_hex(r, "old", old);
	rec_hex(r, "new", HZ_NEW);
	if (rd)
		rec_str(r, "vmread", outcome_str(&o, oc, sizeof(oc)));
	else
		rec_hex(r, "returned", got);
	rec_hex(r, "memory_after_clear", after);
	rec_close(r);
}

/* CPU 1's part of probe 3: step 0 loads and writes, step 1 clears. */
struct b_arg {
	struct hz_suite *s;
	uint64_t pa;
	int step;
	uint64_t first, back;
	struct vmx_outcome load, write, clear;
	const char *why;
};

static void b_here(void *p)
{
	struct b_arg *a = p;

	if (a->step == 1) {
		vmcs_clear(a->pa, &a->clear);
		return;
	}
	if (vmx_enable(&a->s->cpu[1])) {
		a->why = a->s->cpu[1].reason ? a->s->cpu[1].reason : "VMXON failed on CPU 1";
		return;
	}
	if (vmcs_load(a->pa, &a->load))
		return;
	vmcs_read(HZ_FIELD, &a->first, NULL); /* does B see A's value? */
	vmcs_write(HZ_FIELD, HZ_VAL_B, &a->write);
	vmcs_read(HZ_FIELD, &a->back, NULL);
}

static const char *run_on_why(int v, char *buf, size_t n)
{
	if (v == RUN_NO_ANSWER)
		return "CPU 1 did not answer";
	fmt_snprintf(buf, n, "exception %d on CPU 1 (contained)", v);
	return buf;
}

void hz_probe_two_cpus(struct hz_suite *s)
{
	static const char P[] = "active-on-two-cpus";
	struct b_arg b = { .s = s };
	struct vmx_outcome o = { 0 }, clr_a = { 0 }, rd_o = { 0 };
	char obs[220], oc[40], why[48];
	uint64_t got = 0;
	const char *ret;
	uint8_t *reg;
	struct rec *r;
	int v, vb, rd;

	if (s->ncpu < 2) {
		hz_skip(s, P, "one logical processor online (smp=off, or the MADT lists one)");
		return;
	}
	reg = hz_region(s);
	if (!reg) {
		hz_skip(s, P, "out of pages");
		return;
	}
	b.pa = virt_to_phys(reg);
	if (vmcs_load(b.pa, &o) || vmcs_write(HZ_FIELD, HZ_VAL_A, &o)) {
		fmt_snprintf(obs, sizeof(obs), "VMPTRLD or VMWRITE on A failed: %s",
			     outcome_str(&o, oc, sizeof(oc)));
		vmcs_clear(b.pa, NULL);
		hz_skip(s, P, obs);
		return;
	}
	v = run_on(1, b_here, &b);
	if (v != FAULT_NONE || b.why) {
		vmcs_clear(b.pa, NULL);
		hz_skip(s, P, v != FAULT_NONE ? run_on_why(v, why, sizeof(why)) : b.why);
		return;
	}
	vmcs_clear(b.pa, &clr_a);
	b.step = 1;
	vb = run_on(1, b_here, &b);
	vmcs_load(b.pa, &o);
	rd = vmcs_read(HZ_FIELD, &got, &rd_o);
	vmcs_clear(b.pa, NULL);
	ret = rd ? "VMREAD failed" : got == HZ_VAL_B ? "A reads B's value" :
	      got == HZ_VAL_A ? "A reads its own value" : "A reads neither value";
	fmt_snprintf(obs, sizeof(obs), "VMPTRLD on B %s; B %s A's value; after VMCLEAR on A then B, %s",
		     b.load.result == VMX_OK ? "succeeded" : "failed",
		     b.first == HZ_VAL_A ? "saw" : "did not see", ret);
	r = hz_rec(s, P, obs);
	rec_str(r, "field", HZ_FIELD_NAME);
	rec_hex(r, "value_a", HZ_VAL_A);
	rec_hex(r, "value_b", HZ_VAL_B);
	rec_str(r, "b_vmptrld", outcome_str(&b.load, oc, sizeof(oc)));
	rec_hex(r, "b_first_read", b.first);
	rec_hex(r, "b_readback", b.back);
	rec_str(r, "clear_a", outcome_str(&clr_a, oc, sizeof(oc)));
	rec_str(r, "clear_b", vb == FAULT_NONE ? outcome_str(&b.clear, oc, sizeof(oc)) :
						 run_on_why(vb, why, sizeof(why)));
	rec_str(r, "a_vmptrld", outcome_str(&o, oc, sizeof(oc)));
	if (rd)
		rec_str(r, "vmread", outcome_str(&rd_o, oc, sizeof(oc)));
	else
		rec_hex(r, "returned", got);
	rec_close(r);
}
