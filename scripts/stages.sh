# SPDX-License-Identifier: GPL-2.0
#
# Sourced by scripts/check.sh and scripts/check-debug.sh: run stages, keep
# their counts and wall times, and end with one summary line,
#   N passed, N failed, N skipped
# The caller sets logdir (emptied and created here) before sourcing.

passed=0 failed=0 skipped=0
timings=()
rm -rf "$logdir"
mkdir -p "$logdir"

add_counts() {
	# The last "N passed, N failed[, N skipped]" line of a stage's output.
	local line p f s
	line=$(grep -E '[0-9]+ passed, [0-9]+ failed' "$1" | tail -1)
	if [ -z "$line" ]; then
		echo "  (no result line: counted as one failure)"
		failed=$((failed + 1))
		return 1
	fi
	p=$(echo "$line" | sed -E 's/.*\b([0-9]+) passed.*/\1/')
	f=$(echo "$line" | sed -E 's/.*\b([0-9]+) failed.*/\1/')
	s=$(echo "$line" | sed -nE 's/.*\b([0-9]+) skipped.*/\1/p')
	passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + ${s:-0}))
}

# stage NAME COMMAND...: run, show its output, count its result line.
# A non-zero exit with no failure counted is one more failure.
stage() {
	local name=$1 start rc before
	shift
	echo "=== $name"
	start=$(date +%s)
	"$@" >"$logdir/$name.log" 2>&1
	rc=$?
	sed 's/^/  /' "$logdir/$name.log" | tail -40
	before=$failed
	add_counts "$logdir/$name.log"
	if [ $rc != 0 ] && [ $failed = "$before" ]; then
		echo "  (exit status $rc: counted as one failure)"
		failed=$((failed + 1))
	fi
	timings+=("$(printf '%-22s %5d s' "$name" $(($(date +%s) - start)))")
}

# finish: the stage times, then the summary line; status 0 only if nothing
# failed.
finish() {
	echo "=== stage times"
	printf '  %s\n' "${timings[@]}"
	echo "$passed passed, $failed failed, $skipped skipped"
	[ "$failed" = 0 ]
}
