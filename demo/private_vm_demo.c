// SPDX-License-Identifier: GPL-2.0
/*
 * A minimal VMM running a guest with private memory (make run).
 *
 * It creates a KVM_X86_SW_PROTECTED_VM whose memory slot has two sides:
 * shared memory mapped in this process and private memory in a
 * memfd_restricted file.  The real-mode guest writes a secret to a
 * private page, asks (KVM_HC_MAP_GPA_RANGE) to share another page and
 * writes a message there.  The VMM shows that it cannot see the secret
 * and that it can read the message.  Exits 0 if every step went as
 * described, 1 otherwise.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/falloc.h>
#include <linux/kvm.h>
#include <linux/kvm_para.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef __NR_memfd_restricted
#define __NR_memfd_restricted 451
#endif

#define MEM_SIZE	0x200000UL	/* one 2 MiB slot at gpa 0 */
#define CODE_GPA	0x1000UL
#define SECRET_GPA	0x8000UL	/* private: the guest's secret */
#define MESSAGE_GPA	0x9000UL	/* private, then shared by the guest */
#define PAGE_SIZE	0x1000UL

#define PORT_SECRET_WRITTEN	0x10
#define PORT_MESSAGE_WRITTEN	0x11

#define SECRET		"guest secret: 0xc0ffee"
#define MESSAGE		"hello from the guest, through a page it chose to share"
#define SHARED_FILLER	"(shared memory the VMM wrote before boot)"

/*
 * The guest, in 16-bit real mode with cs = ds = es = 0, loaded at CODE_GPA:
 * copy SECRET to SECRET_GPA, report on a port, convert MESSAGE_GPA to
 * shared with the KVM_HC_MAP_GPA_RANGE hypercall, copy MESSAGE there,
 * report, halt.
 */
asm(".pushsection .rodata\n"
    ".code16\n"
    "guest_code:\n"
    "	cld\n"
    "	mov $(guest_secret - guest_code + 0x1000), %si\n"
    "	mov $0x8000, %di\n"
    "	mov $(guest_secret_end - guest_secret), %cx\n"
    "	rep movsb\n"
    "	out %al, $0x10\n"
    "	mov $12, %eax\n"		/* KVM_HC_MAP_GPA_RANGE */
    "	mov $0x9000, %ebx\n"		/* gpa */
    "	mov $1, %ecx\n"			/* pages */
    "	xor %edx, %edx\n"		/* DECRYPTED (shared), 4K */
    "	vmmcall\n"
    "	mov $(guest_message - guest_code + 0x1000), %si\n"
    "	mov $0x9000, %di\n"
    "	mov $(guest_message_end - guest_message), %cx\n"
    "	rep movsb\n"
    "	out %al, $0x11\n"
    "	hlt\n"
    "guest_secret: .asciz \"" SECRET "\"\n"
    "guest_secret_end:\n"
    "guest_message: .asciz \"" MESSAGE "\"\n"
    "guest_message_end:\n"
    "guest_code_end:\n"
    ".code64\n"
    ".popsection\n");
extern const char guest_code[], guest_code_end[];

static int failures;

