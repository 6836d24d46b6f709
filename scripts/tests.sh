#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the programs $TESTS_LIST (configs/tests) lists for mode $1 (check,
# run, bench, stress, fuzz or kvm-compare) as static binaries in $TESTS_BIN (build/tests/),
# against the tree's uapi headers (installed to build/headers). A recipe
# "kvm:PROGRAM" is a program of the tree's KVM selftests Makefile, built
# with its library (kvm_selftests_make in lib.sh); any other recipe is gcc
# arguments. On arm64 the programs are cross compiled (aarch64-linux-gnu-gcc).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

mode=${1:?usage: tests.sh check|run|bench|stress|fuzz|kvm-compare}
entries=$(tests_for_mode "$mode")
[ -n "$entries" ] || die "${TESTS_LIST#"$TOP"/} has no $mode programs"

install_headers
mkdir -p "$TESTS_BIN"

kvm_programs=()
while read -r name _ recipe; do
	case $recipe in kvm:*)
		[ "$ARCH" = x86_64 ] || die "${TESTS_LIST#"$TOP"/}: $name: KVM selftests are x86_64 only (mode check:x86_64)"
		kvm_programs+=("$(kvm_program "$recipe")"); continue ;;
	esac
	read -ra args <<< "$recipe"
	for arg in "${args[@]}"; do
		[ "${arg:0:1}" = - ] || [ -f "$arg" ] ||
			die "${TESTS_LIST#"$TOP"/}: $name: $arg does not exist"
	done
	step "building $name"
	"${CROSS_COMPILE}gcc" -static -O2 -g -Wall -pthread -I "$HEADERS/include" \
		-I "$TREE/tools/testing/selftests" -o "$TESTS_BIN/$name" \
		"$TOP/scripts/line-buffered.c" "${args[@]}"
done <<< "$entries"

if [ ${#kvm_programs[@]} -gt 0 ]; then
	step "building ${#kvm_programs[@]} KVM selftest(s) (log: ${KVM_SELFTESTS_OUT#"$BUILD"/}.log)"
	kvm_selftests_make "${kvm_programs[@]}" > "$KVM_SELFTESTS_OUT.log" 2>&1 ||
		{ cat "$KVM_SELFTESTS_OUT.log" >&2; die "the KVM selftests do not build"; }
	while read -r name _ recipe; do
		[ "${recipe#kvm:}" = "$recipe" ] || cp "$KVM_SELFTESTS_OUT/$(kvm_program "$recipe")" "$TESTS_BIN/$name"
	done <<< "$entries"
fi
