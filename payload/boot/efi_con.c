/** @file
 * The firmware console (ConOut) for the core (platform/fw.h hooks): text
 * when the machine has no UART, and the status screen, drawn in the top
 * rows as memtest86+ draws its own. Called between fw_enter()/fw_leave().
 *
 * OVMF mirrors ConOut to COM1: what goes through here also reaches the
 * serial log, but only between record lines (the core writes records to the
 * UART itself, one whole line at a time) and never with a record tag, so
 * the host reader, which ignores other lines, sees each record once.
 */
#include "boot/efi.h"
#include "lib/fmt.h"
#include "platform/status.h"

#define CHUNK 128
#define STATUS_ROWS 3

/* ASCII to UCS-2 in chunks; "\n" becomes "\r\n" as ConOut wants. */
void efi_con_text(const char *s, size_t n)
{
	SIMPLE_TEXT_OUTPUT_INTERFACE *out = efi_st->ConOut;
	CHAR16 buf[CHUNK + 3];
	size_t k = 0;

	if (!out)
		return;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			buf[k++] = '\r';
		buf[k++] = (CHAR16)(unsigned char)s[i];
		if (k >= CHUNK || i + 1 == n) {
			buf[k] = 0;
			out->OutputString(out, buf);
			k = 0;
		}
	}
}

static void row(SIMPLE_TEXT_OUTPUT_INTERFACE *out, unsigned r, const char *text)
{
	char line[80];
	size_t n = 0;

	while (text[n] && n < sizeof(line) - 1) {
		line[n] = text[n];
		n++;
	}
	while (n < 79) /* blank the rest of what the last draw wrote */
		line[n++] = ' ';
	out->SetCursorPosition(out, 0, r);
	efi_con_text(line, n);
}

void efi_con_status(const struct run_status *st)
{
	SIMPLE_TEXT_OUTPUT_INTERFACE *out = efi_st->ConOut;
	static int cleared;
	INT32 col, r;
	char l[3][96];

	if (!out || !out->Mode)
		return;
	if (!cleared) {
		out->ClearScreen(out);
		/* records scroll below the status rows when they come here too */
		out->SetCursorPosition(out, 0, STATUS_ROWS + 1);
		cleared = 1;
	}
	col = out->Mode->CursorColumn;
	r = out->Mode->CursorRow;
	fmt_snprintf(l[0], sizeof(l[0]), "vmxbench (%s boot): %s%s%s", st->boot, st->state,
		     st->suite[0] ? ", suite " : "", st->suite);
	fmt_snprintf(l[1], sizeof(l[1]), "suites done %u, cases %u: PASS %u  DEVIATION %u  SKIP %u",
		     st->suites_done, st->cases, st->verdict[0], st->verdict[1], st->verdict[2]);
	fmt_snprintf(l[2], sizeof(l[2]), "aborted suites %u%s", st->exceptions,
		     st->records ? ", records written: see the serial log" : "");
	for (unsigned i = 0; i < STATUS_ROWS; i++)
		row(out, i, l[i]);
	if (r <= STATUS_ROWS)
		r = STATUS_ROWS + 1;
	out->SetCursorPosition(out, (UINTN)col, (UINTN)r);
}
