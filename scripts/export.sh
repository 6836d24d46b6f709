#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Export base..HEAD of the kernel tree as git format-patch files into
# patches/ (or --to DIR) and rewrite the quilt-style series file.
# Re-exporting an unchanged tree changes no file.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

out=$PATCHES
[ "${1:-}" = --to ] && out=$2

cd "$TREE"
[ -z "$(git status --porcelain --untracked-files=no)" ] ||
	echo "warning: uncommitted changes in $TREE are not exported" >&2
mkdir -p "$out"
rm -f "$out"/*.patch
git -c core.abbrev=12 format-patch -q --zero-commit --no-signature \
	--no-cover-letter -o "$out" "$BASE_TAG"..HEAD
(cd "$out" && ls *.patch 2>/dev/null || true) > "$out/series"
[ "$out" != "$PATCHES" ] || echo "exported $(wc -l < "$out/series") patch(es) to patches/"
