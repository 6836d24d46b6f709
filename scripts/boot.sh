#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Boot the $VARIANT kernel with the initramfs of mode $1 (check, run or
# kvm-compare) in QEMU, then judge the run with report.py. The kernel
# console (ttyS0) goes to build/logs/$VARIANT-$1-kernel.log; /init's output
# (ttyS1) to the terminal and build/logs/$VARIANT-$1-tests.log; the verdict
# of each program to build/logs/$VARIANT-$1-results.tsv. BOOT_TIMEOUT=seconds
# overrides the limit on the whole run.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

mode=${1:?usage: boot.sh check|run|kvm-compare}
logs=$BUILD/logs/$VARIANT-$mode
default_limit=900
[ "$VARIANT" != debug ] || default_limit=2700	# KASAN, lockdep: slower
[ "$mode" != kvm-compare ] || default_limit=5400	# ~65 KVM selftests under TCG
limit=${BOOT_TIMEOUT:-$default_limit}

mkdir -p "$BUILD/logs"
step "booting the $VARIANT kernel in QEMU (limit ${limit}s); kernel log: ${logs#"$TOP"/}-kernel.log"
status=0
timeout -k 10 "$limit" qemu-system-x86_64 \
	-accel tcg -cpu max -smp 2 -m 2G \
	-nographic -no-reboot -monitor none -nic none \
	-serial "file:$logs-kernel.log" -serial stdio \
	-kernel "$OBJ/arch/x86/boot/bzImage" -initrd "$BUILD/initramfs-$mode.cpio.gz" \
	-append "console=ttyS0 panic=-1 secretmem.enable=1" \
	< /dev/null | tee "$logs-tests.log" || status=$?
case $status in
0) step "the VM ran for ${SECONDS}s" ;;
124) echo "the VM did not finish in ${limit}s: killed" >&2 ;;
*) echo "QEMU failed with status $status" >&2 ;;
esac
exec "$TOP/scripts/report.py" --results "$logs-results.tsv" "$logs-kernel.log" "$logs-tests.log"
