#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Install the Debian packages the harness needs, if any is missing.
# Quick and silent when everything is present. ARCH=arm64 adds the cross
# toolchain, qemu-system-aarch64 and the arm64 libcap for static test
# programs (dpkg architecture arm64), and unpacks Debian's arm64
# busybox-static, of the host's busybox-static version, to $BUSYBOX_ARM64.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

PACKAGES=(
	linux-source-6.1 xz-utils git		# the base tree
	build-essential flex bison bc libelf-dev libssl-dev ccache	# the kernel
	libcap-dev				# memfd_secret selftest
	busybox-static cpio			# the initramfs
	rsync					# headers_install
	qemu-system-x86 python3			# boot and report
	sparse python3-ply python3-git		# check-series (checkpatch SPDX checks)
	gcc-aarch64-linux-gnu linux-config-6.1	# check-configs (arm64, Debian's config)
)
[ "$ARCH" != arm64 ] || PACKAGES+=(
	libc6-dev-arm64-cross qemu-system-arm	# make ARCH=arm64 check
	libcap-dev:arm64			# memfd_secret selftest, static arm64
)

# Debian's arm64 busybox-static of the host's version: initramfs.sh lists
# its applets with the host's busybox.
fetch_busybox_arm64() {
	local version tmp=$BUILD/busybox-arm64.tmp
	[ "$ARCH" = arm64 ] && [ ! -x "$BUSYBOX_ARM64" ] || return 0
	version=$(dpkg-query -W -f='${Version}' busybox-static)
	step "fetching busybox-static:arm64 $version to ${BUSYBOX_ARM64#"$BUILD"/}"
	rm -rf "$tmp"
	mkdir -p "$tmp"
	(cd "$tmp" && apt-get download -q "busybox-static:arm64=$version") ||
		die "no busybox-static:arm64 $version (the host's version) in the apt sources"
	dpkg-deb -x "$tmp"/busybox-static_*_arm64.deb "$tmp/root"
	install -D -m 755 "$tmp/root/bin/busybox" "$BUSYBOX_ARM64"
	rm -rf "$tmp"
}

# Whether PACKAGE[:ARCH] is installed: for the native architecture (or
# "all") unless ARCH is given (with dpkg architecture arm64 added, a plain
# name can match both).
is_installed() {
	local arch
	arch=$(dpkg --print-architecture)
	case $1 in *:*) arch=${1#*:} ;; esac
	dpkg-query -W -f='${db:Status-Status} ${Architecture}\n' "$1" 2>/dev/null |
		grep -xE "installed ($arch|all)" >/dev/null
}

missing=()
for package in "${PACKAGES[@]}"; do
	is_installed "$package" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && { fetch_busybox_arm64; exit 0; }

step "installing ${missing[*]}"
sudo=
if [ "$(id -u)" -ne 0 ]; then
	command -v sudo >/dev/null || die "not root and no sudo: install ${missing[*]}"
	sudo=sudo
fi
if [ "$ARCH" = arm64 ] && ! dpkg --print-foreign-architectures | grep -x arm64 >/dev/null; then
	$sudo dpkg --add-architecture arm64
fi
# (a new machine's apt-daily may hold the lock for a while)
apt=(apt-get -q -o DPkg::Lock::Timeout=600)
$sudo "${apt[@]}" update
DEBIAN_FRONTEND=noninteractive $sudo "${apt[@]}" install -y --no-install-recommends "${missing[@]}"
fetch_busybox_arm64
