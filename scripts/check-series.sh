#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Per-patch quality gates (make check-series): apply the series one patch
# at a time on the tag "base" and, after each patch, check that
#   build      the test-config kernel (configs/base.config +
#              restrictedmem.config) builds with W=1;
#   warnings   W=1 and sparse (C=1) report nothing new on the files the
#              patch touches: their diagnostics after the patch, minus
#              those of the same files just before it (keys without line
#              numbers, see gates-lib.sh);
#   checkpatch scripts/checkpatch.pl --strict is clean on the patch, and
#              every file it adds has a maintainer in MAINTAINERS.
# Then, series-wide, W=1 and sparse on every file the series touches,
# against the same files in the base: code a patch adds may only be
# compiled from a later patch on (the symbol that builds it is selected
# there), and the later patch's own check sees it as already there.
# Prints one line per patch and exits non-zero naming the first patch that
# breaks a gate. One object directory is reused across patches (ccache
# makes rebuilding what a patch touches cheap).
#
# The patches are PATCHES (a directory with a "series" file; default
# patches/), applied in a git worktree of $BUILD/linux at $BUILD/series/linux,
# built in $BUILD/obj-series; logs in $BUILD/logs/check-series/.
set -euo pipefail
patches_override=${PATCHES:-}
# x86_64 host configs; other architectures through ARCH_ARGS (lib.sh reads ARCH).
# shellcheck disable=SC2034 # read by lib.sh
ARCH=x86_64
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/gates-lib.sh"

SERIES_DIR=$(cd "${patches_override:-$PATCHES}" && pwd)
BASE_TREE=$TREE			# $BUILD/linux: holds the tag "base"
TREE=$BUILD/series/linux	# kmake builds here from now on
OBJ=$BUILD/obj-series
LOGS=$BUILD/logs/check-series
KCONFIG=$BUILD/kconfig-series
JOBS=${JOBS:-$(nproc)}

[ -d "$BASE_TREE/.git" ] || die "no kernel tree in $BASE_TREE: run 'make tree'"
[ -f "$SERIES_DIR/series" ] || die "$SERIES_DIR/series missing"
mapfile -t SERIES < <(grep -v '^\s*\(#\|$\)' "$SERIES_DIR/series")

# checkpatch validates SPDX tags with scripts/spdxcheck.py, run by the
# first python3 in PATH, and takes a python3 that cannot run it (one
# without ply and git, such as a pyenv one) as "valid": Debian's python3,
# with python3-ply and python3-git, comes first.
export PATH=/usr/bin:$PATH
python3 -c 'import git, ply' || die "python3 cannot run scripts/spdxcheck.py (ply, git)"

rm -rf "$LOGS"
mkdir -p "$LOGS" "$OBJ" "$KCONFIG"

# The worktree, at "base" with nothing else in it. Files the last run's
# patches changed are rewritten (new mtimes), nothing else.
if [ ! -e "$TREE/.git" ]; then
	step "creating the worktree ${TREE#"$BUILD"/} at $BASE_TAG"
	git -C "$BASE_TREE" worktree prune
	git -C "$BASE_TREE" worktree add -q --detach "$TREE" "$BASE_TAG"
fi
cd "$TREE"
git am --abort >/dev/null 2>&1 || true
git checkout -q --detach "$BASE_TAG"
git reset -q --hard "$BASE_TAG"
git clean -q -fdx

# The configuration every step starts from: the test config of the whole
# series (tinyconfig + fragments, all requests honoured), made from the
# series as patches/ has it ($BASE_TREE). Each step runs olddefconfig on
# it, so an option appears when the patch that adds it is applied.
step "configuring: tinyconfig + configs/base.config + configs/restrictedmem.config"
gates_config "$BASE_TREE" "$KCONFIG/full" tinyconfig \
	"$TOP/configs/base.config" "$TOP/configs/restrictedmem.config" >/dev/null
cp "$KCONFIG/full/.config" "$KCONFIG/series.config"

# Step config: series.config through olddefconfig in the current tree,
# copied to $OBJ only when it changes (no needless rebuild).
step_config() {
	mkdir -p "$KCONFIG/step"
	cp "$KCONFIG/series.config" "$KCONFIG/step/.config"
	kmake O="$KCONFIG/step" olddefconfig > "$1" 2>&1
	cmp -s "$KCONFIG/step/.config" "$OBJ/.config" || cp "$KCONFIG/step/.config" "$OBJ/.config"
}

