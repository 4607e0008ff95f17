/** @file
 * A vmxbench subcommand: one per host-tools/cmd_<name>.c, listed in vmxbench.c.
 */
#ifndef VMXB_HOST_CMD_H
#define VMXB_HOST_CMD_H

#include <stdbool.h>
#include <stdio.h>

struct vmxb_cmd {
	const char *name;
	int (*fn)(int argc, char **argv); /**< argv[0] is the command name; returns exit status */
	const char *summary;              /**< one line for `vmxbench --help` */
	const char *usage;                /**< full help for `vmxbench help CMD` / `CMD --help` */
};

/**
 * The subcommands, in the order `vmxbench --help` lists them. A new command
 * is its file cmd_NAME.c (defining cmd_NAME) and its name in this one list.
 */
#define VMXB_COMMANDS(X) X(collect) X(upload) X(identify) X(report) X(compare) X(export) X(chart)

#define VMXB_CMD_DECLARE(n) extern const struct vmxb_cmd cmd_##n;
VMXB_COMMANDS(VMXB_CMD_DECLARE)
#undef VMXB_CMD_DECLARE

/** Print @p c's usage to stdout. */
void cmd_usage(const struct vmxb_cmd *c);

/** Write the manual page (roff) for the @p n commands (manpage.c). */
void manpage_write(FILE *f, const struct vmxb_cmd *const *cmds, size_t n, const char *version);

#endif
