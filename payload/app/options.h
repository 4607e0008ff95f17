/** @file
 * Command-line options of the payload (parsed by app/options.c).
 *
 * Words of the form key=value are options; any other word (the image URI
 * iPXE puts first, a file name GRUB might add) is ignored.
 */
#ifndef VMXB_PLATFORM_OPTIONS_H
#define VMXB_PLATFORM_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>
#include "platform/exit.h"

#define OPT_STR_MAX 96


struct options {
	char cmdline[512];          /**< the whole command line as received */
	uint16_t console_port;      /**< console=ttyS0..3 or console=0x3f8 (default ttyS0) */
	uint32_t console_baud;      /**< console=ttyS0,115200 (default 115200) */
	char suites[OPT_STR_MAX];   /**< suites=caps,entry (default "caps") */
	uint32_t samples;           /**< samples=N (default 1000) */
	bool smp;                   /**< smp=on|off: start the other CPUs (default on) */
	bool migrate_all;           /**< migrate=one|all: one pair per topology relation (default), or every CPU */
	enum exit_mode exit;        /**< exit=halt|bochs|qemu|reboot|return */
	char mac[OPT_STR_MAX];      /**< identity options copied to the begin record */
	char uuid[OPT_STR_MAX];
	char ip[OPT_STR_MAX];
	char label[OPT_STR_MAX];
	char serial[OPT_STR_MAX];   /**< SMBIOS serial and product as iPXE gives them, %XX decoded */
	char product[OPT_STR_MAX];
	char emulator[OPT_STR_MAX];
	/** Not an option: the emulator the payload recognised itself (emu_probe), "" if none. */
	char emulator_detected[OPT_STR_MAX];
	char unknown[OPT_STR_MAX];  /**< unknown option names, comma-separated, for a warn record */
	char bad[OPT_STR_MAX];      /**< options with unusable values */
};

/** Parse @p cmdline (may be NULL) into @p o, filling defaults first. Pure. */
void options_parse(struct options *o, const char *cmdline);

/** The emulator: the emulator= label when given, else the one recognised, else "". Pure. */
const char *options_emulator(const struct options *o);

/** True if suite @p name is in o->suites (comma-separated, or "all"). Pure. */
bool options_want_suite(const struct options *o, const char *name);

/** True if suite @p name is listed by name in o->suites ("all" does not count). Pure. */
bool options_names_suite(const struct options *o, const char *name);

#endif
