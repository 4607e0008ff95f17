/** @file
 * Setting up the upload sink from the command line (collect=, key=, ip=,
 * netmask=, gw=, mac=): before the begin record, which carries the session.
 */
#ifndef VMXB_APP_UPLOAD_START_H
#define VMXB_APP_UPLOAD_START_H

#include "app/options.h"
#include "platform/boot_info.h"

/**
 * Start uploading when collect= asks for it and this boot path can.
 * Returns the session id for the begin record, or NULL (no upload: the
 * reason waits for upload_start_report()).
 */
const char *upload_start(const struct boot_info *bi, const struct options *o);

/** After the begin record: a warn record when collect= was given but the upload is off. */
void upload_start_report(void);

#endif
