#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The tool's layering, from its object files: no file calls a file that
# calls it back (directly or around a longer circle), and no file of the
# library calls a command. Usage: check-layers.sh "LIB objects" "CMD objects"
# Prints each offending call and exits 1, or exits 0 silently.

lib=$1 cmds=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# "caller callee" for every call from one object to a symbol another defines.
for o in $lib $cmds; do
	nm --defined-only "$o" | awk -v o="$o" '$2 ~ /^[TDBR]$/ { print $3, o }'
done | sort >"$tmp/defs"
for o in $lib $cmds; do
	nm -u "$o" | awk '{ print $2 }' | sort -u |
		join - "$tmp/defs" | awk -v o="$o" '$2 != o { print o, $2 }'
done | sort -u >"$tmp/edges"

bad=0
for o in $lib; do
	for c in $cmds; do
		if grep -qx "$o $c" "$tmp/edges"; then
			echo "check-layers: library file $o calls command file $c"
			bad=1
		fi
	done
done
# tsort reports a circle on stderr.
if ! tsort "$tmp/edges" >/dev/null 2>"$tmp/tsort" || [ -s "$tmp/tsort" ]; then
	echo "check-layers: files call each other in a circle:"
	sed 's/^/  /' "$tmp/tsort"
	bad=1
fi
exit $bad
