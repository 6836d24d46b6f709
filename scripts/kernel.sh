#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the image of the configured $VARIANT kernel in $OBJ (incremental):
# bzImage on x86_64, Image on arm64.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

step "building the $VARIANT kernel in ${OBJ#"$TOP"/}"
kmake O="$OBJ" -j"$(nproc)" "${KIMAGE##*/}"
