/** @file
 * What an outcome code of a case record means, for the report's legend:
 * `ok`, `vmfail-invalid`, `vmfail-valid:N`, `exit:R:Q`, `vmexit:R[...]`,
 * `exception:V`, `timeout`, `bad-flags:F` (docs/entry-suite.md "Outcome
 * strings"). Names come from the payload's own lists: VM-instruction errors
 * (vmx/outcome.h, SDM Vol. 3C §30.4) and basic exit reasons
 * (vmx/exit_reasons.def, Appendix C); exception vectors from Vol. 3A Table 6-1.
 */
#ifndef VMXB_HOST_OUTCOME_TEXT_H
#define VMXB_HOST_OUTCOME_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/**
 * Explain the code @p code (one token, e.g. "vmfail-valid:7" or "vmexit:0:v14")
 * into @p out. @return false when the token is not an outcome code.
 */
bool outcome_explain(const char *code, char *out, size_t outsz);

/**
 * Call @p fn for each outcome code in @p text (a case's expected or observed
 * string: codes followed by details, or "R0W0 ok/vmexit:25; ..." lists).
 */
void outcome_codes(const char *text, void (*fn)(const char *code, void *arg), void *arg);

#endif
