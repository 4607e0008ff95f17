/** @file
 * Test helper: the real CPUs' VMX capability MSRs from
 * tests/data/real-cpus/vmx-msrs.csv (columns cpu,generation,cpuid1_eax,
 * 0x480..0x493; an empty cell is an MSR the CPU does not have).
 */
#ifndef VMXB_TESTS_REALCPU_H
#define VMXB_TESTS_REALCPU_H

#include <stdio.h>
#include <string.h>

#include "unit.h"
#include "vmx/caps.h"

struct realcpu {
	char cpu[128];
	uint32_t eax1; /**< CPUID.1:EAX */
	struct vmx_msrs m;
};

/** Read up to @p max rows into @p rows. @return the number read, or -1 when the file cannot be opened. */
static inline int realcpu_load(struct realcpu *rows, int max)
{
	char path[512], line[2048];
	int n = 0, lineno = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/real-cpus/vmx-msrs.csv", data_dir());
	f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "cannot open %s\n", path);
		return -1;
	}
	while (fgets(line, sizeof(line), f) && n < max) {
		struct realcpu *r = &rows[n];
		char *p = line;

		if (lineno++ == 0)
			continue; /* the header */
		memset(r, 0, sizeof(*r));
		for (int col = 0; col < 3 + (int)VMX_MSR_COUNT; col++) {
			char *e = p + strcspn(p, ",\r\n");
			char sep = *e;

			*e = 0;
			if (col == 0)
				snprintf(r->cpu, sizeof(r->cpu), "%.100s", p);
			else if (col == 2)
				r->eax1 = (uint32_t)strtoul(p, NULL, 16);
			else if (col >= 3 && *p) {
				r->m.present[col - 3] = true;
				r->m.val[col - 3] = strtoull(p, NULL, 16);
			}
			if (sep != ',')
				break;
			p = e + 1;
		}
		n++;
	}
	fclose(f);
	return n;
}

#endif