# The kernel's .c files among the paths of $1 that the current config
# builds (an object exists), one a line.
built_sources() {
	local path
	while read -r path; do
		case $path in *.c) [ -f "$OBJ/${path%.c}.o" ] && echo "$path" ;; esac
	done < "$1"
	return 0
}

# Rebuild the objects of the sources listed in $1 with W=1 and sparse
# (C=1 checks what is compiled): delete them, make their directories.
# Output to $2. virt/kvm/ is built by arch/x86/kvm/Makefile, a directory
# without a Makefile by its parent's.
check_sources() {
	local list=$1 log=$2 path dir dirs=()
	: > "$log"
	[ -s "$list" ] || return 0
	while read -r path; do
		rm -f "$OBJ/${path%.c}.o"
		case $path in
		virt/kvm/*) dir=arch/x86/kvm ;;
		*) dir=$(dirname "$path")
		   while [ ! -f "$dir/Makefile" ] && [ ! -f "$dir/Kbuild" ]; do dir=$(dirname "$dir"); done ;;
		esac
		dirs+=("$dir/")
	done < "$list"
	mapfile -t dirs < <(printf '%s\n' "${dirs[@]}" | sort -u)
	kmake O="$OBJ" W=1 C=1 -j"$JOBS" "${dirs[@]}" >> "$log" 2>&1
}

# The kernel .c files among the paths of $1 that no object compiled since
# the patch was applied (file $2 is as old) was compiled from, nor
# #includes: code the gates could not check. (Objects of earlier runs stay
# in $OBJ, so only the fresh ones count.)
unbuilt_sources() {
	local path fresh
	fresh=$(mktemp)
	find "$OBJ" -name '.*.o.cmd' -newer "$2" > "$fresh"
	while read -r path; do
		case $path in
		tools/* | Documentation/* | scripts/* | samples/* | usr/*) ;;
		*.c) [ ! -f "$path" ] || grep -qF "/$path" < <(xargs -r cat < "$fresh" 2>/dev/null) ||
			echo "$path" ;;
		esac
	done < "$1"
	rm -f "$fresh"
}

full_build() {
	kmake O="$OBJ" W=1 -j"$JOBS" all > "$1" 2>&1
}

fmt() { printf '%-6s' "$1"; }

# The diagnostics of logs "$@" that name no source file (kconfig, modpost).
global() {
	diagnostics "$@" | grep -E '^(WARNING|ERROR): ' || true
}

step "building $BASE_TAG (W=1) in ${OBJ#"$BUILD"/}"
step_config "$LOGS/00-base.config.log"
full_build "$LOGS/00-base.build.log" ||
	{ tail -30 "$LOGS/00-base.build.log"; die "the base tree does not build (log: $LOGS/00-base.build.log)"; }
global "$LOGS/00-base.config.log" "$LOGS/00-base.build.log" > "$LOGS/00-base.global"
prev_global=$LOGS/00-base.global

# The files of the whole series, and their diagnostics in the base.
for patch in "${SERIES[@]}"; do
	git apply --numstat "$SERIES_DIR/$patch" 2>/dev/null | cut -f3 || true
done | sort -u > "$LOGS/series.files"
built_sources "$LOGS/series.files" > "$LOGS/series.sources-before"
check_sources "$LOGS/series.sources-before" "$LOGS/series.before.log" || true
diagnostics "$LOGS/series.before.log" | about_files "$LOGS/series.files" > "$LOGS/series.before"

first_failure='' n=0 stopped=''
for patch in "${SERIES[@]}"; do
	n=$((n + 1))
	name=${patch%.patch}
	log=$LOGS/${patch%.patch}
	failed=()

	# What the patch touches, and the diagnostics of those files before it.
	git apply --numstat "$SERIES_DIR/$patch" 2>/dev/null | cut -f3 > "$log.files" || true
	built_sources "$log.files" > "$log.sources-before"
	check_sources "$log.sources-before" "$log.before.log" || true
	diagnostics "$log.before.log" | about_files "$log.files" > "$log.before"

	if ! git am -q --keep-cr "$SERIES_DIR/$patch" > "$log.am.log" 2>&1; then
		echo "$(fmt FAIL) $name: does not apply (log: $log.am.log)"
		first_failure=${first_failure:-$patch}
		stopped=1
		break
	fi

	touch "$log.applied"
	step_config "$log.config.log"
	build=ok
	if ! full_build "$log.build.log"; then
		build=FAIL
		failed+=(build)
	fi
	built_sources "$log.files" > "$log.sources"
	check_sources "$log.sources" "$log.after.log" || { build=FAIL; failed+=(build); }
	diagnostics "$log.config.log" "$log.build.log" "$log.after.log" |
		about_files "$log.files" > "$log.after"
	new_lines "$log.before" "$log.after" > "$log.new"
	# Kconfig and modpost diagnostics name no source file: compared with
	# the step before.
	global "$log.config.log" "$log.build.log" > "$log.global"
	new_lines "$prev_global" "$log.global" >> "$log.new"
	prev_global=$log.global
	[ ! -s "$log.new" ] || failed+=(warnings)

	# checkpatch asks for a MAINTAINERS change whenever a patch adds a
	# file; what matters is that the file has a maintainer, which an
	# existing entry's pattern may already give.
	if ! scripts/checkpatch.pl --strict --color=never --ignore FILE_PATH_CHANGES \
		"$SERIES_DIR/$patch" > "$log.checkpatch.log" 2>&1; then
		failed+=(checkpatch)
	fi
	for file in $(awk '/^diff --git /{f=substr($4, 3)} /^new file mode/{print f}' "$SERIES_DIR/$patch"); do
		scripts/get_maintainer.pl --no-git --no-git-fallback -f "$file" 2>/dev/null |
			grep -qE '\((maintainer|supporter):' && continue
		echo "WARNING: $file has no maintainer in MAINTAINERS" >> "$log.checkpatch.log"
		failed+=(checkpatch)
	done

	if [ ${#failed[@]} -eq 0 ]; then
		unbuilt=$(unbuilt_sources "$log.files" "$log.applied" | xargs)
		echo "$(fmt ok) $name ($(wc -l < "$log.sources") sparse-checked source(s)${unbuilt:+; not built by the config: $unbuilt})"
	else
		mapfile -t failed < <(printf '%s\n' "${failed[@]}" | sort -u)
		echo "$(fmt FAIL) $name: ${failed[*]}"
		first_failure=${first_failure:-$patch}
		if [ "$build" = FAIL ]; then
			{ grep -hE ': error:|undefined reference|^ERROR: ' "$log.build.log" "$log.after.log" || true; } |
				awk '!seen[$0]++' | sed -n '1,10s/^/         /p'
			echo "         (log: $log.build.log)"
		fi
		sed -n '1,20s/^/         new: /p' "$log.new"
		[[ " ${failed[*]} " != *" checkpatch "* ]] ||
			grep -E -A2 '^(ERROR|WARNING|CHECK):' "$log.checkpatch.log" | sed 's/^/         /'
		if [ "$build" = FAIL ]; then
			[ "$n" -eq ${#SERIES[@]} ] ||
				echo "stopping: the patches after $name are not checked on a tree that does not build"
			stopped=1
			break
		fi
	fi
done

if [ -z "$stopped" ]; then
	log=$LOGS/series
	built_sources "$log.files" > "$log.sources"
	after_built=1
	check_sources "$log.sources" "$log.after.log" || after_built=''
	diagnostics "$log.after.log" | about_files "$log.files" > "$log.after"
	new_lines "$log.before" "$log.after" > "$log.new"
	if [ -z "$after_built" ]; then
		echo "$(fmt FAIL) series-wide: the W=1 C=1 rebuild failed (log: $log.after.log)"
		first_failure=${first_failure:-"the series as a whole (W=1 C=1 rebuild)"}
	elif [ -s "$log.new" ]; then
		echo "$(fmt FAIL) series-wide: warnings"
		sed -n '1,20s/^/         new: /p' "$log.new"
		first_failure=${first_failure:-"the series as a whole (code compiled only from a later patch on)"}
	else
		echo "$(fmt ok) series-wide ($(wc -l < "$log.sources") sparse-checked source(s) against $BASE_TAG)"
	fi
fi

echo "logs: $LOGS"
if [ -n "$first_failure" ]; then
	echo "check-series: FAIL: first patch breaking a gate: $first_failure"
	exit 1
fi
echo "check-series: OK, $n patch(es)"
