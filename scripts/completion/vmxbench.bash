# bash completion for vmxbench (installed by make install). Commands and
# options are read from the tool's own help, so they follow its command table.
_vmxbench() {
	local cur=${COMP_WORDS[COMP_CWORD]} tool=${COMP_WORDS[0]} words
	if [ "$COMP_CWORD" -eq 1 ]; then
		words=$("$tool" --help 2>/dev/null | sed -n 's/^  \([a-z][a-z-]*\)  .*/\1/p')
		mapfile -t COMPREPLY < <(compgen -W "$words help --help --version" -- "$cur")
		return
	fi
	if [ "${COMP_WORDS[1]}" = help ]; then
		words=$("$tool" --help 2>/dev/null | sed -n 's/^  \([a-z][a-z-]*\)  .*/\1/p')
		mapfile -t COMPREPLY < <(compgen -W "$words --man" -- "$cur")
		return
	fi
	if [[ $cur == -* ]]; then
		words=$("$tool" help "${COMP_WORDS[1]}" 2>/dev/null | grep -oE -- '--[a-z][a-z-]*' | sort -u)
		mapfile -t COMPREPLY < <(compgen -W "$words" -- "$cur")
		return
	fi
	mapfile -t COMPREPLY < <(compgen -f -- "$cur")
}
complete -o filenames -F _vmxbench vmxbench
