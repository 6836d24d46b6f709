#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the bzImage of the configured $VARIANT kernel in $OBJ (incremental).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

step "building the $VARIANT kernel in ${OBJ#"$TOP"/}"
kmake O="$OBJ" -j"$(nproc)" bzImage
