#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Boot the $VARIANT kernel with the initramfs of mode $1 (check, run, bench,
# stress, fuzz or kvm-compare) in QEMU, then judge the run with report.py.
# The kernel console (ttyS0) goes to build/logs/$VARIANT-$1-kernel.log;
# /init's output (ttyS1) to the terminal and build/logs/$VARIANT-$1-tests.log;
# the verdict of each program to build/logs/$VARIANT-$1-results.tsv.
# BOOT_TIMEOUT=seconds overrides the limit on the whole run (stress and fuzz:
# the limit of the other modes plus DURATION). ARCH=arm64: QEMU's "virt" machine,
# kernel log on its PL011 (ttyAMA0), /init's output on a virtio console
# (hvc0), logs build/logs/$VARIANT-$1-arm64-*.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

mode=${1:?usage: boot.sh check|run|bench|stress|fuzz|kvm-compare}
logs=$BUILD/logs/$VARIANT-$mode$ARCH_SUFFIX
default_limit=900 hung_task=''
if [ "$VARIANT" = debug ]; then	# KASAN, lockdep: ~3x slower
	default_limit=2700
	# base.config's CONFIG_DEFAULT_HUNG_TASK_TIMEOUT (60 s), tripled too
	hung_task=sysctl.kernel.hung_task_timeout_secs=180
fi
[ "$mode" != kvm-compare ] || default_limit=5400	# ~65 KVM selftests under TCG
case $mode in stress | fuzz) default_limit=$((default_limit + DURATION)) ;; esac
limit=${BOOT_TIMEOUT:-$default_limit}

# The machine, the port of /init's output (after the kernel's) and the
# console arguments. "virt" has a single non-secure PL011: /init writes
# to a virtio console (one port, so no multiport: hvc0 exists when /init
# starts), named by tests_tty= on the kernel command line.
case $ARCH in
x86_64)
	machine=(qemu-system-x86_64 -accel tcg -cpu max)
	tests_port=(-serial stdio)
	console=console=ttyS0 ;;
arm64)
	machine=(qemu-system-aarch64 -M virt -accel tcg -cpu max)
	tests_port=(-device "virtio-serial-device,max_ports=1"
		-chardev "stdio,id=tests" -device "virtconsole,chardev=tests")
	console="console=ttyAMA0 tests_tty=hvc0" ;;
esac

# A vCPU thread starved by a busy host for RCU's default 21 s, or for the
# soft-lockup detector's 20 s (2 * watchdog_thresh), is not a kernel bug;
# a real stall or lockup still shows after 120 s, or as the timeout.
watchdogs="rcupdate.rcu_cpu_stall_timeout=120 watchdog_thresh=60 $hung_task"

# Memory: 2G, and 4G for make kvm-compare, so that the top of RAM is a
# multiple of 64 pages. With 2G the firmware's last 128K leave the last
# 64-page chunk of /sys/kernel/mm/page_idle/bitmap partial, which the
# kernel reads as empty: access_tracking_perf_test then fails whenever a
# page of its guest lands there, as boot-time allocations decide (it
# failed on either kernel, depending on whether KUnit ran at boot).
memory=2G
[ "$mode" != kvm-compare ] || memory=4G

mkdir -p "$BUILD/logs"
step "booting the $VARIANT kernel in QEMU (limit ${limit}s); kernel log: ${logs#"$TOP"/}-kernel.log"
status=0
timeout -k 10 "$limit" "${machine[@]}" -smp 2 -m $memory \
	-nographic -no-reboot -monitor none -nic none \
	-serial "file:$logs-kernel.log" "${tests_port[@]}" \
	-kernel "$OBJ/$KIMAGE" -initrd "$BUILD/initramfs-$mode$ARCH_SUFFIX.cpio.gz" \
	-append "$console panic=-1 secretmem.enable=1 $watchdogs" \
	< /dev/null | tee "$logs-tests.log" || status=$?
case $status in
0) step "the VM ran for ${SECONDS}s" ;;
124) echo "the VM did not finish in ${limit}s: killed" >&2 ;;
*) echo "QEMU failed with status $status" >&2 ;;
esac
exec "$TOP/scripts/report.py" --results "$logs-results.tsv" "$logs-kernel.log" "$logs-tests.log"
