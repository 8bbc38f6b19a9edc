# SPDX-License-Identifier: GPL-2.0
#
# TAP helpers for the fwctl tool's VM tests (sourced, not run): pass, fail,
# check DESC WANT CMD PATTERN..., count DESC WANT CMD PATTERN. run.sh puts
# this file next to the test scripts in the guest.

n=0
failed=0

pass() {
	n=$((n + 1))
	echo "ok $n - $1"
}

fail() {
	n=$((n + 1))
	failed=$((failed + 1))
	echo "not ok $n - $1"
}

# check DESC EXIT CMD PATTERN...: CMD exits EXIT and its output (stdout
# and stderr, trailing blanks removed) matches every extended regular
# expression PATTERN.
check() {
	desc=$1 want=$2 cmd=$3
	shift 3
	out=$(eval "$cmd" 2>&1)
	rc=$?
	# Tables pad their cells; a line's trailing blanks never matter.
	out=$(printf '%s\n' "$out" | sed 's/ *$//')
	good=1
	if [ "$rc" != "$want" ]; then
		echo "# exit status $rc, wanted $want"
		good=0
	fi
	for p in "$@"; do
		if ! printf '%s\n' "$out" | grep -qE -- "$p"; then
			echo "# no line matches: $p"
			good=0
		fi
	done
	if [ $good = 1 ]; then
		pass "$desc"
	else
		printf '%s\n' "$out" | sed 's/^/#   /'
		fail "$desc"
	fi
}

# count DESC WANT CMD PATTERN: CMD prints exactly WANT lines matching it.
count() {
	got=$(eval "$3" 2>&1 | grep -cE -- "$4")
	if [ "$got" = "$2" ]; then
		pass "$1"
	else
		echo "# $got lines match $4, wanted $2"
		fail "$1"
	fi
}
