/** @file
 * The upload's options checked together (collect=, key=, ip=, netmask=,
 * gw=, mac=): pure, so every refusal is unit-tested.
 */
#ifndef VMXB_APP_UPLOAD_OPTS_H
#define VMXB_APP_UPLOAD_OPTS_H

#include <stddef.h>
#include "app/options.h"
#include "net/efi_tcp4.h"
#include "net/url.h"

struct upload_opts {
	struct net_url url;          /**< collect= */
	struct efi_tcp4_addr addr;   /**< ip=, netmask=, gw=, mac= */
};

/**
 * Check the options of an upload @p o asks for (collect= given). Returns
 * 0, or -1 with the reason the upload is off in @p why (a warn message,
 * never holding the key).
 */
int upload_opts_check(const struct options *o, struct upload_opts *u, char *why, size_t n);

#endif
