#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# KUnit lane: runs every KUnit suite of this repository under UML.
#
# Debian's kernel has no KUnit, so the tests run in a User-Mode Linux kernel
# built from the source tree that matches the kernel we build modules for.
# That pristine tree is never modified: a scratch copy of it is made in the
# cache, our sources are overlaid onto the copy by symlink, and the Kconfig
# and Makefile hooks that pull them in are added to the copy only.
#
#   scripts/kunit.sh [--extra-config FILE]... [-- KUNIT.PY-ARGS...]
#
# Environment:
#   KDIR                kernel build dir (default: scripts/kernel-env.sh kdir)
#   FWCTL_CACHE         cache directory (see scripts/kernel-env.sh cache)
#   KUNIT_EXTRA_CONFIG  extra Kconfig fragment files (space separated), e.g.
#                       a debug lane's KASAN/lockdep options; each entry is
#                       passed to kunit.py as --kconfig_add, so it may
#                       override what the .kunitconfig files say
#   KUNIT_BUILD_DIR     build directory (default: <cache>/kunit-build, or
#                       <cache>/kunit-build-<hash> with extra fragments so a
#                       debug lane keeps its own objects)
#   KUNIT_JOBS          parallel make jobs (default: nproc)
#   KUNIT_PYTHON        interpreter for kunit.py (default: /usr/bin/python3)
#
# The last line of output is always
#   kunit: N passed, N failed, N skipped
# and the exit status is non-zero if anything failed, crashed, did not
# build, or if no test ran at all.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
ENV="$REPO/scripts/kernel-env.sh"

summary() {
	echo "kunit: $1 passed, $2 failed, $3 skipped"
}

# A failure before kunit.py produced results still counts as one failure.
die() {
	echo "kunit.sh: $*" >&2
	summary 0 1 0
	exit 1
}

extra_configs=()
for f in ${KUNIT_EXTRA_CONFIG:-}; do
	extra_configs+=("$f")
done
kunit_args=()
while [ $# -gt 0 ]; do
	case "$1" in
	--extra-config)
		[ $# -ge 2 ] || die "--extra-config needs a file"
		extra_configs+=("$2")
		shift 2
		;;
	--extra-config=*)
		extra_configs+=("${1#*=}")
		shift
		;;
	--)
		shift
		kunit_args+=("$@")
		break
		;;
	-h|--help)
		sed -n '3,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'
		exit 0
		;;
	*)
		die "unknown argument '$1' (kunit.py arguments go after --)"
		;;
	esac
done

KDIR=${KDIR:-$("$ENV" kdir)} || die "no kernel build directory"
SRC=$("$ENV" source "$KDIR") || die "no kernel source matching $KDIR"
SRC=$(cd "$SRC" && pwd -P)
CACHE=$("$ENV" cache)
mkdir -p "$CACHE"
CACHE=$(cd "$CACHE" && pwd -P)
SCRATCH="$CACHE/kunit-src"
PYTHON=${KUNIT_PYTHON:-/usr/bin/python3}
JOBS=${KUNIT_JOBS:-$(nproc)}

kconfig_add=()
for f in "${extra_configs[@]}"; do
	[ -r "$f" ] || die "extra config fragment $f is not readable"
	while IFS= read -r line; do
		case "$line" in
		CONFIG_*=*|"# CONFIG_"*" is not set") kconfig_add+=("--kconfig_add=$line") ;;
		esac
	done < "$f"
done

if [ -n "${KUNIT_BUILD_DIR:-}" ]; then
	BUILD=$KUNIT_BUILD_DIR
