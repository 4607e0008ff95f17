/** @file
 * Which emulator a run executed under, from its records. A run is emulated
 * when the lab said so (begin "emulator"), when the payload recognised it
 * (begin "emulator_detected"), or when its identity and smbios records show
 * it (payload/platform/emu_detect.h, the same rules): either is enough, so
 * a lost label never turns an emulated run into silicon.
 */
#ifndef VMXB_HOST_EMULATED_H
#define VMXB_HOST_EMULATED_H

#include <jansson.h>

/** The emulator label or name for @p records (array of a run's records), NULL on silicon. */
const char *records_emulator(json_t *records);

#endif
