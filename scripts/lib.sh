# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash disable=SC2034 # the variables are for the sourcing scripts
# Shared settings for the harness scripts; sourced, never run.

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BUILD:-$TOP/build}
PATCHES=$TOP/patches
BASE_TARBALL=/usr/src/linux-source-6.1.tar.xz
BASE_TAG=base

# git am needs a committer even on a machine without git configured;
# authors come from the patches.
export GIT_COMMITTER_NAME="memfd_restricted harness"
export GIT_COMMITTER_EMAIL="harness@localhost"

die() {
	echo "error: $*" >&2
	exit 1
}

step() {
	echo ">>> $*"
}

# Build variant: "default", or "debug" (make DEBUG=1) with configs/debug.config,
# both of the series in $BUILD/linux; or "base" (scripts/kvm-compare.sh only):
# the unpatched tag "base" checked out in $BUILD/base/linux.
# TREE_OUT holds what is built from the tree outside the kernel's $OBJ: uapi
# headers, KVM selftest objects, test binaries.
VARIANT=${VARIANT:-default}
case $VARIANT in
default | debug) TREE=$BUILD/linux TREE_OUT=$BUILD ;;
base) TREE=$BUILD/base/linux TREE_OUT=$BUILD/base ;;
*) die "VARIANT must be default, debug or base, not '$VARIANT'" ;;
esac
# Target architecture (make ARCH=arm64 ...): x86_64 by default, or arm64,
# cross compiled with Debian's gcc-aarch64-linux-gnu and booted on QEMU's
# "virt" machine. What is built for arm64 is kept apart: $OBJ, $HEADERS,
# $TESTS_BIN, the initramfs and the logs end in "-arm64".
# KIMAGE is the kernel image in $OBJ, also the name of its make target.
ARCH=${ARCH:-x86_64}
case $ARCH in
x86_64) ARCH_SUFFIX='' CROSS_COMPILE='' KIMAGE=arch/x86/boot/bzImage ;;
arm64) ARCH_SUFFIX=-arm64 CROSS_COMPILE=aarch64-linux-gnu- KIMAGE=arch/arm64/boot/Image ;;
*) die "ARCH must be x86_64 or arm64, not '$ARCH'" ;;
esac
[ "$ARCH" = x86_64 ] || [ "$VARIANT" != base ] || die "the base variant (make kvm-compare) is x86_64 only"
OBJ=$BUILD/obj-$VARIANT$ARCH_SUFFIX
HEADERS=$TREE_OUT/headers$ARCH_SUFFIX
TESTS_BIN=$TREE_OUT/tests$ARCH_SUFFIX
# Debian's busybox-static for arm64, unpacked by deps.sh
BUSYBOX_ARM64=$BUILD/busybox-arm64/busybox
KVM_SELFTESTS=$TREE/tools/testing/selftests/kvm
KVM_SELFTESTS_OUT=$TREE_OUT/kvm-selftests
# configs/tests, or the list scripts/kvm-compare.sh generates
TESTS_LIST=${TESTS_LIST:-$TOP/configs/tests}
export CCACHE_DIR=${CCACHE_DIR:-$BUILD/ccache}

# make in the kernel tree for $ARCH with ccache; callers pass O=DIR.
# MAKEFLAGS is dropped so the harness's own variables (DEBUG=1, MODE=...)
# do not leak into kbuild.
kmake() {
	MAKEFLAGS='' make --no-print-directory -C "$TREE" ARCH="$ARCH" \
		CROSS_COMPILE="$CROSS_COMPILE" CC="ccache ${CROSS_COMPILE}gcc" "$@"
}

# Install the tree's uapi headers to $HEADERS (incremental).
install_headers() {
	step "installing the uapi headers of ${TREE#"$BUILD"/} to ${HEADERS#"$BUILD"/}"
	kmake -s O="$TREE_OUT/obj-headers$ARCH_SUFFIX" INSTALL_HDR_PATH="$HEADERS" headers_install
}

# make in the tree's KVM selftests (tools/testing/selftests/kvm): targets
# are given as programs of its Makefile (x86_64/cpuid_test) and built in
# $KVM_SELFTESTS_OUT, linked statically, against $HEADERS and with
# line-buffered.c. Options (-k) pass through. LDFLAGS and LDLIBS come
# from the environment so that the Makefile's own "+=" keep theirs.
kvm_selftests_make() {
	local options=() targets=() arg
	for arg; do
		case $arg in -*) options+=("$arg") ;; *) targets+=("$KVM_SELFTESTS_OUT/$arg") ;; esac
	done
	mkdir -p "$KVM_SELFTESTS_OUT"
	gcc -c -O2 -o "$KVM_SELFTESTS_OUT/line-buffered.o" "$TOP/scripts/line-buffered.c"
	MAKEFLAGS='' LDFLAGS=-static LDLIBS="$KVM_SELFTESTS_OUT/line-buffered.o" \
	make --no-print-directory -C "$KVM_SELFTESTS" -j"$(nproc)" ARCH=x86_64 \
		CC="ccache gcc" OUTPUT="$KVM_SELFTESTS_OUT" INSTALL_HDR_PATH="$HEADERS" \
		KHDR_INCLUDES="-isystem $HEADERS/include" "${options[@]}" "${targets[@]}"
}