elif [ ${#extra_configs[@]} -gt 0 ]; then
	hash=$(cat "${extra_configs[@]}" | sha1sum | cut -c1-8)
	BUILD="$CACHE/kunit-build-$hash"
else
	BUILD="$CACHE/kunit-build"
fi

# One run at a time touches the scratch tree.
exec 9>"$CACHE/kunit-src.lock"
flock 9

# Write $2 to $1 unless it already holds exactly that. The new file replaces
# the old one (rename) instead of overwriting it: the scratch tree may share
# inodes with the pristine tree, and an unchanged file keeps its mtime, so
# make does not redo work.
replace_file() {
	local path="$1" content="$2"
	if [ -f "$path" ] && [ ! -L "$path" ] &&
	   [ "$(cat "$path")" = "$content" ]; then
		return
	fi
	printf '%s\n' "$content" > "$path.fwctl-new"
	mv -f "$path.fwctl-new" "$path"
}

# Point $1 at $2, replacing whatever is there (a symlink from an earlier run,
# possibly to a repository that lived elsewhere).
link() {
	local link="$1" target="$2"
	[ -e "$target" ] || die "overlay source $target is missing"
	if [ -L "$link" ] && [ "$(readlink "$link")" = "$target" ]; then
		return
	fi
	if [ -e "$link" ] && [ ! -L "$link" ]; then
		die "$link exists in the kernel source and is not our symlink"
	fi
	ln -sfn "$target" "$link"
}

# The scratch copy: hard links to the pristine tree (fast, little space),
# remade when the pristine tree changes.
origin="$SRC $(awk -F' = ' '/^(VERSION|PATCHLEVEL|SUBLEVEL) /{printf "%s.", $2}' "$SRC/Makefile")"
if [ ! -f "$SCRATCH/.fwctl-kunit-origin" ] ||
   [ "$(cat "$SCRATCH/.fwctl-kunit-origin")" != "$origin" ]; then
	echo "kunit.sh: making scratch copy of $SRC in $SCRATCH"
	rm -rf "$SCRATCH" "$SCRATCH.tmp"
	cp -al "$SRC" "$SCRATCH.tmp" 2>/dev/null || {
		rm -rf "$SCRATCH.tmp"
		cp -a "$SRC" "$SCRATCH.tmp"
	}
	# kunit.py builds with O=; kbuild wants a clean source tree for that.
	if [ -e "$SCRATCH.tmp/.config" ]; then
		make -s -C "$SCRATCH.tmp" mrproper
	fi
	printf '%s\n' "$origin" > "$SCRATCH.tmp/.fwctl-kunit-origin"
	mv "$SCRATCH.tmp" "$SCRATCH"
fi

# Overlay: our sources, by symlink, refreshed every run. Everything under
# our include/ goes where the kernel has nothing of that name: a directory
# the kernel lacks (include/uapi/fwctl) is linked whole, one it has
# (include/linux, include/cxl) gets a link per file.
links=()
overlay_include() {
	local rel="$1" entry name
	for entry in "$REPO/include/$rel"*; do
		[ -e "$entry" ] || continue
		name="${entry#"$REPO/include/"}"
		if [ -d "$entry" ] && [ -d "$SRC/include/$name" ]; then
			overlay_include "$name/"
		elif [ -e "$SRC/include/$name" ]; then
			die "include/$name would shadow the kernel's own header"
		else
			link "$SCRATCH/include/$name" "$entry"
			links+=("include/$name")
		fi
	done
}
link "$SCRATCH/drivers/fwctl" "$REPO/drivers/fwctl"
link "$SCRATCH/drivers/cxl/fwctl" "$REPO/drivers/cxl/fwctl"
link "$SCRATCH/drivers/Kconfig.fwctl" "$REPO/Kconfig"
overlay_include ""
# Links of an earlier run whose file is gone from include/ go too.
manifest="$SCRATCH/.fwctl-kunit-links"
if [ -f "$manifest" ]; then
	while IFS= read -r old; do
		case " ${links[*]} " in
		*" $old "*) ;;
		*) [ -L "$SCRATCH/$old" ] && rm -f "$SCRATCH/$old" ;;
		esac
	done < "$manifest"
fi
printf '%s\n' "${links[@]}" > "$manifest"

# Hooks, always derived from the pristine files so reruns are idempotent.
# drivers/Kconfig: our Kconfig entry point, inside the Device Drivers menu.
replace_file "$SCRATCH/drivers/Kconfig" "$(awk '
	{ line[NR] = $0; if ($0 ~ /^endmenu/) last = NR }
	END {
		for (i = 1; i <= NR; i++) {
			if (i == last)
				print "source \"drivers/Kconfig.fwctl\"\n"
			print line[i]
		}
	}' "$SRC/drivers/Kconfig")"
# drivers/Makefile: the core links (and so initialises, when built in)
# before cxl/, whose fwctl backend registers with it.
replace_file "$SCRATCH/drivers/Makefile" "$(awk '
	/^obj-[^ \t]*[ \t]*\+=[ \t]*cxl\/[ \t]*$/ && !done {
		print "obj-$(CONFIG_FWCTL)\t\t+= fwctl/"; done = 1
	}
	{ print }
	END { if (!done) print "obj-$(CONFIG_FWCTL)\t\t+= fwctl/" }' \
	"$SRC/drivers/Makefile")"
