// SPDX-License-Identifier: GPL-2.0
/*
 * restricted_demo - what a VMM can and cannot do with memfd_restricted().
 *
 * The VMM owns the lifetime of restricted memory (size, allocation, discard,
 * close) but has no way to read, write or map its contents.  This program
 * shows both halves and exits 0 only if every allowed operation worked and
 * every data access was refused.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <linux/falloc.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>

#ifndef __NR_memfd_restricted
#define __NR_memfd_restricted 451
#endif

#ifndef RESTRICTEDMEM_MAGIC
#define RESTRICTEDMEM_MAGIC 0x5245534d
#endif

#define SZ_1M (1024L * 1024)

static int failures;

/* Report an operation the VMM is allowed to do; it must succeed. */
static void must_work(const char *what, int ret)
{
	if (ret) {
		printf("%-18s FAILED: %s\n", what, strerror(errno));
		failures++;
	} else {
		printf("%-18s ok\n", what);
	}
}

/* Report a data access; it must fail. */
static void must_fail(const char *what, long ret)
{
	if (ret == -1) {
		printf("%-18s refused: %s\n", what, strerror(errno));
	} else {
		printf("%-18s SUCCEEDED (returned %ld): data path open!\n",
		       what, ret);
		failures++;
	}
}

static void show(int fd, off_t want_size, off_t want_bytes)
{
	struct stat st;

	if (fstat(fd, &st)) {
		printf("%-18s FAILED: %s\n", "fstat()", strerror(errno));
		failures++;
		return;
	}
	printf("%-18s st_size %lld (%lld MiB), st_blocks %lld (%lld MiB)\n",
	       "  fstat()", (long long)st.st_size,
	       (long long)st.st_size / SZ_1M, (long long)st.st_blocks,
	       (long long)st.st_blocks * 512 / SZ_1M);
	if (st.st_size != want_size || st.st_blocks * 512 != want_bytes) {
		printf("%-18s expected st_size %lld, %lld bytes allocated\n",
		       "  MISMATCH", (long long)want_size, (long long)want_bytes);
		failures++;
	}
}

/*
 * Upstream Linux gave syscall 451 to cachestat() in 6.5.  Pass NULL for the
 * arguments memfd_restricted() does not have, so cachestat() fails harmlessly,
 * and check that the new fd really lives on the restrictedmem filesystem.
 */
static int probe(void)
{
	struct statfs sfs;
	int fd;

	fd = syscall(__NR_memfd_restricted, 0, NULL, NULL, 0);
	if (fd < 0) {
		printf("syscall %d is not memfd_restricted on this kernel (%s)\n",
		       __NR_memfd_restricted, strerror(errno));
		return -1;
	}
	if (fstatfs(fd, &sfs) || sfs.f_type != RESTRICTEDMEM_MAGIC) {
		printf("syscall %d is not memfd_restricted on this kernel (%s)\n",
		       __NR_memfd_restricted, "fd not on restrictedmem");
		close(fd);
		return -1;
	}
	printf("memfd_restricted(0) = fd %d, fstatfs f_type %#lx (RESM)\n",
	       fd, (unsigned long)sfs.f_type);
	return fd;
}

int main(void)
{
	const int punch = FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE;
	char buf[4096], path[64];
	int fd, pipefd[2];
	void *p;

	setvbuf(stdout, NULL, _IOLBF, 0);
	fd = probe();
	if (fd < 0)
		return 1;

	printf("\n-- what the VMM may do --\n");
	must_work("ftruncate(64 MiB)", ftruncate(fd, 64 * SZ_1M));
	show(fd, 64 * SZ_1M, 0);
	must_work("fallocate(8 MiB)", fallocate(fd, 0, 0, 8 * SZ_1M));
	show(fd, 64 * SZ_1M, 8 * SZ_1M);
	must_work("punch 2 MiB hole", fallocate(fd, punch, 2 * SZ_1M, 2 * SZ_1M));
	show(fd, 64 * SZ_1M, 6 * SZ_1M);

	printf("\n-- what the VMM may not do (every route to the data) --\n");
	memset(buf, 0xaa, sizeof(buf));
	must_fail("read()", read(fd, buf, sizeof(buf)));
	must_fail("write()", write(fd, buf, sizeof(buf)));
	must_fail("pread()", pread(fd, buf, sizeof(buf), 0));

	p = mmap(NULL, SZ_1M, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	must_fail("mmap(MAP_SHARED)", p == MAP_FAILED ? -1 : 0);
	if (p != MAP_FAILED)
		munmap(p, SZ_1M);
	p = mmap(NULL, SZ_1M, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	must_fail("mmap(MAP_PRIVATE)", p == MAP_FAILED ? -1 : 0);
	if (p != MAP_FAILED)
		munmap(p, SZ_1M);

	if (pipe(pipefd)) {
		perror("pipe");
		return 1;
	}
	must_fail("splice()", splice(fd, NULL, pipefd[1], NULL, sizeof(buf),
				     SPLICE_F_NONBLOCK));
	must_fail("sendfile()", sendfile(pipefd[1], fd, NULL, sizeof(buf)));
	close(pipefd[0]);
	close(pipefd[1]);

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	must_fail("reopen via /proc", open(path, O_RDONLY));

	close(fd);
	printf("\nmemfd_restricted demo: %s\n", failures ? "FAILED" : "OK");
	return failures ? 1 : 0;
}