# Print the value of variable $1 of the KVM selftests Makefile.
kvm_selftests_variable() {
	MAKEFLAGS='' make --no-print-directory -s -C "$KVM_SELFTESTS" ARCH=x86_64 \
		OUTPUT="$KVM_SELFTESTS_OUT" --eval="print-$1: ; @echo \$($1)" "print-$1"
}

# The $TESTS_LIST entries run in mode $1 (check, run, bench, stress, fuzz or
# kvm-compare) on $ARCH, one "name timeout recipe" line each, with $TREE,
# $TOP, $DURATION and $SEED expanded (the last two from the Makefile), and
# a timeout "DURATION+N" computed. A mode "MODE:ARCH[,ARCH...]" limits an
# entry to those architectures.
tests_for_mode() {
	local name mode timeout recipe archs
	while read -r name mode timeout recipe; do
		case $name in '' | '#'*) continue ;; esac
		archs=,x86_64,arm64,
		case $mode in *:*) archs=,${mode#*:}, mode=${mode%%:*} ;; esac
		[[ $archs =~ ^(,(x86_64|arm64))+,$ ]] || die "$TESTS_LIST: $name: architectures must be x86_64 or arm64"
		case $mode in check | run | bench | stress | fuzz | kvm-compare) ;; *) die "$TESTS_LIST: $name: mode must be check, run, bench, stress, fuzz or kvm-compare" ;; esac
		[[ $timeout =~ ^(DURATION\+)?[1-9][0-9]*$ ]] || die "$TESTS_LIST: $name: timeout must be seconds or DURATION+seconds"
		[ "$mode" = "$1" ] || continue
		[[ $archs = *,$ARCH,* ]] || continue
		case $timeout$recipe in *DURATION*) timeout=${timeout/DURATION/${DURATION:?}} recipe=${recipe//\$DURATION/$DURATION} ;; esac
		case $recipe in *'$SEED'*) recipe=${recipe//\$SEED/${SEED:?}} ;; esac
		timeout=$((timeout))
		recipe=${recipe//\$TREE/$TREE}
		echo "$name $timeout ${recipe//\$TOP/$TOP}"
	done < "$TESTS_LIST"
}

# A "kvm:PROGRAM [ARG...]" recipe: kvm_program prints PROGRAM, run_args
# the ARGs it runs with in the VM (nothing for any other recipe).
kvm_program() {
	local program _
	read -r program _ <<< "${1#kvm:}"
	echo "$program"
}

run_args() {
	local _ args=''
	case $1 in kvm:*) read -r _ args <<< "$1" ;; esac
	echo "$args"
}

# check_config CONFIG FRAGMENT...: die unless the fragments agree (no two
# ask for different values of a symbol: to override fragments, merge the
# overriding one onto the .config they make) and the .config CONFIG has
# every line they ask for ("# CONFIG_X is not set" is also met by a CONFIG_X
# absent from CONFIG: its dependencies are off). Names each symbol at fault.
check_config() {
	local config=$1 problems
	shift
	problems=$(awk -v top="$TOP/" '
	function file() {
		return index(FILENAME, top) == 1 ? substr(FILENAME, length(top) + 1) : FILENAME
	}
	function request(symbol) {
		if (!(symbol in want)) {
			want[symbol] = $0; from[symbol] = file(); order[++n] = symbol
		} else if (want[symbol] != $0)
			printf "  %s: %s asks for \"%s\", %s for \"%s\"\n", symbol,
				from[symbol], want[symbol], file(), $0
	}
	FNR == NR && /^CONFIG_/ { have[substr($0, 1, index($0, "=") - 1)] = $0; next }
	FNR == NR && /^# CONFIG_[A-Za-z0-9_]+ is not set$/ { have[$2] = $0; next }
	FNR == NR { next }
	/^CONFIG_[A-Za-z0-9_]+=/ { request(substr($0, 1, index($0, "=") - 1)); next }
	/^# CONFIG_[A-Za-z0-9_]+ is not set$/ { request($2) }
	END {
		for (i = 1; i <= n; i++) {
			s = order[i]
			if ((s in have) ? have[s] == want[s] : want[s] ~ /^#/)
				continue
			printf "  %s: %s asks for \"%s\", .config has %s\n", s, from[s],
				want[s], (s in have) ? "\"" have[s] "\"" : "nothing"
		}
	}' "$config" "$@")
	[ -z "$problems" ] || die "$config does not have what its fragments ask for (missing dependencies? fragments that disagree?):
$problems"
}
