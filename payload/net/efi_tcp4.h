/** @file
 * The upload transport on UEFI: the firmware's TCP4 (UEFI 2.10 §28.1), one
 * connection per request, with an explicit station address (ip=,
 * netmask=, gw=): never Ip4Config2, whose SetData persists in NVRAM.
 */
#ifndef VMXB_NET_EFI_TCP4_H
#define VMXB_NET_EFI_TCP4_H

#include <stdbool.h>
#include <stdint.h>
#include "net/transport.h"

/** How to reach the firmware: its system table and the seam around each call. */
struct efi_net_env {
	void *system_table;        /**< EFI_SYSTEM_TABLE *, boot services alive */
	bool (*enter)(void);       /**< fw_enter(): the firmware's state (IDT, timer); false: cannot */
	void (*leave)(void);       /**< fw_leave(): back to the payload's */
};

struct efi_tcp4_addr {
	uint8_t ip[4], mask[4], gw[4];
	bool has_gw;
	bool has_mac;
	uint8_t mac[6];            /**< prefer the NIC with this MAC (mac=) */
};

/**
 * Find the NIC: the one with a TCP4 service binding whose MAC is @p a->mac,
 * else the first with a TCP4 service binding. Fills @p t (its ctx points
 * to static state: one transport per payload). Returns 0, or -1 with @p why.
 */
int efi_tcp4_open(struct net_transport *t, const struct efi_net_env *env,
		  const struct efi_tcp4_addr *a, const char **why);

#endif
