# SPDX-License-Identifier: GPL-2.0
# Test harness for the memfd_restricted series: build a small x86_64 (or
# arm64) kernel from build/linux, boot it in QEMU with test programs in an
# initramfs, and report. Each stage is one script in scripts/.
#
#   make check        KUnit and the selftests of configs/tests, reported one
#                     line per test case; the exit status is the verdict
#   make run          the same VM running the demo instead of the selftests
#   make bench        the same VM running the benchmark (private_mem_bench):
#                     one table of rows A, B, ratio, goal, met/missed; the
#                     exit status is non-zero if a row is "error"
#   make kvm-compare  every stock x86_64 KVM selftest on the unpatched base
#                     kernel and on the patched one: a table and "N
#                     regressions" (scripts/kvm-compare.sh)
#   make stress       the stress program (private_mem_stress_test) alone, for
#                     DURATION seconds (default 600) with seed SEED (default
#                     random, printed), on the debug kernel unless DEBUG=0
#   make fuzz         the same for the uAPI fuzzer (private_mem_fuzz_test)
#   make DEBUG=1 ...  the debug kernel (configs/debug.config, build/obj-debug)
#   BOOT_TIMEOUT=s    limit on one VM run (default 900 s, debug 2700 s)
#   make ARCH=arm64 check (or run)
#                     the same for arm64: cross compiled (configs/arm64*.config),
#                     booted on QEMU's "virt" machine, without the x86-only
#                     KVM tests; built in build/*-arm64, logs *-arm64-*
#
# Stages, each run by the ones after it: deps, tree, config, kernel, tests,
# initramfs. Logs go to build/logs/. "make export" writes the tree's commits
# to patches/.

export BUILD ?= $(CURDIR)/build
ifneq ($(filter stress fuzz,$(MAKECMDGOALS)),)
DEBUG ?= 1
endif
export VARIANT := $(if $(filter 1,$(DEBUG)),debug,default)

# The programs of configs/tests that "check", "run" or "bench" puts in the
# VM; the stages they depend on inherit it.
MODE := check
run: MODE := run
bench: MODE := bench
stress: MODE := stress
fuzz: MODE := fuzz

# What configs/tests may say as $DURATION and $SEED: one seed per make.
export DURATION ?= 600
ifeq ($(origin SEED),undefined)
SEED := $(shell od -An -N4 -tu4 /dev/urandom | tr -d ' ')
endif
export SEED

# The tree is synced to patches/ when those changed since the last sync
# (so edits in build/linux rebuild incrementally), and always by "make tree".
TREE_SYNCED := $(BUILD)/tree.synced

.PHONY: deps tree export config kernel tests initramfs run check bench stress fuzz kvm-compare
.DEFAULT_GOAL := check

deps:
	scripts/deps.sh

tree $(TREE_SYNCED): patches/series $(wildcard patches/*.patch) | deps
	scripts/tree.sh
	touch $(TREE_SYNCED)

export:
	scripts/export.sh

config: $(TREE_SYNCED)
	scripts/config.sh

kernel: config
	scripts/kernel.sh

tests: $(TREE_SYNCED)
	scripts/tests.sh $(MODE)

initramfs: tests
	scripts/initramfs.sh $(MODE)

run check bench stress fuzz: kernel initramfs
	scripts/boot.sh $(MODE)

kvm-compare: kernel
	scripts/kvm-compare.sh

# Quality gates (issue 4). check-series: every patch of PATCHES (default
# patches/) in order builds with W=1, adds no W=1 or sparse warning on the
# files it touches, and is checkpatch --strict clean; names the first that
# breaks a gate (scripts/check-series.sh). check-configs: the series in
# the configurations of configs/{kvm-modules,kvm-off,no-tmpfs,i386,
# arm64-syscalls,debian}.config, no new warning (scripts/check-configs.sh;
# CONFIGS="i386 arm64" for some of them).
.PHONY: check-series check-configs
check-series: $(TREE_SYNCED)
	scripts/check-series.sh

check-configs: $(TREE_SYNCED)
	scripts/check-configs.sh $(CONFIGS)
