/** @file
 * VM-entry rules as pure functions (entry_rules.h). Pure.
 */
#include "vmx/entry_rules.h"

bool eptp_valid(uint64_t eptp, uint64_t cap, unsigned maxphy)
{
	unsigned mt = (unsigned)(eptp & 7), walk = (unsigned)((eptp >> 3) & 7) + 1;

	if (!((mt == 0 && ((cap >> EPTCAP_UC_BIT) & 1)) || (mt == 6 && ((cap >> EPTCAP_WB_BIT) & 1))))
		return false;
	if (!((walk == 4 && ((cap >> EPTCAP_WALK4_BIT) & 1)) || (walk == 5 && ((cap >> EPTCAP_WALK5_BIT) & 1))))
		return false;
	if (((eptp >> 6) & 1) && !((cap >> EPTCAP_AD_BIT) & 1))
		return false;
	if (eptp & 0xf00)
		return false;
	return maxphy >= 64 || !(eptp >> maxphy);
}

bool pat_type_valid(unsigned type)
{
	return type <= 7 && type != 2 && type != 3;
}

bool pat_valid(uint64_t pat)
{
	for (unsigned i = 0; i < 8; i++)
		if (!pat_type_valid((unsigned)(pat >> (8 * i)) & 0xff))
			return false;
	return true;
}
