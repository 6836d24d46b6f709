#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Compare the same programs run on two kernels (make kvm-compare).

usage: compare.py PROGRAMS BASE_RESULTS PATCHED_RESULTS

PROGRAMS has one line per program to compare, in order:
"name<TAB>built" or "name<TAB>does not build".
BASE_RESULTS and PATCHED_RESULTS are report.py --results files.

Prints a table (program, result on each kernel, detail) and a verdict line
"N regressions". A regression is a program that passes on the base and
does not on the patched kernel (fails, times out, did not finish or was
not run), or a kernel log report (splat, call trace) on the patched kernel
that the base does not have, numbers aside. Exits 1 if there is any
regression, or if nothing passed on the base (no comparison).
"""
import re
import sys
from collections import Counter

BROKEN = {'fail', 'timeout', 'unfinished', 'not run'}
KERNEL_LOG = 'kernel log'


def read_table(path):
    """{name: (result, detail)} of the "name<TAB>result[<TAB>detail]" lines
    but the kernel log ones, and the set of those kernel log reports with
    numbers (times, addresses, line numbers) masked."""
    table, kernel = {}, set()
    with open(path) as lines:
        for line in lines:
            if line.strip():
                name, result, detail, *_ = line.rstrip('\n').split('\t', 2) + ['']
                if name == KERNEL_LOG:
                    kernel.add(re.sub(r'(0x)?[0-9a-f]*[0-9][0-9a-f]*', 'N', detail))
                else:
                    table[name] = (result, detail)
    return table, kernel


def program_row(name, base, patched):
    """(name, base result, patched result, detail, regressed)."""
    (b, b_detail), (p, p_detail) = (side.get(name, ('not run', '')) for side in (base, patched))
    detail = b_detail if b_detail == p_detail or not p_detail else \
        f'base: {b_detail or "-"}; patched: {p_detail}'
    return name, b, p, detail, b == 'pass' and p in BROKEN


def kernel_log_row(base, patched):
    """The kernel log line: the number of reports on each kernel; it
    regresses if the patched kernel has reports the base has not."""
    new = sorted(patched - base)
    count = lambda reports: f'{len(reports)} reports' if reports else 'clean'
    detail = f'new with the series: {new[0]}' + (f' (and {len(new) - 1} more)' if len(new) > 1 else '') \
        if new else '; '.join(sorted(base))
    return KERNEL_LOG, count(base), count(patched), detail, bool(new)


def main():
    if len(sys.argv) != 4:
        sys.exit('usage: compare.py PROGRAMS BASE_RESULTS PATCHED_RESULTS')
    programs, _ = read_table(sys.argv[1])  # name -> (built or not, '')
    (base, base_kernel), (patched, patched_kernel) = read_table(sys.argv[2]), read_table(sys.argv[3])

    rows = [program_row(name, base, patched) if built == 'built' else (name, built, built, '', False)
            for name, (built, _) in programs.items()]
    counts = {side: Counter(row[column] for row in rows) for side, column in (('base', 1), ('patched', 2))}
    rows.append(kernel_log_row(base_kernel, patched_kernel))

    width = max(len(row[0]) for row in rows)
    print(f'{"program":{width}}  {"base":14}  {"patched":14}  detail')
    for name, b, p, detail, regressed in rows:
        mark = '  <- REGRESSION' if regressed else ''
        print(f'{name:{width}}  {b:14}  {p:14}  {detail[:100]}{mark}'.rstrip())
    for side, count in counts.items():
        print(f'{side}: ' + ', '.join(f'{n} {result}' for result, n in count.most_common()))
    regressions = [row[0] for row in rows if row[4]]
    print(f'{len(regressions)} regressions' + (f': {", ".join(regressions)}' if regressions else ''))
    if not counts['base']['pass']:
        print('nothing passed on the base kernel: no comparison (is KVM working in the VM?)')
        sys.exit(1)
    sys.exit(1 if regressions else 0)


if __name__ == '__main__':
    main()
