# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash disable=SC2034 # the variables are for the sourcing scripts
# Shared settings for the harness scripts; sourced, never run.

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BUILD:-$TOP/build}
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

# Build variant: "default", or "debug" (make DEBUG=1) with configs/debug.config,
# both of the series in $BUILD/linux; or "base" (scripts/kvm-compare.sh only):
# the unpatched tag "base" checked out in $BUILD/base/linux.
# TREE_OUT holds what is built from the tree outside the kernel's $OBJ: uapi
# headers, KVM selftest objects, test binaries.
VARIANT=${VARIANT:-default}
case $VARIANT in
default | debug) TREE=$BUILD/linux TREE_OUT=$BUILD ;;
base) TREE=$BUILD/base/linux TREE_OUT=$BUILD/base ;;
*) die "VARIANT must be default, debug or base, not '$VARIANT'" ;;
esac
OBJ=$BUILD/obj-$VARIANT
HEADERS=$TREE_OUT/headers
TESTS_BIN=$TREE_OUT/tests
KVM_SELFTESTS=$TREE/tools/testing/selftests/kvm
KVM_SELFTESTS_OUT=$TREE_OUT/kvm-selftests
# configs/tests, or the list scripts/kvm-compare.sh generates
TESTS_LIST=${TESTS_LIST:-$TOP/configs/tests}
export CCACHE_DIR=${CCACHE_DIR:-$BUILD/ccache}

# make in the kernel tree for x86_64 with ccache; callers pass O=DIR.
# MAKEFLAGS is dropped so the harness's own variables (DEBUG=1, MODE=...)
# do not leak into kbuild.
kmake() {
	MAKEFLAGS='' make --no-print-directory -C "$TREE" ARCH=x86_64 CC="ccache gcc" "$@"
}

# Install the tree's uapi headers to $HEADERS (incremental).
install_headers() {
	step "installing the uapi headers of ${TREE#"$BUILD"/} to ${HEADERS#"$BUILD"/}"
	kmake -s O="$TREE_OUT/obj-headers" INSTALL_HDR_PATH="$HEADERS" headers_install
}

# make in the tree's KVM selftests (tools/testing/selftests/kvm): targets
# are given as programs of its Makefile (x86_64/cpuid_test) and built in
# $KVM_SELFTESTS_OUT, linked statically, against $HEADERS and with
# line-buffered.c. Options (-k) pass through. LDFLAGS and LDLIBS come
# from the environment so that the Makefile's own "+=" keep theirs.
kvm_selftests_make() {
	local options=() targets=() arg
	for arg; do
		case $arg in -*) options+=("$arg") ;; *) targets+=("$KVM_SELFTESTS_OUT/$arg") ;; esac
	done
	mkdir -p "$KVM_SELFTESTS_OUT"
	gcc -c -O2 -o "$KVM_SELFTESTS_OUT/line-buffered.o" "$TOP/scripts/line-buffered.c"
	MAKEFLAGS='' LDFLAGS=-static LDLIBS="$KVM_SELFTESTS_OUT/line-buffered.o" \
	make --no-print-directory -C "$KVM_SELFTESTS" -j"$(nproc)" ARCH=x86_64 \
		CC="ccache gcc" OUTPUT="$KVM_SELFTESTS_OUT" INSTALL_HDR_PATH="$HEADERS" \
		KHDR_INCLUDES="-isystem $HEADERS/include" "${options[@]}" "${targets[@]}"
}

# Print the value of variable $1 of the KVM selftests Makefile.
kvm_selftests_variable() {
	MAKEFLAGS='' make --no-print-directory -s -C "$KVM_SELFTESTS" ARCH=x86_64 \
		OUTPUT="$KVM_SELFTESTS_OUT" --eval="print-$1: ; @echo \$($1)" "print-$1"
}

# The $TESTS_LIST entries run in mode $1 (check, run or kvm-compare), one
# "name timeout recipe" line each, with $TREE and $TOP expanded.
tests_for_mode() {
	local name mode timeout recipe
	while read -r name mode timeout recipe; do
		case $name in '' | '#'*) continue ;; esac
		case $mode in check | run | kvm-compare) ;; *) die "$TESTS_LIST: $name: mode must be check, run or kvm-compare" ;; esac
		[[ $timeout =~ ^[1-9][0-9]*$ ]] || die "$TESTS_LIST: $name: timeout must be seconds"
		[ "$mode" = "$1" ] || continue
		recipe=${recipe//\$TREE/$TREE}
		echo "$name $timeout ${recipe//\$TOP/$TOP}"
	done < "$TESTS_LIST"
}
