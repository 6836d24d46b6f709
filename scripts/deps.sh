#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Install the Debian packages the harness needs, if any is missing.
# Quick and silent when everything is present.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

PACKAGES=(
	linux-source-6.1 xz-utils git		# the base tree
	build-essential flex bison bc libelf-dev libssl-dev ccache	# the kernel
	libcap-dev				# memfd_secret selftest
	busybox-static cpio			# the initramfs
	qemu-system-x86 python3			# boot and report
)

missing=()
for package in "${PACKAGES[@]}"; do
	[ "$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null)" = installed ] ||
		missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

step "installing ${missing[*]}"
sudo=
if [ "$(id -u)" -ne 0 ]; then
	command -v sudo >/dev/null || die "not root and no sudo: install ${missing[*]}"
	sudo=sudo
fi
$sudo apt-get update -q
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -q -y --no-install-recommends "${missing[@]}"
