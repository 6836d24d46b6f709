# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# Helpers shared by check-series.sh and check-configs.sh (the quality gates
# of issue 4); sourced after lib.sh, never run.

# checkpatch.pl's SPDX checks need Debian's python3-ply and python3-git,
# which a pyenv python on PATH lacks.
export PATH=/usr/bin:$PATH
ARCH_ARGS=()

# Print the diagnostics of build log(s) "$@" (gcc, sparse, ld, kconfig,
# modpost) one per line as "FILE: KIND: MESSAGE", FILE relative to the
# source tree ($TREE, or $GATES_TREES: more trees, space separated), with
# "dir/../" folded, no line or column: the key two runs are compared by.
diagnostics() {
	python3 - "$TREE ${GATES_TREES:-}" "$@" <<-'EOF'
	import os, re, sys
	roots = [os.path.realpath(t) + "/" for t in sys.argv[1].split()]
	loc = re.compile(r"^(\S+?):(\d+):(?:\d+:)? ?(warning|error): (.*)$")
	other = re.compile(r"^(WARNING|ERROR): (modpost: .*|unmet direct dependencies.*)$")
	objtool = re.compile(r"^(\S+)\.o: warning: (objtool: .*)$")
	seen = set()
	for log in sys.argv[2:]:
	    for line in open(log, errors="replace"):
	        line = line.rstrip("\n")
	        m = loc.match(line)
	        if m:
	            path = os.path.normpath(m.group(1))
	            for root in roots:
	                if path.startswith(root):
	                    path = path[len(root):]
	            key = f"{path}: {m.group(3)}: {m.group(4)}"
	        elif objtool.match(line):
	            m = objtool.match(line)
	            path = os.path.normpath(m.group(1)) + ".c"
	            key = f"{path}: warning: {m.group(2)}"
	        elif other.match(line):
	            key = line
	        else:
	            continue
	        if key not in seen:
	            seen.add(key)
	            print(key)
	EOF
}

# Of the diagnostics on stdin, print those about the files listed in $1
# (a file of paths relative to the tree, one a line).
about_files() {
	local list=$1
	awk -F': ' 'NR == FNR { want[$0] = 1; next } $1 in want' "$list" -
}

# Print the lines of file $2 that file $1 lacks (both unsorted).
new_lines() {
	grep -vxF -f "$1" "$2" || true
}

# Make in the kernel tree $1 (kmake, with the extra arguments of the array
# ARCH_ARGS, e.g. ARCH=i386: the last ARCH= or CC= on make's command line
# wins).
tmake() {
	local tree=$1
	shift
	TREE=$tree kmake "${ARCH_ARGS[@]}" "$@"
}

# gates_config TREE DIR BASE FRAGMENT... [+ FRAGMENT...]...: write
# DIR/.config: "make BASE" (e.g. tinyconfig) or, if BASE is a file, that
# file (xz or not); then for each group of fragments ("+" starts the next,
# which may override the ones before it): the group merged on top
# (merge_config.sh -m), "make olddefconfig" and check_config against the
# group. The kconfig output is in DIR/config.log.
gates_config() {
	local tree=$1 dir=$2 base=$3 log=$2/config.log group=() fragment
	shift 3
	mkdir -p "$dir"
	: > "$log"
	if [ -f "$base" ]; then
		xzcat -f "$base" > "$dir/.config"
	else
		tmake "$tree" O="$dir" "$base" >> "$log" 2>&1 || { cat "$log" >&2; die "make $base failed"; }
	fi
	for fragment in "$@" +; do
		if [ "$fragment" != + ]; then
			group+=("$fragment")
			continue
		fi
		"$tree/scripts/kconfig/merge_config.sh" -m -O "$dir" "$dir/.config" "${group[@]}" >> "$log" 2>&1 ||
			{ cat "$log" >&2; die "merge_config.sh failed"; }
		tmake "$tree" O="$dir" olddefconfig >> "$log" 2>&1 || { cat "$log" >&2; die "make olddefconfig failed"; }
		check_config "$dir/.config" "${group[@]}"
		group=()
	done
}
