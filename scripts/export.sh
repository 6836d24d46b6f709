#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Export base..HEAD of the kernel tree as git format-patch files into
# patches/ (or --to DIR), rewrite the quilt-style series file, and
# regenerate the cover letter 0000-cover-letter.patch (not in series).
# Re-exporting an unchanged tree changes no file.
#
# The cover letter's subject and text are kept from patches/ (edit them
# there); its header, shortlog, diffstat and base are generated.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

out=$PATCHES
[ "${1:-}" = --to ] && out=$2
COVER=0000-cover-letter.patch

# The subject (without "[PATCH 00/N] ") and the text of the current cover
# letter: the lines after its header up to the shortlog ("Author (N):").
cover_subject() {
	sed -n 's/^Subject: \[PATCH [0-9]*\/[0-9]*\] //p' "$PATCHES/$COVER" 2>/dev/null |
		grep . || echo '*** SUBJECT HERE ***'
}

cover_text() {
	[ -f "$PATCHES/$COVER" ] || { printf '*** BLURB HERE ***\n\n'; return; }
	awk 'body && /^[^ ].* \([0-9]+\):$/ { exit } body { print } /^$/ { body = 1 }' \
		"$PATCHES/$COVER"
}

# format-patch's own cover letter is dated now; this one takes the date of
# the last patch, so that an unchanged series gives an unchanged file.
write_cover() {
	local n subject text
	n=$(git rev-list --count "$BASE_TAG"..HEAD)
	subject=$(cover_subject)
	text=$(cover_text)
	{
		echo "From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001"
		git log -1 --format='From: %an <%ae>%nDate: %aD' HEAD
		printf 'Subject: [PATCH %0*d/%d] %s\n\n' ${#n} 0 "$n" "$subject"
		printf '%s\n\n' "$text"
		git shortlog "$BASE_TAG"..HEAD
		git diff --stat=72 --summary "$BASE_TAG" HEAD
		echo
		echo "Base: $(git log -1 --format=%s "$BASE_TAG"), as the tag \"$BASE_TAG\" of scripts/tree.sh:"
		echo "base-commit: $(git rev-parse "$BASE_TAG")"
		echo "-- "
	} > "$1"
}

cd "$TREE"
[ -z "$(git status --porcelain --untracked-files=no)" ] ||
	echo "warning: uncommitted changes in $TREE are not exported" >&2
mkdir -p "$out"
write_cover "$out/$COVER.new"
rm -f "$out"/*.patch
mv "$out/$COVER.new" "$out/$COVER"
git -c core.abbrev=12 format-patch -q --zero-commit --no-signature \
	--no-cover-letter -o "$out" "$BASE_TAG"..HEAD
(cd "$out" && ls *.patch 2>/dev/null | grep -vx "$COVER" || true) > "$out/series"
[ "$out" != "$PATCHES" ] || echo "exported $(wc -l < "$out/series") patch(es) and $COVER to patches/"
