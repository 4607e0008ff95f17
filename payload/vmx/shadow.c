/** @file
 * VMCS shadowing, the pure half: bitmaps, field support and the expected
 * outcome of a non-root VMREAD/VMWRITE (see shadow.h).
 */
#include <string.h>
#include "vmx/shadow.h"
#include "vmx/controls.h"
#include "vmx/fields.h"

void shadow_bitmap_fill(uint8_t *bm, bool v)
{
	memset(bm, v ? 0xff : 0, SHADOW_BITMAP_BYTES);
}

void shadow_bitmap_set(uint8_t *bm, uint64_t enc, bool v)
{
	uint32_t x = (uint32_t)(enc & 0x7fff);

	if (v)
		bm[x >> 3] |= (uint8_t)(1u << (x & 7));
	else
		bm[x >> 3] &= (uint8_t)~(1u << (x & 7));
}

bool shadow_bitmap_test(const uint8_t *bm, uint64_t enc)
{
	uint32_t x = (uint32_t)(enc & 0x7fff);

	return (bm[x >> 3] >> (x & 7)) & 1;
}

bool shadow_access_exits(bool shadowing, const uint8_t *bm, uint64_t enc)
{
	if (!shadowing || (enc >> 15))
		return true;
	return shadow_bitmap_test(bm, enc);
}

static const struct vmcs_field_info *field_of(uint64_t enc)
{
	if (enc >> 32 || !vmcs_enc_reserved_ok((uint32_t)enc))
		return NULL;
	return vmcs_field_find((uint32_t)enc);
}

bool shadow_field_supported(const struct vmx_caps *caps, uint64_t enc)
{
	const struct vmcs_field_info *f = field_of(enc);

	if (!f || !controls_feature(caps, f->feature))
		return false;
	return !caps->vmcs_enum_avail || vmcs_enc_index((uint32_t)enc) <= caps->vmcs_enum_max;
}

bool shadow_field_unknown(uint64_t enc)
{
	const struct vmcs_field_info *f = field_of(enc);

	return f && vmx_features[f->feature].kind == VMX_KIND_OTHER;
}

bool shadow_field_read_only(uint64_t enc)
{
	return vmcs_enc_type((uint32_t)enc) == VMCS_T_RO;
}

struct outcome shadow_expect(const struct shadow_env *e, enum shadow_op op, uint64_t enc,
			     bool supported)
{
	const uint8_t *bm = op == SHADOW_READ ? e->read_bm : e->write_bm;

	if (shadow_access_exits(e->shadowing, bm, enc))
		return outcome_make(OUTCOME_VMEXIT,
				    op == SHADOW_READ ? EXIT_REASON_VMREAD : EXIT_REASON_VMWRITE, 0);
	if (!e->link_valid)
		return OUTCOME_INVALID_V;
	if (!supported)
		return OUTCOME_VALID_V(VMXERR_UNSUPPORTED_COMPONENT);
	if (op == SHADOW_WRITE && shadow_field_read_only(enc) && !e->vmwrite_any)
		return OUTCOME_VALID_V(VMXERR_VMWRITE_READ_ONLY);
	return OUTCOME_OK_V;
}

static uint64_t width_mask(uint64_t enc)
{
	unsigned bits = vmcs_enc_bits((uint32_t)enc);

	return bits >= 64 ? ~0ull : (1ull << bits) - 1;
}

uint64_t shadow_read_value(uint64_t enc, uint64_t full)
{
	if (vmcs_enc_width((uint32_t)enc) == VMCS_W64 && vmcs_enc_high((uint32_t)enc))
		return full >> 32;
	return full & width_mask(enc);
}

uint64_t shadow_write_value(uint64_t enc, uint64_t full, uint64_t val)
{
	if (vmcs_enc_width((uint32_t)enc) == VMCS_W64 && vmcs_enc_high((uint32_t)enc))
		return (full & 0xffffffffull) | (val << 32);
	return val & width_mask(enc);
}
