#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Write $OBJ/.config: "make tinyconfig" for $ARCH with the configs/
# fragments merged on top (the base variant, an unpatched tree, only
# base.config; on arm64 arm64.config and arm64-restrictedmem.config
# instead of base.config and restrictedmem.config), then "make
# olddefconfig", then check that it has every line the fragments ask for
# (check_config).
#
# The configuration is generated in a scratch directory and only copied to
# $OBJ when it differs, so kbuild rebuilds only what a change affects; it is
# regenerated only when the fragments change or a Kconfig file in the tree
# is newer than the last generation.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

if [ "$ARCH" = arm64 ]; then
	FRAGMENTS=("$TOP/configs/arm64.config" "$TOP/configs/arm64-restrictedmem.config")
else
	FRAGMENTS=("$TOP/configs/base.config")
	[ "$VARIANT" = base ] || FRAGMENTS+=("$TOP/configs/restrictedmem.config")
fi
[ "$VARIANT" != debug ] || FRAGMENTS+=("$TOP/configs/debug.config")
SCRATCH=$BUILD/kconfig-$VARIANT$ARCH_SUFFIX
STAMP=$OBJ/.config.fragments
LOG=$SCRATCH/config.log

fragments_digest() {
	{ printf '%s\n' "${FRAGMENTS[@]}"; cat "${FRAGMENTS[@]}"; } | sha256sum
}

config_is_current() {
	[ -f "$OBJ/.config" ] && [ -f "$STAMP" ] &&
		[ "$(cat "$STAMP")" = "$(fragments_digest)" ] &&
		[ -z "$(find "$TREE" -path "$TREE/.git" -prune -o \
			\( -name 'Kconfig*' -o -name 'tiny*.config' \) -newer "$STAMP" -print -quit)" ]
}

# Run "$@" with its output in $LOG, shown only if it fails.
quietly() {
	"$@" >> "$LOG" 2>&1 || { cat "$LOG" >&2; die "failed: $*"; }
}

[ -d "$TREE" ] || die "no kernel tree in $TREE: run 'make tree'"
config_is_current && exit 0

step "configuring the $VARIANT kernel: tinyconfig + ${FRAGMENTS[*]#"$TOP"/}"
mkdir -p "$SCRATCH"
: > "$LOG"
quietly kmake O="$SCRATCH" tinyconfig
quietly "$TREE/scripts/kconfig/merge_config.sh" -m -O "$SCRATCH" "$SCRATCH/.config" "${FRAGMENTS[@]}"
quietly kmake O="$SCRATCH" olddefconfig

check_config "$SCRATCH/.config" "${FRAGMENTS[@]}"

mkdir -p "$OBJ"
cmp -s "$SCRATCH/.config" "$OBJ/.config" || cp "$SCRATCH/.config" "$OBJ/.config"
fragments_digest > "$STAMP"
