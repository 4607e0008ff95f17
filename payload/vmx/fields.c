/** @file
 * The VMCS field table built from fields.def, and lookups over it.
 */
#include <string.h>
#include "vmx/fields.h"

const struct vmcs_field_info vmcs_fields[] = {
#define VMCS_FIELD(n, e, f) { #n, (e), VMX_FEAT_##f },
#include "vmx/fields.def"
#undef VMCS_FIELD
};
const size_t vmcs_field_count = sizeof(vmcs_fields) / sizeof(vmcs_fields[0]);

const struct vmx_feature_info vmx_features[VMX_FEAT_COUNT] = {
#define VMX_FEATURE(n, k, b, k2, b2, w) \
	{ #n, w, VMX_KIND_##k, VMX_KIND_##k2, (b), (b2) },
#include "vmx/features.def"
#undef VMX_FEATURE
};

unsigned vmcs_enc_bits(uint32_t enc)
{
	static const unsigned bits[4] = { 16, 64, 32, 64 };

	if (vmcs_enc_width(enc) == VMCS_W64 && vmcs_enc_high(enc))
		return 32;
	return bits[vmcs_enc_width(enc)];
}

const struct vmcs_field_info *vmcs_field_find(uint32_t enc)
{
	if (vmcs_enc_high(enc)) {
		/* Only 64-bit fields have a high half (SDM §24.11.2). */
		if (vmcs_enc_width(enc) != VMCS_W64)
			return NULL;
		enc &= ~1u;
	}
	for (size_t i = 0; i < vmcs_field_count; i++)
		if (vmcs_fields[i].enc == enc)
			return &vmcs_fields[i];
	return NULL;
}

const struct vmcs_field_info *vmcs_field_by_name(const char *name, uint32_t *enc)
{
	size_t n = strlen(name);
	bool high = n > 5 && strcmp(name + n - 5, "_HIGH") == 0;

	for (size_t i = 0; i < vmcs_field_count; i++) {
		const struct vmcs_field_info *f = &vmcs_fields[i];

		if (strcmp(f->name, name) == 0) {
			if (enc)
				*enc = f->enc;
			return f;
		}
		if (high && vmcs_enc_width(f->enc) == VMCS_W64 &&
		    strlen(f->name) == n - 5 && strncmp(f->name, name, n - 5) == 0) {
			if (enc)
				*enc = VMCS_HIGH(f->enc);
			return f;
		}
	}
	return NULL;
}

static void put_str(char *buf, size_t n, size_t *at, const char *s)
{
	while (*s && *at + 1 < n)
		buf[(*at)++] = *s++;
}

void vmcs_field_format(uint32_t enc, char *buf, size_t n)
{
	const struct vmcs_field_info *f = vmcs_field_find(enc);
	size_t at = 0;

	if (!n)
		return;
	if (f) {
		put_str(buf, n, &at, f->name);
		if (vmcs_enc_high(enc))
			put_str(buf, n, &at, "_HIGH");
	} else {
		static const char hex[] = "0123456789abcdef";
		char tmp[11];
		int i = 10;

		tmp[i] = 0;
		do {
			tmp[--i] = hex[enc & 15];
			enc >>= 4;
		} while (enc);
		tmp[--i] = 'x';
		tmp[--i] = '0';
		put_str(buf, n, &at, &tmp[i]);
	}
	buf[at] = 0;
}

const char *vmcs_width_name(enum vmcs_width w)
{
	static const char *const names[4] = { "16", "64", "32", "natural" };

	return names[w & 3];
}

const char *vmcs_type_name(enum vmcs_type t)
{
	static const char *const names[4] = { "control", "read-only", "guest", "host" };

	return names[t & 3];
}
