/** @file
 * The common start every boot path calls once it has filled boot_info.
 */
#ifndef VMXB_APP_MAIN_H
#define VMXB_APP_MAIN_H

#include "platform/boot_info.h"

/** Parse options, bring up the console, run the suites, exit. */
void payload_main(const struct boot_info *bi) __attribute__((noreturn));

#endif
