/** @file
 * CPUID dumps written by other tools, read into a struct cpuid_dump so
 * `vmxbench identify DUMP` identifies a machine that never ran the payload:
 *  - libcpuid's raw format (`cpuid_tool --save`, and libcpuid's `.test`
 *    files: the same lines, then a dashed line and the expected answers);
 *  - the "CPUID llllllll: EAX-EBX-ECX-EDX [SL nn]" listing of AIDA64 /
 *    InstLatx64 dumps (the files under tests/data/real-cpus/cpuid).
 * Only the first logical CPU is read. Input is untrusted: every line is
 * checked and a bad one is an error naming it, never a guess.
 */
#ifndef VMXB_HOST_CPUDUMP_TEXT_H
#define VMXB_HOST_CPUDUMP_TEXT_H

#include <stddef.h>
#include "lib/cpuident.h"

enum cpudump_kind { CPUDUMP_NONE, CPUDUMP_LIBCPUID, CPUDUMP_LISTING };

/** Which of the two formats @p buf looks like (by its first meaningful line). */
enum cpudump_kind cpudump_detect(const char *buf, size_t len);

/**
 * Parse @p buf into @p d (which must be empty). @return 0, or -EINVAL with
 * the reason (and line number) in @p err; @p d is then freed.
 */
int cpudump_parse(const char *buf, size_t len, struct cpuid_dump *d, char *err, size_t errsz);

#endif
