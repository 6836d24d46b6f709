// SPDX-License-Identifier: GPL-2.0
/*
 * Linked into every test program (scripts/tests.sh). Its stdout is a pipe
 * in the VM, so stdio would buffer it fully, and a child that exit()s after
 * fork() would print the parent's pending output a second time; make it
 * line buffered before main(), as later kselftest.h does in
 * ksft_print_header().
 */
#include <stdio.h>

__attribute__((constructor)) static void line_buffer_stdout(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
}
