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

/* Vectors of the exceptions that push an error code (SDM Vol. 3A Table 6-1), #CP aside. */
static bool has_errcode(unsigned v)
{
	return v == 8 || (v >= 10 && v <= 14) || v == 17;
}

bool inject_valid(uint32_t info, uint32_t errcode, uint32_t len, bool guest_pe,
		  const struct inject_caps *k)
{
	unsigned type = (info >> 8) & 7, vector = info & 0xff;
	bool deliver = (info >> 11) & 1;

	if (!(info >> 31))
		return true; /* nothing injected */
	if (info & 0x7ffff000u)
		return false;
	if (type == 1 || (type == 7 && !k->mtf))
		return false;
	if ((type == 2 && vector != 2) || (type == 3 && vector > 31) || (type == 7 && vector != 0))
		return false;
	if (deliver && (type != 3 || !guest_pe))
		return false;
	if (type == 3 && guest_pe && !k->basic56 && deliver != has_errcode(vector))
		return false;
	if (deliver && (errcode & 0xffff0000u))
		return false;
	if (type >= 4 && type <= 6 && (len > 15 || (len == 0 && !k->zero_len)))
		return false;
	return true;
}

bool seg_type_valid(enum seg_reg seg, unsigned type, bool ia32e, bool ug)
{
	switch (seg) {
	case SEG_CS: return type == 9 || type == 11 || type == 13 || type == 15 || (ug && type == 3);
	case SEG_SS: return type == 3 || type == 7;
	case SEG_DS: return (type & 1) && (!(type & 8) || (type & 2));
	case SEG_TR: return type == 11 || (!ia32e && type == 3);
	case SEG_LDTR: return type == 2;
	}
	return false;
}
