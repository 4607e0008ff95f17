/** @file
 * Command-line options of the payload (parsed by app/options.c).
 *
 * Words of the form key=value are options; any other word (the image URI
 * iPXE puts first, a file name GRUB might add) is ignored.
 */
#ifndef VMXB_PLATFORM_OPTIONS_H
#define VMXB_PLATFORM_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "platform/exit.h"

#define OPT_STR_MAX 96


struct options {
	char cmdline[512];          /**< the command line as received, key= value redacted */
	uint16_t console_port;      /**< console=ttyS0..3 or console=0x3f8 (default ttyS0) */
	uint32_t console_baud;      /**< console=ttyS0,115200 (default 115200) */
	char suites[OPT_STR_MAX];   /**< suites=caps,entry (default "caps") */
	uint32_t samples;           /**< samples=N (default 1000; see options_samples()) */
	bool samples_given;         /**< samples= was on the command line */
	bool smp;                   /**< smp=on|off: start the other CPUs (default on) */
	bool migrate_all;           /**< migrate=one|all: one pair per topology relation (default), or every CPU */
	bool turbo_off;             /**< turbo=off|as-found: disable turbo for the run (default: as found) */
	enum exit_mode exit;        /**< exit=halt|bochs|qemu|reboot|return */
	char mac[OPT_STR_MAX];      /**< identity options copied to the begin record */
	char uuid[OPT_STR_MAX];
	char ip[OPT_STR_MAX];
	char label[OPT_STR_MAX];
	char serial[OPT_STR_MAX];   /**< SMBIOS serial and product as iPXE gives them, %XX decoded */
	char product[OPT_STR_MAX];
	char emulator[OPT_STR_MAX];
	char collect[OPT_STR_MAX];  /**< collect=http://A.B.C.D:PORT/ (UEFI: upload records) */
	char netmask[OPT_STR_MAX];  /**< netmask=A.B.C.D, gw=A.B.C.D: with ip=, the upload's address */
	char gw[OPT_STR_MAX];
	/** key=HEX64: the upload key (docs/upload.md). Never copied into a record. */
	uint8_t key[32];
	bool has_key;               /**< key= gave 64 hex digits */
	bool key_bad;               /**< key= was given but unusable: do not upload */
	/** Not an option: the emulator the payload recognised itself (emu_probe), "" if none. */
	char emulator_detected[OPT_STR_MAX];
	char unknown[OPT_STR_MAX];  /**< unknown option names, comma-separated, for a warn record */
	char bad[OPT_STR_MAX];      /**< options with unusable values */
};

/** Parse @p cmdline (may be NULL) into @p o, filling defaults first. Pure. */
void options_parse(struct options *o, const char *cmdline);

/**
 * Copy the command line @p src into @p dst of @p size bytes with the value
 * of every key= word replaced by `<redacted>`, so that the key never
 * reaches a record. Blanks are kept; a line that does not fit is cut. Pure.
 */
void options_redact(char *dst, size_t size, const char *src);

/** The emulator: the emulator= label when given, else the one recognised, else "". Pure. */
const char *options_emulator(const struct options *o);
/** Samples taken under an emulator when samples= is not given: its figures have no spread
 *  (docs/measurement.md), and 20 still gives the statistics what they need (n >= 6 for a
 *  95 % confidence interval of the median). */
#define OPT_SAMPLES_EMULATED 20u
/** The sample count: samples= when given, else OPT_SAMPLES_EMULATED under an emulator
 *  (options_emulator() non-empty), else the default 1000. Pure. */
uint32_t options_samples(const struct options *o);

/** True if suite @p name is in o->suites (comma-separated, or "all"). Pure. */
bool options_want_suite(const struct options *o, const char *name);

/** True if suite @p name is listed by name in o->suites ("all" does not count). Pure. */
bool options_names_suite(const struct options *o, const char *name);

#endif
