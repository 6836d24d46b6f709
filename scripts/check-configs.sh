#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the series ($BUILD/linux) in the configurations a distribution or
# another architecture produces (make check-configs), each from fragments
# in configs/, with the verdict "no new warning":
#
#   modules   x86_64 test config, KVM=m KVM_AMD=m KVM_INTEL=m (kvm-modules.config):
#             modpost resolves what KVM needs, and every symbol the series
#             exports from mm/ is used by a KVM module (nothing else exported)
#   kvm-off   x86_64, KVM=n: RESTRICTEDMEM off, stubs and sys_ni (kvm-off.config)
#   no-tmpfs  x86_64, TMPFS=n with KVM=y: RESTRICTEDMEM off (no-tmpfs.config)
#   i386      ARCH=i386 tinyconfig + i386.config: the 32-bit syscall entry
#   arm64     ARCH=arm64 tinyconfig + arm64-syscalls.config, cross compiled:
#             make prepare (checksyscalls.sh), mm/ and arch/arm64/kernel/
#             (the AArch32 compat table)
#   debian    Debian's amd64 config (linux-config-6.1) + debian.config:
#             make mm/ arch/x86/kvm/ (which builds virt/kvm/ too)
#
# A warning counts when it is about a file the series touches (git diff
# base..HEAD), when it is a Kconfig "unmet direct dependencies" or a
# modpost warning, or when checksyscalls.sh names memfd_restricted; other
# warnings are listed as pre-existing. Usage: check-configs.sh [NAME...]
# (default: all). Objects in $BUILD/obj-cfg-NAME, logs in
# $BUILD/logs/check-configs/.
set -euo pipefail
# x86_64 host configs; other architectures through ARCH_ARGS (lib.sh reads ARCH).
# shellcheck disable=SC2034 # read by lib.sh
ARCH=x86_64
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/gates-lib.sh"

LOGS=$BUILD/logs/check-configs
JOBS=${JOBS:-$(nproc)}
DEBIAN_CONFIG=${DEBIAN_CONFIG:-/usr/src/linux-config-6.1/config.amd64_none_amd64.xz}
ALL=(modules kvm-off no-tmpfs i386 arm64 debian)
C=$TOP/configs

[ -d "$TREE/.git" ] || die "no kernel tree in $TREE: run 'make tree'"
mkdir -p "$LOGS"
git -C "$TREE" diff --name-only "$BASE_TAG" HEAD > "$LOGS/series-files"

# Set BASE, FRAGMENTS (groups for gates_config: "+" merges the next one
# onto the .config of those before, overriding them), TARGETS and ARCH_ARGS
# for configuration $1.
describe() {
	ARCH_ARGS=() BASE=tinyconfig TARGETS=(all)
	case $1 in
	modules) FRAGMENTS=("$C/base.config" "$C/restrictedmem.config" + "$C/kvm-modules.config") ;;
	kvm-off) FRAGMENTS=("$C/base.config" + "$C/kvm-off.config") ;;
	no-tmpfs) FRAGMENTS=("$C/base.config" + "$C/no-tmpfs.config") ;;
	i386) FRAGMENTS=("$C/i386.config") ARCH_ARGS=(ARCH=i386) ;;
	arm64)
		FRAGMENTS=("$C/arm64-syscalls.config") TARGETS=(prepare mm/ arch/arm64/kernel/)
		ARCH_ARGS=(ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- "CC=ccache aarch64-linux-gnu-gcc")
		command -v aarch64-linux-gnu-gcc >/dev/null || die "aarch64-linux-gnu-gcc missing: run 'make deps'" ;;
	debian)
		[ -f "$DEBIAN_CONFIG" ] || die "$DEBIAN_CONFIG missing: run 'make deps'"
		BASE=$DEBIAN_CONFIG FRAGMENTS=("$C/debian.config") TARGETS=(mm/ arch/x86/kvm/) ;;
	*) die "unknown configuration '$1' (one of: ${ALL[*]})" ;;
	esac
}

