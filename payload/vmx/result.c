/** @file
 * Classification and formatting of VMX instruction outcomes (see result.h).
 */
#include "lib/fmt.h"
#include "vmx/result.h"

enum vmx_result vmx_result_from_rflags(uint64_t rflags)
{
	switch (rflags & VMX_RFLAGS_ARITH) {
	case 0:
		return VMX_OK;
	case VMX_RFLAGS_CF:
		return VMX_FAIL_INVALID;
	case VMX_RFLAGS_ZF:
		return VMX_FAIL_VALID;
	default:
		return VMX_BAD_FLAGS;
	}
}

const char *vmx_result_name(enum vmx_result r)
{
	switch (r) {
	case VMX_OK: return "ok";
	case VMX_FAIL_INVALID: return "vmfail-invalid";
	case VMX_FAIL_VALID: return "vmfail-valid";
	case VMX_FAULT: return "fault";
	case VMX_SKIPPED: return "skipped";
	case VMX_BAD_FLAGS: return "bad-flags";
	}
	return "unknown";
}

size_t vmx_outcome_format(const struct vmx_outcome *vo, char *buf, size_t n)
{
	const char *name = vmx_result_name(vo->result);

	switch (vo->result) {
	case VMX_FAIL_VALID:
		return fmt_snprintf(buf, n, "%s:%u", name, vo->error);
	case VMX_FAULT:
		return fmt_snprintf(buf, n, "%s:%d", name, vo->vector);
	case VMX_BAD_FLAGS:
		return fmt_snprintf(buf, n, "%s:0x%llx", name,
				    (unsigned long long)(vo->rflags & VMX_RFLAGS_ARITH));
	default:
		return fmt_snprintf(buf, n, "%s", name);
	}
}
