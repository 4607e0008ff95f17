/** @file
 * Shadow suite: guest accesses as a list (docs/shadow-suite.md). The guest
 * performs each VMREAD/VMWRITE of the list in turn (shadow_guest.S forms);
 * the exit handler notes VM exits and, after a VMfailValid, both VMCSs'
 * VM-instruction error fields; the parts then classify each access and
 * check the exit details (SDM §27.2.1 qualification, §27.2.5 instruction
 * information, instruction length and RIP).
 */
#ifndef VMXB_SUITES_SHADOW_ITEMS_H
#define VMXB_SUITES_SHADOW_ITEMS_H

#include <stddef.h>
#include "suites/shadow_env.h"
#include "vmx/outcome.h"

#define SHADOW_MAX_ITEMS (2 * SHADOW_MAX_ENCS)
enum shadow_item_op { SI_READ, SI_WRITE, SI_READ_MEM, SI_WRITE_MEM };

/** One guest VMREAD/VMWRITE: register forms R9/R10, memory forms 0x48(%rsi). */
struct shadow_item {
	uint64_t enc, wval, rval, rflags;
	enum shadow_item_op op;
	struct shadow_exit_note note;
};

/** The accesses of one guest run (the runner's; s->items). */
struct shadow_item_list {
	struct shadow_item it[SHADOW_MAX_ITEMS];
	unsigned n;
};

/** Run s->items in the guest (error sentinels armed first). @return 0 or -1 with s->why */
int shadow_items_run(struct shadow_suite *s);
/** What an access did: vmexit:R, ok, vmfail-invalid, vmfail-valid:N (*where: which VMCS held N), bad-flags. */
struct outcome shadow_item_observed(const struct shadow_item *it, const char **where);
/** Exit details of an exiting access; NULL when right, else a message in @p buf. */
const char *shadow_item_check_exit(const struct shadow_item *it, bool qual, char *buf, size_t n);
/** The exit qualification §27.2.1 gives the item's instruction: its displacement, 0 without one. */
uint64_t shadow_item_displacement(const struct shadow_item *it);

#endif
