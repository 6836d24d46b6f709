# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash disable=SC2034 # the variables are for the sourcing scripts
# Shared settings for the harness scripts; sourced, never run.

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BUILD:-$TOP/build}
TREE=$BUILD/linux
PATCHES=$TOP/patches
BASE_TARBALL=/usr/src/linux-source-6.1.tar.xz
BASE_TAG=base

# git am needs a committer even on a machine without git configured;
# authors come from the patches.
export GIT_COMMITTER_NAME="memfd_restricted harness"
export GIT_COMMITTER_EMAIL="harness@localhost"

die() {
	echo "error: $*" >&2
	exit 1
}

step() {
	echo ">>> $*"
}

# Build variant: "default", or "debug" (make DEBUG=1) with configs/debug.config.
VARIANT=${VARIANT:-default}
case $VARIANT in default | debug) ;; *) die "VARIANT must be default or debug, not '$VARIANT'" ;; esac
OBJ=$BUILD/obj-$VARIANT
HEADERS=$BUILD/headers
TESTS_LIST=$TOP/configs/tests
export CCACHE_DIR=${CCACHE_DIR:-$BUILD/ccache}

# make in the kernel tree for x86_64 with ccache; callers pass O=DIR.
# MAKEFLAGS is dropped so the harness's own variables (DEBUG=1, MODE=...)
# do not leak into kbuild.
kmake() {
	MAKEFLAGS='' make --no-print-directory -C "$TREE" ARCH=x86_64 CC="ccache gcc" "$@"
}

# The configs/tests entries run in mode $1 (check or run), one
# "name timeout gcc-arguments..." line each, with $TREE and $TOP expanded.
tests_for_mode() {
	local name mode timeout recipe
	while read -r name mode timeout recipe; do
		case $name in '' | '#'*) continue ;; esac
		case $mode in check | run) ;; *) die "$TESTS_LIST: $name: mode must be check or run" ;; esac
		[[ $timeout =~ ^[1-9][0-9]*$ ]] || die "$TESTS_LIST: $name: timeout must be seconds"
		[ "$mode" = "$1" ] || continue
		recipe=${recipe//\$TREE/$TREE}
		echo "$name $timeout ${recipe//\$TOP/$TOP}"
	done < "$TESTS_LIST"
}
