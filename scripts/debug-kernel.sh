#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The debug kernel of make check-debug: Debian's linux-source-6.12 built
# with KASAN, lockdep, UBSAN and kmemleak, the CXL stack built in, and
# trimmed to what the test VM needs (tools/testing/vm/debug-kernel.config).
#
#   scripts/debug-kernel.sh build    build unless cached; prints the tree
#   scripts/debug-kernel.sh dir      the tree's path (built or not)
#
# The tree lives in the cache, <cache>/debug-kernel/<source version>-<hash
# of the fragment and of RECIPE below>, and is a full source tree with its
# build in place: it is its own KDIR and its own source for the modules
# (make test-modules KDIR=<tree>). A finished build leaves .fwctl-built;
# a warm run only checks for it. Older trees are removed.
#
# Environment: FWCTL_CACHE (see scripts/kernel-env.sh cache), DEBUG_KERNEL_JOBS
# (default: nproc).
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
ENV="$REPO/scripts/kernel-env.sh"
FRAG="$REPO/tools/testing/vm/debug-kernel.config"
JOBS=${DEBUG_KERNEL_JOBS:-$(nproc)}
# Bump when the build steps below change in a way that needs a rebuild.
RECIPE=1

die() {
	echo "debug-kernel.sh: $*" >&2
	exit 1
}

# linux-source-6.12 as fetched into the cache (scripts/kernel-env.sh).
read -r SRC_VER TARBALL < <("$ENV" linux-source 6.12) || true
[ -n "${TARBALL:-}" ] || die "no linux-source-6.12; see the line above"

tree_dir() {
	local ver key
	ver=$SRC_VER
	key=$( (cat "$FRAG"; echo "recipe $RECIPE") | sha1sum | cut -c1-10)
	echo "$("$ENV" cache)/debug-kernel/${ver//[~:]/_}-$key"
}

# Every option the fragment sets must have survived olddefconfig: a
# dependency we missed would otherwise silently drop a sanitizer.
verify_config() {
	local line opt bad=0
	while IFS= read -r line; do
		case "$line" in
		CONFIG_*=*)
			grep -qxF "$line" .config || {
				echo "debug-kernel.sh: $line did not survive olddefconfig" >&2
				bad=1
			}
			;;
		"# CONFIG_"*" is not set")
			opt=${line#\# }
			opt=${opt%% *}
			if grep -q "^$opt=" .config; then
				echo "debug-kernel.sh: $opt is still set" >&2
				bad=1
			fi
			;;
		esac
	done <"$FRAG"
	return $bad
}

build() {
	local dir start
	dir=$(tree_dir)
	# One build at a time: a second make check-debug (another worktree,
	# a helper) waits here, then finds the tree built.
	mkdir -p "$(dirname "$dir")"
	exec 8>"$(dirname "$dir").lock"
	flock 8
	if [ -e "$dir/.fwctl-built" ]; then
		echo "debug-kernel.sh: cached: $dir" >&2
		echo "$dir"
		return
	fi
	start=$(date +%s)
	mkdir -p "$(dirname "$dir")"
	# One tree per key; an old key's tree is only disk space.
	find "$(dirname "$dir")" -mindepth 1 -maxdepth 1 ! -path "$dir" \
		-exec rm -rf {} +
	if [ ! -e "$dir/.fwctl-extracted" ]; then
		rm -rf "$dir"
		mkdir -p "$dir"
		echo "debug-kernel.sh: extracting $TARBALL" >&2
		tar -C "$dir" -xf "$TARBALL" --strip-components=1
		touch "$dir/.fwctl-extracted"
	fi
	cd "$dir"
	make -s defconfig >&2
	scripts/kconfig/merge_config.sh -m .config "$FRAG" >/dev/null
	make -s olddefconfig >&2
	verify_config || die "the configuration lost options; fix $FRAG"
	echo "debug-kernel.sh: building in $dir (make -j$JOBS)" >&2
	make -s -j"$JOBS" bzImage modules >&2 ||
		die "kernel build failed"
	make -s -j"$JOBS" modules_prepare >&2
	touch .fwctl-built
	echo "debug-kernel.sh: built in $(($(date +%s) - start)) s" >&2
	echo "$dir"
}

case "${1:-}" in
build) build ;;
dir) tree_dir ;;
*) die "usage: $0 build|dir" ;;
esac
