/** @file
 * A vmxbench subcommand: one per host-tools/cmd_<name>.c, listed in vmxbench.c.
 */
#ifndef VMXB_HOST_CMD_H
#define VMXB_HOST_CMD_H

struct vmxb_cmd {
	const char *name;
	int (*fn)(int argc, char **argv); /**< argv[0] is the command name; returns exit status */
	const char *summary;              /**< one line for `vmxbench --help` */
	const char *usage;                /**< full help for `vmxbench help CMD` / `CMD --help` */
};

extern const struct vmxb_cmd cmd_collect, cmd_identify, cmd_report, cmd_export, cmd_chart;

/** Print @p c's usage to stdout. */
void cmd_usage(const struct vmxb_cmd *c);

#endif