# drivers/cxl/Makefile: the backend, after the CXL drivers it watches.
# shellcheck disable=SC2016 # a make variable, not a shell one
replace_file "$SCRATCH/drivers/cxl/Makefile" "$(cat "$SRC/drivers/cxl/Makefile"
	printf '%s\n' 'obj-$(CONFIG_CXL_FWCTL) += fwctl/')"

# Every .kunitconfig of ours.
mapfile -t kunitconfigs < <(find "$REPO/drivers" -name .kunitconfig -type f | sort)
[ ${#kunitconfigs[@]} -gt 0 ] || die "no .kunitconfig under $REPO/drivers"

args=(run --arch=um --build_dir="$BUILD" --jobs="$JOBS")
for k in "${kunitconfigs[@]}"; do
	args+=("--kunitconfig=$k")
done
args+=("${kconfig_add[@]}" "${kunit_args[@]}")

# A build dir made from another kernel tree is stale. Only a dir this
# script made (it has the stamp) is ever removed.
if [ -f "$BUILD/.fwctl-kunit-origin" ] &&
   [ "$(cat "$BUILD/.fwctl-kunit-origin")" != "$origin" ]; then
	echo "kunit.sh: $BUILD was built from another kernel tree; starting afresh"
	rm -rf "$BUILD"
fi
mkdir -p "$BUILD"
printf '%s\n' "$origin" > "$BUILD/.fwctl-kunit-origin"
log="$BUILD/kunit.sh.log"

# make decides by mtime, and the overlay can go back in time: another
# checkout at another path, files copied with their timestamps. So the
# objects built from our sources are dropped whenever the sources' content
# differs from what they were last built from (a few seconds of compiling).
stamp="$BUILD/.fwctl-kunit-sources"
sources=$(cd "$REPO" && find drivers/fwctl drivers/cxl/fwctl include Kconfig \
	-type f \( -name '*.[ch]' -o -name Kconfig -o -name Makefile \
	-o -name Kbuild -o -name .kunitconfig \) -print0 |
	sort -z | xargs -0 sha1sum | sha1sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$sources" ]; then
	rm -rf "$BUILD/drivers/fwctl" "$BUILD/drivers/cxl/fwctl"
fi
echo "kunit.sh: source $SRC, build $BUILD"
echo "kunit.sh: kunitconfigs: ${kunitconfigs[*]#"$REPO/"}"
rc=0
PYTHONDONTWRITEBYTECODE=1 "$PYTHON" "$SCRATCH/tools/testing/kunit/kunit.py" \
	"${args[@]}" 2>&1 | tee "$log" || rc=$?

# "Testing complete. Ran N tests: passed: X, failed: Y, crashed: Z, ..."
# lists only the non-zero counts.
line=$(sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -o 'Testing complete\. Ran [0-9]* tests:.*' | tail -1) || true
count() {
	local n
	n=$(printf '%s\n' "$line" | grep -o "$1: [0-9]*" | grep -o '[0-9]*$') || true
	echo "${n:-0}"
}
total=$(printf '%s\n' "$line" | sed -n 's/.*Ran \([0-9]*\) tests.*/\1/p')
passed=$(count passed)
failed=$(( $(count failed) + $(count crashed) + $(count errors) ))
skipped=$(count skipped)

if [ -z "$line" ]; then
	echo "kunit.sh: kunit.py produced no results (build or config failure?); see $log" >&2
	[ "$failed" -gt 0 ] || failed=1
	rc=1
elif [ "${total:-0}" -eq 0 ]; then
	echo "kunit.sh: no test ran" >&2
	[ "$failed" -gt 0 ] || failed=1
	rc=1
elif [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
	echo "kunit.sh: kunit.py failed (exit $rc); see $log" >&2
	failed=1
fi
[ "$failed" -eq 0 ] || rc=1
# Only a run that built records what it built from.
[ -z "$line" ] || printf '%s\n' "$sources" > "$stamp"
[ ! -f "$BUILD/test.log" ] || echo "kunit.sh: raw KTAP in $BUILD/test.log"
summary "$passed" "$failed" "$skipped"
exit "$rc"