static void say(const char *who, const char *fmt, ...)
{
	va_list ap;

	printf("%-6s ", who);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

static void check(int ok, const char *what)
{
	if (!ok) {
		say("FAIL", "%s", what);
		failures++;
	}
}

static void __attribute__((noreturn)) die(const char *what)
{
	say("FAIL", "%s: %s", what, strerror(errno));
	exit(1);
}

static void set_private(int vm, unsigned long gpa, unsigned long size,
			int private)
{
	struct kvm_memory_attributes attrs = {
		.address = gpa,
		.size = size,
		.attributes = private ? KVM_MEMORY_ATTRIBUTE_PRIVATE : 0,
	};

	if (ioctl(vm, KVM_SET_MEMORY_ATTRIBUTES, &attrs))
		die("KVM_SET_MEMORY_ATTRIBUTES");
}

static int create_vm(int kvm)
{
	struct kvm_enable_cap cap = {
		.cap = KVM_CAP_EXIT_HYPERCALL,
		.args[0] = 1 << KVM_HC_MAP_GPA_RANGE,
	};
	int types = ioctl(kvm, KVM_CHECK_EXTENSION, KVM_CAP_VM_TYPES);
	int vm;

	if (types < 0 || !(types & (1 << KVM_X86_SW_PROTECTED_VM))) {
		say("FAIL", "KVM has no KVM_X86_SW_PROTECTED_VM (KVM_CAP_VM_TYPES: %d)",
		    types);
		exit(1);
	}
	vm = ioctl(kvm, KVM_CREATE_VM, KVM_X86_SW_PROTECTED_VM);
	if (vm < 0)
		die("KVM_CREATE_VM");
	if (ioctl(vm, KVM_ENABLE_CAP, &cap))
		die("KVM_ENABLE_CAP(KVM_CAP_EXIT_HYPERCALL)");
	return vm;
}

static void add_memory(int vm, int restricted_fd, char *shared)
{
	struct kvm_userspace_memory_region_ext region = {
		.region = {
			.slot = 0,
			.flags = KVM_MEM_PRIVATE,
			.guest_phys_addr = 0,
			.memory_size = MEM_SIZE,
			.userspace_addr = (unsigned long)shared,
		},
		.restricted_fd = restricted_fd,
		.restricted_offset = 0,
	};

	if (ioctl(vm, KVM_SET_USER_MEMORY_REGION, &region))
		die("KVM_SET_USER_MEMORY_REGION");
}

static int create_vcpu(int kvm, int vm, struct kvm_run **run)
{
	struct kvm_regs regs = { .rip = CODE_GPA, .rflags = 0x2 };
	struct kvm_sregs sregs;
	int vcpu, size;

	vcpu = ioctl(vm, KVM_CREATE_VCPU, 0);
	if (vcpu < 0)
		die("KVM_CREATE_VCPU");
	size = ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
	*run = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu, 0);
	if (*run == MAP_FAILED)
		die("mmap(vcpu)");

	if (ioctl(vcpu, KVM_GET_SREGS, &sregs))
		die("KVM_GET_SREGS");
	sregs.cs.base = sregs.cs.selector = 0;
	sregs.ds = sregs.es = sregs.ss = sregs.cs;
	sregs.ds.type = sregs.es.type = sregs.ss.type = 3;	/* data */
	if (ioctl(vcpu, KVM_SET_SREGS, &sregs))
		die("KVM_SET_SREGS");
	if (ioctl(vcpu, KVM_SET_REGS, &regs))
		die("KVM_SET_REGS");
	return vcpu;
}

static void vmm_looks_at_secret(int restricted_fd, const char *shared)
{
	char buf[64];
	ssize_t n;

	say("vmm", "the guest says it wrote its secret to private gpa %#lx",
	    SECRET_GPA);
	say("vmm", "  shared memory at that gpa still reads \"%s\"",
	    shared + SECRET_GPA);
	check(!strcmp(shared + SECRET_GPA, SHARED_FILLER),
	      "the shared side of the secret page changed");

	n = pread(restricted_fd, buf, sizeof(buf), SECRET_GPA);
	say("vmm", "  reading the private memory file: %s",
	    n < 0 ? strerror(errno) : "it returned data!");
	check(n < 0, "read() of the memfd_restricted file succeeded");
	if (mmap(NULL, PAGE_SIZE, PROT_READ, MAP_SHARED, restricted_fd, 0) !=
	    MAP_FAILED) {
		say("FAIL", "mmap() of the memfd_restricted file succeeded");
		failures++;
	} else {
		say("vmm", "  mapping the private memory file: %s",
		    strerror(errno));
	}
}

