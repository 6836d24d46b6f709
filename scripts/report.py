#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Judge a test VM run from its two logs.

usage: report.py [--results FILE] KERNEL_LOG TESTS_LOG

KERNEL_LOG is the kernel console: KUnit results (KTAP) and any splat.
TESTS_LOG is what /init wrote (scripts/init.sh): KTAP with one subtest per
program, each program's own kselftest TAP nested in it.

Prints one line per test case (PASS, FAIL or SKIP with its reason), then
one line per other failure (a program or suite that did not finish, a
timeout, a kernel splat, no poweroff), then "N passed, N failed" and
", N skipped" if any were skipped. Exits 1 if anything failed.

--results FILE also writes the verdict of each program, one
"name<TAB>result<TAB>detail" line (result: pass, fail, skip, timeout or
unfinished), then one "kernel log<TAB>fail<TAB>report" line per kernel
log report; scripts/compare.py compares two such files.
"""
import argparse
import re
import sys

INDENT = 4  # KTAP nests subtests by four spaces
PRINTK_PREFIX = re.compile(r'^(\[\s*\d+\.\d+\]|\[\s*[CT]\d+\])\s?')
RESULT = re.compile(r'(not )?ok (\d+)\b(?: -)?\s*([^#]*?)\s*(?:#\s*(.*))?$')
DIRECTIVE = re.compile(r'(SKIP|TODO|TIMEOUT)\b:?\s*(.*)', re.IGNORECASE)
PLAN = re.compile(r'1\.\.(\d+)\s*(?:#\s*SKIP\b:?\s*(.*))?', re.IGNORECASE)
SUBTEST = re.compile(r'# Subtest: (.+)')
SPLAT = re.compile(
    r'Kernel panic|Oops:|\bBUG:|WARNING:|\bKASAN\b|\bUBSAN\b|'
    r'general protection fault|kernel BUG at|'
    r'possible circular locking|inconsistent lock state|INFO: possible|'
    r'INFO: task .* blocked|detected stalls')
SPLAT_END = '---[ end'
TRACE_PREAMBLE = re.compile(r'\s*$|CPU: |Hardware name: ')
POWEROFF = 'reboot: Power down'


class Test:
    """A KTAP test: a result line, the plan and subtests nested under it."""

    def __init__(self):
        self.name = ''
        self.ok = None  # None: no result line (it never finished)
        self.directive = ''  # SKIP, TODO or TIMEOUT
        self.reason = ''  # the text after the directive, or after '#'
        self.plan = None
        self.plan_skip = None  # reason of a "1..0 # SKIP reason" plan
        self.subtests = []
        self.last_output = ''  # the last line under it that is not KTAP

    @property
    def skipped(self):
        return self.directive == 'SKIP'

    @property
    def failed(self):
        return not self.ok and self.directive != 'TODO'

    def describe(self, name):
        """name, with the directive and reason of the result if any."""
        detail = ' '.join(filter(None, (self.directive, self.reason)))
        return f'{name} ({detail})' if detail else name


def parse_ktap(lines):
    """Return the root Test of the KTAP in lines; other lines are ignored.

    open_tests[d] is the test whose subtests are at depth d; a result at
    depth d completes open_tests[d + 1], the one its subtests were
    building, or is a leaf."""
    open_tests = [Test()]
    for line in lines:
        text = line.lstrip(' ')
        depth = (len(line) - len(text)) // INDENT
        while len(open_tests) <= depth:
            open_tests.append(Test())
        test = open_tests[depth]
        result, plan, subtest = RESULT.match(text), PLAN.match(text), SUBTEST.match(text)
        if result:
            done = open_tests[depth + 1] if len(open_tests) > depth + 1 else Test()
            del open_tests[depth + 1:]
            done.ok = not result.group(1)
            done.name = result.group(3) or result.group(2)
            comment = result.group(4) or ''
            directive = DIRECTIVE.match(comment)
            if directive:
                done.directive = directive.group(1).upper()
                comment = directive.group(2)
            done.reason = comment
            test.subtests.append(done)
        elif plan:
            test.plan = int(plan.group(1))
            test.plan_skip = plan.group(2)
        elif subtest:
            test.name = subtest.group(1)
        elif text:
            test.last_output = text
    return open_tests


class Report:
    def __init__(self):
        self.passed = self.failed = self.skipped = 0
        self.results = {}  # what -> [(top-level test, result, detail)]
        self.kernel_reports = []

    def case(self, name, test):
        if test.skipped:
            self.skipped += 1
            reason = test.reason or test.plan_skip or test.last_output or 'no reason given'
            print(f'SKIP {name} ({reason})')
        elif test.failed:
            self.fail(test.describe(name))
        else:
            self.passed += 1
            print(f'PASS {name}')

    def fail(self, what):
        self.failed += 1
        print(f'FAIL {what}')

    def ktap(self, lines, what, units):
        """Report the KTAP in lines: a case per subtest of each top-level
        test (suite or program), or the top-level test itself if it has
        none; then what did not finish."""
        root, *unfinished = parse_ktap(lines)
        problems = []
        if root.plan is None:
            problems.append(f'{what}: no KTAP output')
        results = self.results.setdefault(what, [])
        for top in root.subtests + [test for test in unfinished[:1] if test.name]:
            for case in top.subtests:
                self.case(f'{top.name}.{case.name}', case)
            results.append((top.name, *verdict(top)))
            if top.ok is None:
                continue  # reported below, as what stopped the run
            if not top.subtests:
                self.case(top.name, top)
                continue
            if top.skipped:
                continue
            cases_failed = any(case.failed for case in top.subtests)
            if top.failed and (top.directive == 'TIMEOUT' or not cases_failed):
                problems.append(top.describe(top.name))
            elif top.plan is not None and len(top.subtests) < top.plan:
                problems.append(f'{top.name}: incomplete, {len(top.subtests)} of {top.plan} results')
        if root.plan is not None and len(root.subtests) < root.plan:
            stopped = f', {unfinished[0].name} did not finish' if unfinished and unfinished[0].name else ''
            problems.append(f'{what}: incomplete, {len(root.subtests)} of {root.plan} {units} reported{stopped}')
        for problem in problems:
            self.fail(problem)

    def splats(self, lines):
        """A failure for each kernel log line reporting a bug, and for each
        call trace that is not part of such a report."""
        in_report = False
        context = ''  # the last line before a call trace that says why
        for number, line in enumerate(lines, 1):
            if line.startswith(SPLAT_END):
                in_report = False
            elif SPLAT.search(line):
                in_report = True
                self.kernel_report(line.strip())
            elif 'Call Trace:' in line and not in_report:
                self.kernel_report(f'call trace at line {number} of the kernel log'
                                   + (f', after: {context}' if context else ''))
            elif not TRACE_PREAMBLE.match(line):
                context = line.strip()

    def kernel_report(self, what):
        self.kernel_reports.append(what)
        self.fail(f'kernel: {what}')

    def summary(self):
        print(f'{self.passed} passed, {self.failed} failed'
              + (f', {self.skipped} skipped' if self.skipped else ''))


def verdict(top):
    """(result, detail) of a top-level test (a program) as a whole."""
    failed_cases = [case.name for case in top.subtests if case.failed]
    if top.ok is None:
        return 'unfinished', 'no result line (the VM stopped)'
    if top.skipped:
        return 'skip', (top.reason or top.plan_skip or top.last_output).lstrip('- ')
    if top.directive == 'TIMEOUT':
        return 'timeout', top.reason
    if top.failed or failed_cases:
        why = top.reason or 'failed: ' + ', '.join(failed_cases)
        return 'fail', f'{why}: {top.last_output}' if top.last_output else why
    return 'pass', ''


def read_lines(path):
    try:
        with open(path, errors='replace') as log:
            return [PRINTK_PREFIX.sub('', line.rstrip('\r\n').replace('\r', ''))
                    for line in log]
    except FileNotFoundError:
        return []


def write_results(path, report):
    with open(path, 'w') as out:
        for name, result, detail in report.results.get('tests', []):
            out.write(f'{name}\t{result}\t{detail}\n')
        for what in report.kernel_reports:
            out.write(f'kernel log\tfail\t{what}\n')


def main():
    parser = argparse.ArgumentParser(description='Judge a test VM run from its two logs.')
    parser.add_argument('--results', metavar='FILE', help='write the verdict of each program to FILE')
    parser.add_argument('kernel_log')
    parser.add_argument('tests_log')
    args = parser.parse_args()
    kernel_log, tests_log = read_lines(args.kernel_log), read_lines(args.tests_log)
    report = Report()
    report.ktap(kernel_log, 'KUnit', 'suites')
    report.ktap(tests_log, 'tests', 'programs')
    report.splats(kernel_log)
    if not any(POWEROFF in line for line in kernel_log):
        report.fail('VM: no poweroff reached (it crashed or timed out)')
    report.summary()
    if args.results:
        write_results(args.results, report)
    sys.exit(1 if report.failed else 0)


if __name__ == '__main__':
    main()
