# Shared helpers for the end-to-end tests (sourced by run-e2e.sh and t_*.sh).
# Each check prints one line: PASS: / FAIL: / SKIP: and a description.

E2E=${E2E:-${O:-build}/e2e}

check() { # check "description" command args...
	local desc=$1
	shift
	if "$@" >/dev/null 2>&1; then
		echo "PASS: $desc"
	else
		echo "FAIL: $desc"
	fi
}

skip() { echo "SKIP: $1 ($2)"; }

# run_of NAME: the stored run JSON collected from boot NAME (see boots.list).
run_of() { ls "$E2E/results/"*/"$1.json" 2>/dev/null | head -1; }

# jqrun NAME FILTER: evaluate a jq filter on boot NAME's stored run.
jqrun() {
	local f
	f=$(run_of "$1") || return 1
	[ -n "$f" ] || return 1
	jq -e -r "$2" "$f"
}

# jqeq NAME FILTER EXPECTED: the filter's output equals EXPECTED.
# (jq without -e here: -e fails on a false or null result, so "false" could never match)
jqeq() {
	local f got
	f=$(run_of "$1")
	[ -n "$f" ] || return 1
	got=$(jq -r "$2" "$f") || return 1
	[ "$got" = "$3" ] || { echo "got '$got', want '$3'" >&2; return 1; }
}

# rec NAME TYPE: records of TYPE in boot NAME's run, as a jq stream.
rec() { echo ".records[] | select(.type == \"$2\")"; }
