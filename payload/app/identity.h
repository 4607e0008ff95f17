/** @file
 * CPU identity records, emitted by payload_main after `begin` in every run.
 */
#ifndef VMXB_SUITES_IDENTITY_H
#define VMXB_SUITES_IDENTITY_H

/** Emit the `cpuid` dump and the `identity` record. */
void identity_emit(void);

#endif
