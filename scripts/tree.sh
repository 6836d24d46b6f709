#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Unpack the Debian linux-source-6.1 tarball into a git tree and apply
# patches/series on top of the tag "base", one commit per patch.
#
# An existing tree is only rewritten when that cannot lose work: every
# commit in base..HEAD must already be exported to patches/ (or be the
# series as last applied by this script), and the work tree must be clean.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

APPLIED_MARK=$TREE/.git/series-applied

series_files() {
	grep -v '^\s*\(#\|$\)' "$PATCHES/series" | sed "s|^|$PATCHES/|"
}

series_digest() {
	(cat "$PATCHES/series"; series_files | xargs -r cat) | sha256sum | cut -d' ' -f1
}

create_base() {
	local tmp=$BUILD/unpack.$$

	step "unpacking $BASE_TARBALL"
	[ -f "$BASE_TARBALL" ] || die "$BASE_TARBALL missing: run 'make deps'"
	rm -rf "$tmp"
	mkdir -p "$tmp"
	tar -C "$tmp" -xf "$BASE_TARBALL"
	mv "$tmp"/linux-source-6.1 "$TREE"
	rmdir "$tmp"

	cd "$TREE"
	# Debian's top-level .gitignore ends in "/*" (ignore everything at the
	# top level), which would hide every file we add: drop that rule.
	sed -i '/^# Debian packaging: ignore everything/,$d' .gitignore
	git init -q -b master
	git add -A --force	# also the dotfiles (".*" in .gitignore)
	GIT_AUTHOR_NAME=$GIT_COMMITTER_NAME GIT_AUTHOR_EMAIL=$GIT_COMMITTER_EMAIL \
	GIT_AUTHOR_DATE="2000-01-01T00:00:00Z" GIT_COMMITTER_DATE="2000-01-01T00:00:00Z" \
		git commit -q -m "Linux $(base_version) (Debian linux-source-6.1 $(debian_version))"
	git tag "$BASE_TAG"
}

base_version() {
	make -s -C "$TREE" kernelversion 2>/dev/null
}

debian_version() {
	dpkg-query -W -f='${Version}' linux-source-6.1 2>/dev/null || echo unknown
}

# True when the tree's commits are exactly what patches/ holds.
tree_matches_patches() {
	local out=$BUILD/export-check

	rm -rf "$out"
	"$TOP/scripts/export.sh" --to "$out" >/dev/null
	diff -qr "$out" "$PATCHES" >/dev/null
}

apply_series() {
	cd "$TREE"
	git reset -q --hard "$BASE_TAG"
	if [ -n "$(series_files)" ]; then
		step "applying $(series_files | wc -l) patch(es) from patches/series"
		series_files | xargs git am -q --keep-cr ||
			die "a patch does not apply; fix it in $TREE (git am --show-current-patch)"
	fi
	echo "$(series_digest) $(git rev-parse HEAD)" > "$APPLIED_MARK"
}

if [ ! -d "$TREE/.git" ]; then
	create_base
	apply_series
fi
cd "$TREE"
[ -z "$(git status --porcelain --untracked-files=no)" ] ||
	die "$TREE has uncommitted changes: commit them (then 'make export') or discard them"
[ ! -d .git/rebase-apply ] && [ ! -d .git/rebase-merge ] ||
	die "$TREE is in the middle of a git am/rebase: finish or abort it first"

applied_digest= applied_head=
[ ! -f "$APPLIED_MARK" ] || read -r applied_digest applied_head < "$APPLIED_MARK"
if [ "${applied_digest:-}" = "$(series_digest)" ] &&
   [ "${applied_head:-}" = "$(git rev-parse HEAD)" ]; then
	: # tree is the series as last applied
elif tree_matches_patches; then
	# Exported since the last apply: keep the files (and their mtimes).
	echo "$(series_digest) $(git rev-parse HEAD)" > "$APPLIED_MARK"
elif [ "${applied_head:-}" = "$(git rev-parse HEAD)" ]; then
	apply_series	# nothing unexported: patches/ changed, follow it
else
	die "$TREE has commits not exported to patches/: run 'make export' first (or 'git -C $TREE reset --hard $BASE_TAG' to drop them)"
fi
echo "base: Linux $(base_version), Debian linux-source-6.1 $(debian_version); series: $(git rev-list --count "$BASE_TAG"..HEAD) patch(es)"
