#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# /init of the test VM (busybox sh). Runs each program of /tests.list
# ("name timeout [arg...]" lines), with its arguments, under its timeout
# and reports on the second serial port (ttyS1; the kernel log stays on
# ttyS0), or on the device named by tests_tty=DEVICE on the kernel command
# line (arm64: hvc0, a virtio console), in KTAP: each program is a subtest
# whose own output, kselftest TAP or plain text, is indented by four
# spaces; its result line comes from its exit status. Then powers off.
export PATH=/bin

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/shm
mount -t tmpfs tmpfs /dev/shm
mount -t tmpfs tmpfs /tmp
mount -t debugfs debugfs /sys/kernel/debug
mount -t cgroup2 cgroup2 /sys/fs/cgroup

tty=/dev/${tests_tty:-ttyS1}	# tests_tty: from the kernel command line
exec > "$tty" 2>&1 < /dev/null
stty -F "$tty" -onlcr	# plain \n line ends in the log
# shellcheck disable=SC3040 # busybox ash has pipefail
set -o pipefail

# Where the threads of process group $1 are: state, kernel wait channel,
# system call (/proc/PID/syscall: number and arguments) and kernel stack,
# as KTAP comments; and every CPU's backtrace and the blocked tasks in the
# kernel log (sysrq l, w). Run just before a test's timeout, so that a
# hang is a report of where it hangs, not only a timeout.
dump_group() {
	echo "# $1 seconds passed: where the test's threads are"
	for stat in /proc/[0-9]*/task/[0-9]*/stat; do
		dir=${stat%/stat}
		read -r _ comm state _ pgrp _ < "$stat" 2> /dev/null || continue
		[ "$pgrp" = "$2" ] || continue
		echo "# ${dir#/proc/} $comm $state wchan=$(cat "$dir/wchan" 2> /dev/null) syscall=$(cat "$dir/syscall" 2> /dev/null)"
		sed 's/^/#   /' "$dir/stack" 2> /dev/null
	done
	[ -w /proc/sysrq-trigger ] && echo l > /proc/sysrq-trigger && echo w > /proc/sysrq-trigger
}

# Run /tests/$1 with the arguments after $2 for at most $2 seconds in a
# session, so a process group, of its own: 2 s before the timeout its
# threads are dumped (dump_group), at the timeout it gets SIGTERM, and
# SIGKILL 10 s later if it is still there (busybox timeout -k). Then
# whatever is left of its group (children, timeout's watcher) is killed
# too, so that nothing outlives the test or keeps its output pipe open.
# The status is the test's.
run_test() {
	program=/tests/$1 limit=$2
	shift 2
	setsid timeout -k 10 "$limit" "$program" "$@" 2>&1 < /dev/null &
	pid=$!
	# The sleep must not hold the output pipe open once the watcher is
	# killed: the test's output would not end before the sleep did.
	(sleep $((limit > 4 ? limit - 2 : limit)) > /dev/null 2>&1 &&
		dump_group $((limit - 2)) "$pid") &
	watcher=$!
	wait "$pid" 2> /dev/null	# no "Killed" from the shell
	status=$?
	kill -KILL "$watcher" 2> /dev/null
	kill -KILL -- "-$pid" 2> /dev/null
	return "$status"
}

echo "KTAP version 1"
echo "1..$(wc -l < /tests.list)"
echo "# $(uname -sr), $(nproc) CPUs"
number=0
while read -r name timeout args; do
	number=$((number + 1))
	echo "    # Subtest: $name"
	# shellcheck disable=SC2086 # the arguments are words
	run_test "$name" "$timeout" $args |
		awk '{ print "    " $0; fflush() }'	# indent, unbuffered
	status=$?
	case $status in
	0) echo "ok $number $name" ;;
	4) echo "ok $number $name # SKIP" ;;	# KSFT_SKIP
	143 | 137) echo "not ok $number $name # TIMEOUT after ${timeout}s" ;;	# timeout's SIGTERM or SIGKILL
	*) echo "not ok $number $name # exit status $status" ;;
	esac
done < /tests.list

# Closing the port's last open file waits until the UART has sent all of
# it: without this, the last result line can be lost to the power off.
exec > /dev/null 2>&1
poweroff -f
