/** @file
 * Microarchitecture table (see uarch.h). Intel rows: SDM Vol. 4 Table 2-1
 * ("CPUID Signature Values of DisplayFamily_DisplayModel") plus Intel's
 * public model list for parts newer than that table; AMD rows: AMD's
 * family/model lists. One row per model (split by stepping where Intel
 * reused a model number); "match" lists the names libcpuid 0.6.2 gives
 * (cpuid_tool --cpulist) for that silicon.
 */
#include <ctype.h>
#include <string.h>

#include "lib/uarch.h"

#define I "GenuineIntel"
#define A "AuthenticAMD"
#define ALL 0, 15

static const char core2[] = "Conroe|Merom|Allendale|Kentsfield|Clovertown|Woodcrest";
static const char penryn[] = "Penryn|Wolfdale|Yorkfield|Harpertown";
static const char skl_deriv[] = "Kaby Lake|Coffee Lake|Whiskey Lake|Amber Lake|Comet Lake";

static const struct uarch uarch_table[] = {
	/* Intel family 6 (SDM Vol. 4 Table 2-1) */
	{ I, 6, 0x0e, ALL, "Yonah", "Yonah|Core Duo|Core Solo", true },
	{ I, 6, 0x0f, ALL, "Merom", core2, true },
	{ I, 6, 0x16, ALL, "Merom", core2, true },
	{ I, 6, 0x17, ALL, "Penryn", penryn, true },
	{ I, 6, 0x1d, ALL, "Dunnington", "Dunnington|Xeon", true },
	{ I, 6, 0x1a, ALL, "Nehalem", "Bloomfield|Gainestown|Nehalem", true },
	{ I, 6, 0x1e, ALL, "Nehalem", "Lynnfield|Clarksfield|Nehalem", true },
	{ I, 6, 0x1f, ALL, "Nehalem", "Lynnfield|Havendale|Nehalem", true },
	{ I, 6, 0x2e, ALL, "Nehalem-EX", "Beckton|Nehalem", true },
	{ I, 6, 0x25, ALL, "Westmere", "Arrandale|Clarkdale|Westmere", true },
	{ I, 6, 0x2c, ALL, "Westmere", "Gulftown|Westmere", true },
	{ I, 6, 0x2f, ALL, "Westmere-EX", "Westmere", true },
	{ I, 6, 0x2a, ALL, "Sandy Bridge", "Sandy Bridge", true },
	{ I, 6, 0x2d, ALL, "Sandy Bridge-E", "Sandy Bridge", true },
	{ I, 6, 0x3a, ALL, "Ivy Bridge", "Ivy Bridge", true },
	{ I, 6, 0x3e, ALL, "Ivy Bridge-E", "Ivy Bridge", true },
	{ I, 6, 0x3c, ALL, "Haswell", "Haswell", true },
	{ I, 6, 0x45, ALL, "Haswell", "Haswell", true },
	{ I, 6, 0x46, ALL, "Haswell", "Haswell", true },
	{ I, 6, 0x3f, ALL, "Haswell-E", "Haswell", true },
	{ I, 6, 0x3d, ALL, "Broadwell", "Broadwell", true },
	{ I, 6, 0x47, ALL, "Broadwell", "Broadwell", true },
	{ I, 6, 0x4f, ALL, "Broadwell-E", "Broadwell", true },
	{ I, 6, 0x56, ALL, "Broadwell-DE", "Broadwell", true },
	{ I, 6, 0x4e, ALL, "Skylake", "Skylake", true },
	{ I, 6, 0x5e, ALL, "Skylake", "Skylake", true },
	{ I, 6, 0x55, 0, 4, "Skylake-SP", "Skylake", true },
	{ I, 6, 0x55, 5, 7, "Cascade Lake", "Cascade Lake|Skylake", true },
	{ I, 6, 0x55, 8, 15, "Cooper Lake", "Cooper Lake|Skylake", true },
	{ I, 6, 0x8e, 0, 10, "Kaby Lake", skl_deriv, true },
	{ I, 6, 0x8e, 11, 11, "Whiskey Lake", skl_deriv, true },
	{ I, 6, 0x8e, 12, 15, "Comet Lake", skl_deriv, true },
	{ I, 6, 0x9e, 0, 9, "Kaby Lake", skl_deriv, true },
	{ I, 6, 0x9e, 10, 15, "Coffee Lake", skl_deriv, true },
	{ I, 6, 0xa5, ALL, "Comet Lake", "Comet Lake", true },
	{ I, 6, 0xa6, ALL, "Comet Lake", "Comet Lake", true },
	{ I, 6, 0x66, ALL, "Cannon Lake", "Cannon Lake", true },
	{ I, 6, 0x7d, ALL, "Ice Lake", "Ice Lake", true },
	{ I, 6, 0x7e, ALL, "Ice Lake", "Ice Lake", true },
	{ I, 6, 0x6a, ALL, "Ice Lake-SP", "Ice Lake", true },
	{ I, 6, 0x6c, ALL, "Ice Lake-D", "Ice Lake", true },
	{ I, 6, 0x8c, ALL, "Tiger Lake", "Tiger Lake", true },
	{ I, 6, 0x8d, ALL, "Tiger Lake", "Tiger Lake", true },
	{ I, 6, 0xa7, ALL, "Rocket Lake", "Rocket Lake", true },
	{ I, 6, 0x8a, ALL, "Lakefield", "Lakefield", true },
	{ I, 6, 0x97, ALL, "Alder Lake", "Alder Lake", true },
	{ I, 6, 0x9a, ALL, "Alder Lake", "Alder Lake", true },
	{ I, 6, 0xbe, ALL, "Alder Lake-N", "Alder Lake", false },
	{ I, 6, 0xb7, ALL, "Raptor Lake", "Raptor Lake", true },
	{ I, 6, 0xba, ALL, "Raptor Lake", "Raptor Lake", false },
	{ I, 6, 0xbf, ALL, "Raptor Lake", "Raptor Lake", false },
	{ I, 6, 0xaa, ALL, "Meteor Lake", "Meteor Lake", false },
	{ I, 6, 0xac, ALL, "Meteor Lake", "Meteor Lake", false },
	{ I, 6, 0xbd, ALL, "Lunar Lake", "Lunar Lake", false },
	{ I, 6, 0xc5, ALL, "Arrow Lake", "Arrow Lake", false },
	{ I, 6, 0xc6, ALL, "Arrow Lake", "Arrow Lake", false },
	{ I, 6, 0x8f, ALL, "Sapphire Rapids", "Sapphire Rapids", false },
	{ I, 6, 0xcf, ALL, "Emerald Rapids", "Emerald Rapids", false },
	{ I, 6, 0xad, ALL, "Granite Rapids", "Granite Rapids", false },
	{ I, 6, 0xae, ALL, "Granite Rapids", "Granite Rapids", false },
	{ I, 6, 0xaf, ALL, "Sierra Forest", "Sierra Forest", false },
	/* Intel Atom family 6 */
	{ I, 6, 0x1c, ALL, "Bonnell", "Atom|Diamondville|Pineview|Silverthorne", true },
	{ I, 6, 0x26, ALL, "Bonnell", "Atom|Lincroft", true },
	{ I, 6, 0x36, ALL, "Saltwell", "Atom|Cedarview", true },
	{ I, 6, 0x37, ALL, "Silvermont", "Bay Trail|Silvermont|Atom|Celeron|Pentium", true },
	{ I, 6, 0x4d, ALL, "Silvermont", "Avoton|Rangeley|Silvermont|Atom", true },
	{ I, 6, 0x4c, ALL, "Airmont", "Cherry Trail|Braswell|Airmont|Atom|Celeron|Pentium", true },
	{ I, 6, 0x5c, ALL, "Goldmont", "Apollo Lake|Goldmont|Atom|Celeron|Pentium", true },
	{ I, 6, 0x5f, ALL, "Goldmont", "Denverton|Goldmont|Atom", true },
	{ I, 6, 0x7a, ALL, "Goldmont Plus", "Gemini Lake", true },
	{ I, 6, 0x86, ALL, "Tremont", "Snow Ridge|Tremont|Atom", true },
	{ I, 6, 0x96, ALL, "Tremont", "Elkhart Lake", true },
	{ I, 6, 0x9c, ALL, "Tremont", "Jasper Lake", true },
	/* Intel family 15 (NetBurst): libcpuid names the brand, so accept those */
	{ I, 15, 0x00, ALL, "NetBurst", "Pentium 4|Celeron|Xeon|Willamette|Foster", true },
	{ I, 15, 0x01, ALL, "NetBurst", "Pentium 4|Celeron|Xeon|Willamette|Foster", true },
	{ I, 15, 0x02, ALL, "NetBurst", "Pentium 4|Celeron|Xeon|Northwood|Prestonia|Gallatin", true },
	{ I, 15, 0x03, ALL, "NetBurst", "Pentium 4|Celeron|Xeon|Prescott|Nocona", true },
	{ I, 15, 0x04, ALL, "NetBurst", "Pentium 4|Pentium D|Celeron|Xeon|Prescott|Smithfield|Nocona|Irwindale|Paxville", true },
	{ I, 15, 0x06, ALL, "NetBurst", "Pentium 4|Pentium D|Celeron|Xeon|Cedar Mill|Presler|Dempsey|Tulsa", true },
	/* AMD; family 0Fh (K8) by family alone: QEMU's default qemu64 CPU claims one */
	{ A, 0x0f, UARCH_ANY_MODEL, ALL, "K8", "Athlon|Opteron|Sempron|Turion", true },
	{ A, 0x10, 0x02, ALL, "K10", "Phenom|Opteron|Athlon|Agena|Barcelona|Toliman|Kuma", true },
	{ A, 0x10, 0x04, ALL, "K10", "Phenom|Opteron|Athlon|Deneb|Shanghai|Propus|Heka|Callisto|Sempron", true },
	{ A, 0x10, 0x06, ALL, "K10", "Athlon|Sempron|Regor|Sargas|Phenom|Turion", true },
	{ A, 0x10, 0x0a, ALL, "K10", "Phenom|Thuban|Zosma", true },
	{ A, 0x15, 0x01, ALL, "Bulldozer", "Zambezi|Interlagos|Valencia|Bulldozer", true },
	{ A, 0x15, 0x02, ALL, "Piledriver", "Vishera|Abu Dhabi|Piledriver", true },
	{ A, 0x15, 0x10, ALL, "Piledriver", "Trinity|Piledriver", true },
	{ A, 0x15, 0x13, ALL, "Piledriver", "Richland|Piledriver", true },
	{ A, 0x15, 0x30, ALL, "Steamroller", "Kaveri|Godavari|Steamroller", true },
	{ A, 0x15, 0x38, ALL, "Steamroller", "Kaveri|Godavari|Steamroller", true },
	{ A, 0x15, 0x60, ALL, "Excavator", "Carrizo|Excavator", true },
	{ A, 0x15, 0x65, ALL, "Excavator", "Bristol Ridge|Carrizo|Excavator", true },
	{ A, 0x15, 0x70, ALL, "Excavator", "Stoney Ridge|Excavator", true },
	{ A, 0x16, 0x00, ALL, "Jaguar", "Kabini|Temash|Jaguar", true },
	{ A, 0x16, 0x30, ALL, "Puma", "Beema|Mullins|Puma", true },
	{ A, 0x17, 0x01, ALL, "Zen", "Summit Ridge|Naples|Whitehaven", true },
	{ A, 0x17, 0x08, ALL, "Zen+", "Pinnacle Ridge|Colfax", true },
	{ A, 0x17, 0x11, ALL, "Zen", "Raven Ridge", true },
	{ A, 0x17, 0x18, ALL, "Zen+", "Picasso", true },
	{ A, 0x17, 0x20, ALL, "Zen", "Dali|Pollock", true },
	{ A, 0x17, 0x31, ALL, "Zen 2", "Rome|Castle Peak", true },
	{ A, 0x17, 0x60, ALL, "Zen 2", "Renoir", true },
	{ A, 0x17, 0x68, ALL, "Zen 2", "Lucienne|Renoir", true },
	{ A, 0x17, 0x71, ALL, "Zen 2", "Matisse", true },
	{ A, 0x17, 0x90, ALL, "Zen 2", "Van Gogh", true },
	{ A, 0x17, 0xa0, ALL, "Zen 2", "Mendocino", true },
	{ A, 0x19, 0x01, ALL, "Zen 3", "Milan", true },
	{ A, 0x19, 0x08, ALL, "Zen 3", "Chagall", true },
	{ A, 0x19, 0x21, ALL, "Zen 3", "Vermeer", true },
	{ A, 0x19, 0x50, ALL, "Zen 3", "Cezanne|Barcelo", true },
	{ A, 0x19, 0x44, ALL, "Zen 3+", "Rembrandt", true },
	{ A, 0x19, 0x10, ALL, "Zen 4", "Genoa", false },
	{ A, 0x19, 0x11, ALL, "Zen 4", "Genoa", false },
	{ A, 0x19, 0x18, ALL, "Zen 4", "Storm Peak", false },
	{ A, 0x19, 0x61, ALL, "Zen 4", "Raphael", true },
	{ A, 0x19, 0x74, ALL, "Zen 4", "Phoenix", false },
	{ A, 0x19, 0x75, ALL, "Zen 4", "Phoenix", false },
	{ A, 0x19, 0x78, ALL, "Zen 4", "Phoenix", false },
	{ A, 0x19, 0xa0, ALL, "Zen 4c", "Bergamo|Siena", false },
	{ A, 0x1a, 0x02, ALL, "Zen 5", "Turin", false },
	{ A, 0x1a, 0x11, ALL, "Zen 5", "Turin", false },
	{ A, 0x1a, 0x24, ALL, "Zen 5", "Strix Point", false },
	{ A, 0x1a, 0x44, ALL, "Zen 5", "Granite Ridge", false },
};

