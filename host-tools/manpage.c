/** @file
 * The manual page, vmxbench(1), written from the command table: each
 * command's summary and usage text, so the page cannot drift from --help.
 */
#include <stdio.h>
#include <string.h>

#include "cmd.h"

/* Text as roff: backslashes doubled, a line starting with . or ' protected. */
static void roff_text(FILE *f, const char *s)
{
	bool bol = true;

	for (; *s; s++) {
		if (bol && (*s == '.' || *s == '\''))
			fputs("\\&", f);
		if (*s == '\\')
			fputs("\\e", f);
		else if (*s == '-')
			fputs("\\-", f);
		else
			fputc(*s, f);
		bol = *s == '\n';
	}
	if (!bol)
		fputc('\n', f);
}

void manpage_write(FILE *f, const struct vmxb_cmd *const *cmds, size_t n, const char *version)
{
	fprintf(f, ".TH VMXBENCH 1 \"\" \"vmxbench %s\" \"User Commands\"\n", version);
	fputs(".SH NAME\nvmxbench \\- collect, identify, report and export Intel VMX "
	      "conformance and benchmark runs\n"
	      ".SH SYNOPSIS\n.B vmxbench\n.I command\n[\\fIoptions\\fR] [\\fIargs\\fR]\n.br\n"
	      ".B vmxbench help\n.I command\n.br\n.B vmxbench \\-\\-version\n"
	      ".SH DESCRIPTION\nThe host tool of the vmxbench kit. Lab machines netboot the "
	      "vmxbench payload, which tests and times Intel VMX and writes versioned records "
	      "(serial console or HTTP upload); vmxbench stores them under results/, identifies "
	      "the CPU, and writes reports, exports and charts. Record text comes from machines "
	      "anyone may control and is always escaped.\n"
	      ".SH COMMANDS\n", f);
	for (size_t i = 0; i < n; i++) {
		fprintf(f, ".SS %s\n", cmds[i]->name);
		roff_text(f, cmds[i]->summary);
		fputs(".PP\n.nf\n", f);
		roff_text(f, cmds[i]->usage);
		fputs(".fi\n", f);
	}
	fputs(".SH EXIT STATUS\n0 on success, 1 when the work failed, 2 on a usage error "
	      "(each command's text above says more).\n"
	      ".SH FILES\n.TP\n.I results/<cpu>/<run\\-id>.json\nthe stored runs\n"
	      ".TP\n.I share/vmxbench/payload.elf, payload.efi\nthe payload images "
	      "(Multiboot for iPXE on BIOS, a UEFI application)\n"
	      ".SH SEE ALSO\nThe kit's README.md and docs/ (record-format.md, host-tools.md, "
	      "lab.md).\n", f);
}
