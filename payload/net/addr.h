/** @file
 * The address options of the upload (ip=, netmask=, gw=, mac=). Pure.
 */
#ifndef VMXB_NET_ADDR_H
#define VMXB_NET_ADDR_H

#include <stdbool.h>
#include <stdint.h>

/** A dotted-decimal IPv4 address, NUL-terminated: four parts 0-255, no leading zeros. */
bool ipv4_parse(const char *s, uint8_t out[4]);

/** A netmask: an IPv4 address whose ones are contiguous from the top (0.0.0.0 refused). */
bool ipv4_mask_parse(const char *s, uint8_t out[4]);

/** A MAC as iPXE's ${net0/mac} prints it: six hex pairs with ':' (or '-'). */
bool mac_parse(const char *s, uint8_t out[6]);

#endif
