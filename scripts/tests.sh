#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the programs configs/tests lists for mode $1 (check or run) as
# static binaries in build/tests/, against the tree's uapi headers
# (installed to build/headers).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

mode=${1:?usage: tests.sh check|run}
entries=$(tests_for_mode "$mode")
[ -n "$entries" ] || die "${TESTS_LIST#"$TOP"/} has no $mode programs"

step "installing the tree's uapi headers to ${HEADERS#"$TOP"/}"
kmake -s O="$BUILD/obj-headers" INSTALL_HDR_PATH="$HEADERS" headers_install

mkdir -p "$BUILD/tests"
while read -r name _ recipe; do
	read -ra args <<< "$recipe"
	for arg in "${args[@]}"; do
		[ "${arg:0:1}" = - ] || [ -f "$arg" ] ||
			die "${TESTS_LIST#"$TOP"/}: $name: $arg does not exist"
	done
	step "building $name"
	gcc -static -O2 -g -Wall -pthread -I "$HEADERS/include" \
		-I "$TREE/tools/testing/selftests" -o "$BUILD/tests/$name" \
		"$TOP/scripts/line-buffered.c" "${args[@]}"
done <<< "$entries"