# Every symbol the series exports from mm/ must be imported by a KVM module.
check_exports() {
	local obj=$1 sym users bad=0 ko
	echo "    exported by the series (Module.symvers):"
	while read -r sym; do
		users=$(for ko in "$obj"/arch/x86/kvm/*.ko; do
			nm -u "$ko" | grep -w "$sym" >/dev/null && basename "$ko"
		done | xargs)
		awk -v s="$sym" '$2 == s { printf "      %-36s %-28s %s", $2, $3, $4 }' "$obj/Module.symvers"
		echo "   used by: ${users:-NOTHING}"
		case $sym:$users in
		*:) bad=1 ;;
		esac
	done < <(git -C "$TREE" diff "$BASE_TAG" HEAD -- '*.c' |
		sed -n 's/^+EXPORT_SYMBOL[A-Z_]*(\([a-z0-9_]*\));$/\1/p' | sort)
	return $bad
}

failed=()
for name in "${@:-${ALL[@]}}"; do
	describe "$name"
	obj=$BUILD/obj-cfg-$name
	start=$SECONDS
	step "$name: ${BASE##*/} + ${FRAGMENTS[*]##*/} ${ARCH_ARGS[*]}; make ${TARGETS[*]}"
	gates_config "$TREE" "$obj" "$BASE" "${FRAGMENTS[@]}"
	cp "$obj/config.log" "$LOGS/$name.config.log"
	verdict=ok
	if ! tmake "$TREE" O="$obj" -j"$JOBS" "${TARGETS[@]}" > "$LOGS/$name.build.log" 2>&1; then
		verdict=FAIL
		grep -E ': error:|Error [0-9]|undefined' "$LOGS/$name.build.log" | sed -n '1,10s/^/    /p'
	fi
	diagnostics "$LOGS/$name.config.log" "$LOGS/$name.build.log" > "$LOGS/$name.diagnostics"
	{ about_files "$LOGS/series-files" < "$LOGS/$name.diagnostics"
	  grep -E '^(WARNING|ERROR): |memfd_restricted' "$LOGS/$name.diagnostics" || true
	} | sort -u > "$LOGS/$name.new"
	# (kconfig's "override: X changes choice state": a fragment overriding
	# tinyconfig's choice, as asked)
	new_lines "$LOGS/$name.new" "$LOGS/$name.diagnostics" |
		grep -v '^\.config: warning: override: ' > "$LOGS/$name.other" || true
	if [ -s "$LOGS/$name.new" ]; then
		verdict=FAIL
		sed 's/^/    new: /' "$LOGS/$name.new"
	fi
	[ ! -s "$LOGS/$name.other" ] || sed 's/^/    not in a file of the series: /' "$LOGS/$name.other"
	syscalls=$(grep -c 'warning: #warning syscall' "$LOGS/$name.build.log" || true)
	echo "    checksyscalls.sh: $syscalls warning(s)$(grep -q 'CALL.*checksyscalls' "$LOGS/$name.build.log" || echo ' (not run: prepare was up to date)')"
	grep -E '^CONFIG_(KVM|KVM_AMD|KVM_INTEL|HAVE_KVM_RESTRICTED_MEM|RESTRICTEDMEM[A-Z_]*|KVM_SW_PROTECTED_VM|TMPFS)=' "$obj/.config" |
		xargs echo "    config:"
	if [ "$name" = modules ] && [ $verdict = ok ]; then
		check_exports "$obj" || { verdict=FAIL; echo "    an export of the series is used by no module"; }
	fi
	echo "$verdict $name ($((SECONDS - start)) s; logs $LOGS/$name.*)"
	[ $verdict = ok ] || failed+=("$name")
done

[ ${#failed[@]} -eq 0 ] || { echo "check-configs: FAIL: ${failed[*]}"; exit 1; }
echo "check-configs: OK"
