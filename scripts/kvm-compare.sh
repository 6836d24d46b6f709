#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make kvm-compare: run every stock x86_64 KVM selftest (TEST_GEN_PROGS_x86_64
# of tools/testing/selftests/kvm) in the test VM on the unpatched base kernel
# and on the patched kernel, and compare (scripts/compare.py): no program
# that passes on the base may fail with the series.
#
# The only variable is the kernel. Both kernels are configured from the same
# fragments, except that the base (tag "base", checked out as a git
# worktree in build/base/linux, built in build/obj-base) has no
# configs/restrictedmem.config: its symbols do not exist there. Both boot
# the same initramfs, whose programs are built once from the base tree:
# they are the stock tests, untouched by the series (which may change the
# KVM selftest library), against the base uapi headers, i.e. existing
# userspace, which the patched kernel must keep serving.
#
# A program that does not build is reported as such on both sides;
# KVM_TEST_TIMEOUT=seconds (default 300) limits each program.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ "$VARIANT" = default ] || die "kvm-compare compares the default kernel with the base, not the $VARIANT one"
out=$BUILD/kvm-compare
timeout=${KVM_TEST_TIMEOUT:-300}
export TESTS_LIST=$out/tests
mkdir -p "$out"

# The base tree: a worktree of build/linux at the tag "base".
base_tree=$BUILD/base/linux
if [ "$(git -C "$base_tree" rev-parse HEAD 2>/dev/null)" != "$(git -C "$TREE" rev-parse "$BASE_TAG^{commit}")" ]; then
	step "checking out the tag $BASE_TAG in ${base_tree#"$TOP"/}"
	rm -rf "$base_tree"
	git -C "$TREE" worktree prune
	git -C "$TREE" worktree add -q --detach "$base_tree" "$BASE_TAG"
fi

VARIANT=base "$TOP/scripts/config.sh"
VARIANT=base "$TOP/scripts/kernel.sh"
changed=$({ diff <(grep '^CONFIG_' "$BUILD/obj-base/.config") <(grep '^CONFIG_' "$OBJ/.config") || true; } |
	sed -n 's/^</  base:   /p; s/^>/  patched:/p')
step "the two kernel configurations differ in:"
echo "${changed:-  nothing}"

# The stock selftests, built from the base tree; -k: one that does not
# build must not hide the others.
(
	VARIANT=base
	. "$TOP/scripts/lib.sh"
	install_headers
	read -ra programs <<< "$(kvm_selftests_variable TEST_GEN_PROGS_x86_64)"
	step "building the ${#programs[@]} stock x86_64 KVM selftests of ${TREE#"$BUILD"/} (log: ${out#"$BUILD"/}/build.log)"
	kvm_selftests_make -k "${programs[@]}" > "$out/build.log" 2>&1 || true
	: > "$out/programs"
	: > "$TESTS_LIST"
	for program in "${programs[@]}"; do
		name=${program##*/}
		if [ -x "$KVM_SELFTESTS_OUT/$program" ]; then
			echo "$name	built" >> "$out/programs"
			echo "$name kvm-compare $timeout kvm:$program" >> "$TESTS_LIST"
		else
			echo "$name	does not build" >> "$out/programs"
			# again alone, for a log of its own
			kvm_selftests_make "$program" > "$out/$name.build.log" 2>&1 || true
			echo "$program does not build: $(grep -m1 -E 'error:|undefined reference' "$out/$name.build.log")"
		fi
	done
)
VARIANT=base "$TOP/scripts/tests.sh" kvm-compare
VARIANT=base "$TOP/scripts/initramfs.sh" kvm-compare

# Failing programs are expected on both kernels: the verdict is the
# comparison, from the two runs' results.
for variant in base default; do
	step "running them on the $variant kernel; output: ${out#"$TOP"/}/$variant.report"
	VARIANT=$variant "$TOP/scripts/boot.sh" kvm-compare > "$out/$variant.report" ||
		echo "(report.py counted failures on the $variant kernel: ${out#"$TOP"/}/$variant.report)"
done
step "stock KVM selftests: base kernel vs. patched kernel"
exec "$TOP/scripts/compare.py" "$out/programs" \
	"$BUILD/logs/base-kvm-compare-results.tsv" "$BUILD/logs/default-kvm-compare-results.tsv"
