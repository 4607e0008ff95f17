# make install (PREFIX, DESTDIR), and what it installs: the tool with its
# version and git revision, the manual page generated from the command table,
# bash completion, the payload images. Needs no emulator.
dest=$(mktemp -d)
make -s install O="$O" PREFIX=/usr DESTDIR="$dest" >"$E2E/install.out" 2>&1
check "make install DESTDIR=... PREFIX=/usr succeeds" test $? = 0
check "installed: bin/vmxbench, man1/vmxbench.1, bash completion, both payload images" \
	test -x "$dest/usr/bin/vmxbench" -a -s "$dest/usr/share/man/man1/vmxbench.1" \
	-a -s "$dest/usr/share/bash-completion/completions/vmxbench" \
	-a -s "$dest/usr/share/vmxbench/payload.elf" -a -s "$dest/usr/share/vmxbench/payload.efi"
ver=$("$dest/usr/bin/vmxbench" --version 2>&1)
check "vmxbench --version names VERSION and a git revision ($ver)" \
	grep -qE "^vmxbench $(cat VERSION) \(git [0-9a-f]{12}(-dirty)?\)$" <<<"$ver"
cmds=$("$dest/usr/bin/vmxbench" --help | sed -n 's/^  \([a-z][a-z-]*\)  .*/\1/p')
missing=""
for c in $cmds; do grep -qx "\.SS $c" "$dest/usr/share/man/man1/vmxbench.1" || missing="$missing $c"; done
check "the man page has a section for every command of --help ($(wc -w <<<"$cmds") commands)" \
	test -n "$cmds" -a -z "$missing"
if command -v man >/dev/null; then
	check "man renders the page without warnings" \
		bash -c "man -l -Tutf8 '$dest/usr/share/man/man1/vmxbench.1' 2>&1 >/dev/null | (! grep -q .)"
else
	skip "man renders the page" "man not installed"
fi
# completion: the functions bash calls, with the installed tool first on PATH
comp=$(PATH="$dest/usr/bin:$PATH" bash -c '
	. "$1"
	COMP_WORDS=(vmxbench ex); COMP_CWORD=1; _vmxbench; echo "1:${COMPREPLY[*]}"
	COMP_WORDS=(vmxbench export --fo); COMP_CWORD=2; _vmxbench; echo "2:${COMPREPLY[*]}"
	COMP_WORDS=(vmxbench identify --j); COMP_CWORD=2; _vmxbench; echo "3:${COMPREPLY[*]}"' _ \
	"$dest/usr/share/bash-completion/completions/vmxbench" 2>&1)
check "bash completion: commands and each command's options" \
	test "$comp" = "$(printf '1:export\n2:--format\n3:--json')"
rm -rf "$dest"
