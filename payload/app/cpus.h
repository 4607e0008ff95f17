/** @file
 * The logical processors of this machine: found in the ACPI MADT, started
 * (unless smp=off), placed in the topology, and recorded (`smp` and `cpu`
 * records, docs/record-format.md). Every run does this once, before the
 * suites, so every run says how many CPUs it had.
 */
#ifndef VMXB_APP_CPUS_H
#define VMXB_APP_CPUS_H

#include <stdbool.h>

#include "platform/boot_info.h"

/** Find, start and record the CPUs (@p start false: record the boot CPU only). */
void cpus_bring_up(const struct boot_info *bi, bool start);

#endif