const struct uarch *uarch_lookup(const char *vendor, unsigned family, unsigned model,
				 unsigned stepping)
{
	for (size_t i = 0; i < sizeof(uarch_table) / sizeof(uarch_table[0]); i++) {
		const struct uarch *u = &uarch_table[i];

		if (strcmp(u->vendor, vendor) == 0 && u->family == family &&
		    (u->model == model || u->model == UARCH_ANY_MODEL) &&
		    stepping >= u->step_lo && stepping <= u->step_hi)
			return u;
	}
	return NULL;
}

int uarch_core_order(const struct uarch *u)
{
	const struct uarch *end = uarch_table;

	/* the Intel big-core rows come first, oldest first, up to the Atom rows */
	while (end < uarch_table + sizeof(uarch_table) / sizeof(uarch_table[0]) &&
	       strcmp(end->name, "Bonnell"))
		end++;
	if (!u || u < uarch_table || u >= end)
		return -1;
	return (int)(u - uarch_table);
}

static bool contains_nocase(const char *hay, const char *needle, size_t n)
{
	for (; *hay; hay++) {
		size_t i = 0;

		while (i < n && hay[i] && tolower((unsigned char)hay[i]) ==
					      tolower((unsigned char)needle[i]))
			i++;
		if (i == n)
			return true;
	}
	return false;
}

bool uarch_matches(const struct uarch *u, const char *codename)
{
	const char *p = u->match;

	while (*p) {
		const char *bar = strchr(p, '|');
		size_t n = bar ? (size_t)(bar - p) : strlen(p);

		if (n && contains_nocase(codename, p, n))
			return true;
		p += n + (bar ? 1 : 0);
	}
	return false;
}