static void vmm_converts(int vm, int restricted_fd, struct kvm_run *run)
{
	unsigned long gpa = run->hypercall.args[0];
	unsigned long npages = run->hypercall.args[1];
	unsigned long size = npages * PAGE_SIZE;
	int private = !!(run->hypercall.args[2] & KVM_MAP_GPA_RANGE_ENCRYPTED);

	say("vmm", "the guest asks to make gpa %#lx (%lu page%s) %s", gpa,
	    npages, npages == 1 ? "" : "s", private ? "private" : "shared");
	set_private(vm, gpa, size, private);
	if (!private &&
	    fallocate(restricted_fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
		      gpa, size))
		die("fallocate(PUNCH_HOLE)");
	say("vmm", "  done: attributes set%s", private ? "" :
	    ", and the private page it leaves discarded");
	run->hypercall.ret = 0;
}

int main(void)
{
	int kvm, vm, vcpu, restricted_fd, done = 0;
	struct kvm_run *run;
	char *shared;

	setvbuf(stdout, NULL, _IOLBF, 0);

	restricted_fd = syscall(__NR_memfd_restricted, 0);
	if (restricted_fd < 0)
		die("memfd_restricted");
	if (ftruncate(restricted_fd, MEM_SIZE))
		die("ftruncate");
	shared = mmap(NULL, MEM_SIZE, PROT_READ | PROT_WRITE,
		      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (shared == MAP_FAILED)
		die("mmap(shared memory)");
	memcpy(shared + CODE_GPA, guest_code, guest_code_end - guest_code);
	strcpy(shared + SECRET_GPA, SHARED_FILLER);
	strcpy(shared + MESSAGE_GPA, SHARED_FILLER);

	kvm = open("/dev/kvm", O_RDWR);
	if (kvm < 0)
		die("/dev/kvm");
	vm = create_vm(kvm);
	add_memory(vm, restricted_fd, shared);
	say("vmm", "software-protected VM with %lu MiB: shared memory mapped here, private memory in memfd_restricted fd %d",
	    MEM_SIZE >> 20, restricted_fd);
	set_private(vm, SECRET_GPA, 2 * PAGE_SIZE, 1);
	say("vmm", "gpa %#lx-%#lx made private; the guest runs from shared memory at %#lx",
	    SECRET_GPA, MESSAGE_GPA + PAGE_SIZE - 1, CODE_GPA);
	vcpu = create_vcpu(kvm, vm, &run);

	while (!done) {
		if (ioctl(vcpu, KVM_RUN, 0))
			die("KVM_RUN");
		switch (run->exit_reason) {
		case KVM_EXIT_IO:
			if (run->io.port == PORT_SECRET_WRITTEN) {
				vmm_looks_at_secret(restricted_fd, shared);
			} else if (run->io.port == PORT_MESSAGE_WRITTEN) {
				say("vmm", "the guest left a message in gpa %#lx: \"%s\"",
				    MESSAGE_GPA, shared + MESSAGE_GPA);
				check(!strcmp(shared + MESSAGE_GPA, MESSAGE),
				      "the message is not in shared memory");
			} else {
				say("FAIL", "unexpected I/O port %#x",
				    run->io.port);
				return 1;
			}
			break;
		case KVM_EXIT_HYPERCALL:
			if (run->hypercall.nr != KVM_HC_MAP_GPA_RANGE) {
				say("FAIL", "unexpected hypercall %llu",
				    run->hypercall.nr);
				return 1;
			}
			vmm_converts(vm, restricted_fd, run);
			break;
		case KVM_EXIT_HLT:
			say("vmm", "the guest halted");
			done = 1;
			break;
		case KVM_EXIT_MEMORY_FAULT:
			say("FAIL", "memory fault exit: gpa %#llx, flags %#llx",
			    run->memory.gpa, run->memory.flags);
			return 1;
		default:
			say("FAIL", "unexpected exit reason %u",
			    run->exit_reason);
			return 1;
		}
	}

	say(failures ? "FAIL" : "vmm", "private VM demo: %s",
	    failures ? "FAILED" : "OK");
	return failures ? 1 : 0;
}
