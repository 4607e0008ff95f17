/** @file
 * Setting up the upload (see upload_start.h and docs/upload.md).
 *
 * The session id is random per boot: RDRAND when CPUID.1:ECX[30] says so,
 * else a SHA-256 of the TSC (read twice around CPUID), the APIC id and the
 * MAC. That fallback is weak: the MAC and APIC id are public, and the TSC
 * at this point of a boot varies little from boot to boot (under Bochs
 * with a fixed clock not at all), so two boots of one machine may get the
 * same session, and the collector then refuses the second run. The session
 * only binds batches to a run; it is not a secret (the key is).
 */
#include <stddef.h>
#include <string.h>
#include "app/upload_opts.h"
#include "app/upload_start.h"
#include "lib/fmt.h"
#include "net/efi_tcp4.h"
#include "net/upload.h"
#include "platform/cpu.h"
#include "platform/fw.h"
#include "platform/mem.h"
#include "platform/rng.h"
#include "record/record.h"
#include "record/record_upload.h"

/* The whole run fits (a suites=all run writes about 330 KB); past it the sink gives up. */
#define UPLOAD_ARENA_PAGES 256 /* 1 MiB: three times a suites=all run */

static struct upload up;
static struct net_transport transport;
static char why_off[UPLOAD_WHY_MAX];

static void session_new(const struct options *o, char out[UPLOAD_SESSION_HEX + 1])
{
	struct {
		uint64_t rnd[2];
		uint64_t tsc0, tsc1;
		uint32_t apic;
		char mac[sizeof(o->mac)];
	} e;

	memset(&e, 0, sizeof(e));
	if (!rng_rdrand64(&e.rnd[0]) || !rng_rdrand64(&e.rnd[1])) {
		e.tsc0 = rng_tsc();
		e.apic = cpuid(1, 0).ebx >> 24;
		memcpy(e.mac, o->mac, sizeof(e.mac));
		e.tsc1 = rng_tsc();
	}
	upload_session_from(&e, sizeof(e), out);
}

static const char *off(const char *fmt, const char *detail)
{
	fmt_snprintf(why_off, sizeof(why_off), fmt, detail);
	return NULL;
}

/* The firmware and its seam, when this boot path has them (only the UEFI one). */
static bool upload_fw_env(const struct boot_info *bi, struct efi_net_env *env)
{
	if (!bi->fw_systab || !fw_present())
		return false;
	env->system_table = bi->fw_systab;
	env->enter = fw_enter;
	env->leave = fw_leave;
	return true;
}


const char *upload_start(const struct boot_info *bi, const struct options *o)
{
	struct upload_opts uo;
	struct efi_net_env env = { 0 };
	const char *why;
	char session[UPLOAD_SESSION_HEX + 1];
	void *arena;

	if (!o->collect[0])
		return NULL;
	if (!upload_fw_env(bi, &env))
		return off("upload off: %s", "this boot path keeps serial only (collect= needs the "
			   "UEFI payload)");
	if (upload_opts_check(o, &uo, why_off, sizeof(why_off)))
		return NULL;
	if (efi_tcp4_open(&transport, &env, &uo.addr, &why))
		return off("upload off: %s", why);
	arena = pages_alloc(UPLOAD_ARENA_PAGES);
	if (!arena)
		return off("upload off: %s", "no memory for the upload buffer");
	session_new(o, session);
	upload_init(&up, arena, (size_t)UPLOAD_ARENA_PAGES * PAGE_SIZE, &uo.url,
		    o->has_key ? o->key : NULL, session, &transport);
	if (!record_upload_attach(&up))
		return off("upload off: %s", "no room for another record sink");
	return up.session;
}

void upload_start_report(void)
{
	if (why_off[0])
		rec_warn(why_off);
}
