/** @file
 * vmxbench: the host tool's dispatcher. Subcommands live in cmd_<name>.c
 * and parse their own options; this file only finds them and prints help.
 */
#include <stdio.h>
#include <string.h>

#include "cmd.h"

#define CMD_ENTRY(n) &cmd_##n,
static const struct vmxb_cmd *const cmds[] = { VMXB_COMMANDS(CMD_ENTRY) };
#undef CMD_ENTRY
#define NCMDS (sizeof(cmds) / sizeof(cmds[0]))

void cmd_usage(const struct vmxb_cmd *c)
{
	printf("%s", c->usage);
}

static void usage(FILE *f)
{
	fprintf(f, "Usage: vmxbench COMMAND [OPTIONS] [ARGS]\n"
		   "       vmxbench help COMMAND | vmxbench COMMAND --help\n\n"
		   "Host tool of the vmxbench VMX conformance/performance kit.\n\nCommands:\n");
	for (size_t i = 0; i < NCMDS; i++)
		fprintf(f, "  %-10s %s\n", cmds[i]->name, cmds[i]->summary);
}

static const struct vmxb_cmd *find(const char *name)
{
	for (size_t i = 0; i < NCMDS; i++)
		if (strcmp(cmds[i]->name, name) == 0)
			return cmds[i];
	return NULL;
}

int main(int argc, char **argv)
{
	const struct vmxb_cmd *c;

	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(stdout);
		return 0;
	}
	if (strcmp(argv[1], "help") == 0) {
		if (argc < 3) {
			usage(stdout);
			return 0;
		}
		c = find(argv[2]);
		if (!c) {
			fprintf(stderr, "vmxbench: no command \"%s\" (see vmxbench --help)\n", argv[2]);
			return 2;
		}
		cmd_usage(c);
		return 0;
	}
	c = find(argv[1]);
	if (!c) {
		fprintf(stderr, "vmxbench: no command \"%s\" (see vmxbench --help)\n", argv[1]);
		return 2;
	}
	return c->fn(argc - 1, argv + 1);
}
