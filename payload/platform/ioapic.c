/** @file
 * I/O APIC masking (ioapic.h). The MMIO pages sit in the uncached 4th GiB
 * of the payload's identity map; an I/O APIC above it is skipped.
 */
#include "platform/ioapic.h"
#include "platform/paging.h"

#define IOREGSEL 0x00
#define IOWIN 0x10
#define IOAPICVER 0x01
#define REDTBL_LO(n) (0x10u + 2u * (n))
#define REDTBL_MASK (1u << 16)

static uint64_t base[IOAPIC_MAX];
static unsigned nbase, nlisted;
static uint16_t nsaved[IOAPIC_MAX];
static uint32_t saved[IOAPIC_MAX][IOAPIC_ENTRIES_MAX];

static uint32_t io_read(uint64_t b, uint32_t reg)
{
	*(volatile uint32_t *)(uintptr_t)(b + IOREGSEL) = reg;
	return *(volatile uint32_t *)(uintptr_t)(b + IOWIN);
}

static void io_write(uint64_t b, uint32_t reg, uint32_t v)
{
	*(volatile uint32_t *)(uintptr_t)(b + IOREGSEL) = reg;
	*(volatile uint32_t *)(uintptr_t)(b + IOWIN) = v;
}

void ioapic_set(const uint64_t *pa, unsigned kept, unsigned listed)
{
	nlisted = listed;
	nbase = 0;
	for (unsigned i = 0; i < kept && nbase < IOAPIC_MAX; i++)
		if (pa[i] && pa[i] + 0x20 <= paging_mapped_end())
			base[nbase++] = pa[i];
}

unsigned ioapic_listed(void)
{
	return nlisted;
}

unsigned ioapic_mask_all(void)
{
	unsigned masked = 0;

	for (unsigned a = 0; a < nbase; a++) {
		uint32_t ver = io_read(base[a], IOAPICVER);
		unsigned n = ((ver >> 16) & 0xff) + 1u;

		/* an absent device reads all ones: take no entries from it */
		nsaved[a] = ver == 0xffffffffu ? 0 : (uint16_t)n;
		for (unsigned e = 0; e < nsaved[a]; e++) {
			saved[a][e] = io_read(base[a], REDTBL_LO(e));
			io_write(base[a], REDTBL_LO(e), saved[a][e] | REDTBL_MASK);
			masked += (io_read(base[a], REDTBL_LO(e)) & REDTBL_MASK) != 0;
		}
	}
	return masked;
}

void ioapic_restore(void)
{
	for (unsigned a = 0; a < nbase; a++)
		for (unsigned e = nsaved[a]; e-- > 0;)
			io_write(base[a], REDTBL_LO(e), saved[a][e]);
}
