#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Pack build/initramfs-$1.cpio.gz for mode $1 (check, run, bench, stress,
# fuzz or kvm-compare): busybox, scripts/init.sh as /init, the mode's programs from
# $TESTS_BIN (build/tests/) and /tests.list ("name timeout [arg...]"
# lines, in $TESTS_LIST order) for /init. On arm64:
# build/initramfs-$1-arm64.cpio.gz, with the arm64 busybox of deps.sh,
# whose applets (same version) are the host's.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

mode=${1:?usage: initramfs.sh check|run|bench|stress|fuzz|kvm-compare}
root=$BUILD/initramfs-$mode$ARCH_SUFFIX
busybox=/bin/busybox
[ "$ARCH" = x86_64 ] || busybox=$BUSYBOX_ARM64
[ -x "$busybox" ] || die "$busybox missing: run 'make deps ARCH=$ARCH'"
entries=$(tests_for_mode "$mode")

step "packing ${root#"$TOP"/}.cpio.gz"
rm -rf "$root"
mkdir -p "$root"/{bin,dev,proc,sys,tmp,tests}
cp "$busybox" "$root/bin/busybox"
for applet in $(/bin/busybox --list); do
	[ "$applet" = busybox ] || ln -s busybox "$root/bin/$applet"
done
install -m 755 "$TOP/scripts/init.sh" "$root/init"
while read -r name timeout recipe; do
	cp "$TESTS_BIN/$name" "$root/tests/"
	echo "$name $timeout $(run_args "$recipe")" >> "$root/tests.list"
done <<< "$entries"
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) | gzip -6 > "$root.cpio.gz"
