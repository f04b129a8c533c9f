#!/usr/bin/env python3
"""Runs a command and splits its resident memory, polled from /proc/PID/smaps, into the Java heap, other
anonymous memory (native: malloc arenas, thread stacks, the JVM's own) and mapped files.

    bench/rss-split.py [--heap START-END] [--every S] [--csv FILE] -- ./actionrec timeline VIDEO -m MODEL

The heap is the address range given by --heap; the default is where a 1 GiB heap with compressed oops is
placed (the launcher's -Xmx1g for timeline and live); `java -Xmx1g -Xlog:gc+heap+coops=debug -version` prints
it for another -Xmx. The launcher execs java, so the command's own process is the JVM. Prints the peak of the
total with its split, and the highest value of each part.
"""
import argparse
import subprocess
import sys
import time


def split(pid, heap_from, heap_to):
    heap = anon = files = 0
    in_heap = named = False
    with open(f'/proc/{pid}/smaps') as f:
        for line in f:
            head = line.split(None, 6)
            if '-' in head[0] and ':' not in head[0]:  # a mapping's first line: range perms offset dev inode [path]
                start, end = (int(x, 16) for x in head[0].split('-'))
                in_heap = start >= heap_from and end <= heap_to
                path = head[5].strip() if len(head) > 5 else ''
                named = bool(path) and not path.startswith('[')
            elif head[0] == 'Rss:':
                kib = int(head[1])
                if in_heap:
                    heap += kib
                elif named:
                    files += kib
                else:
                    anon += kib
    return heap // 1024, anon // 1024, files // 1024


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('--heap', default='c0000000-100000000', help='the Java heap address range, hex START-END')
    p.add_argument('--every', type=float, default=1.0, help='seconds between polls (default 1)')
    p.add_argument('--csv', help='also write every poll: t_s,total_mib,heap_mib,anon_mib,files_mib')
    p.add_argument('command', nargs=argparse.REMAINDER)
    a = p.parse_args()
    command = a.command[1:] if a.command[:1] == ['--'] else a.command
    if not command:
        p.error('no command given')
    heap_from, heap_to = (int(x, 16) for x in a.heap.split('-'))
    out = open(a.csv, 'w') if a.csv else None
    if out:
        out.write('t_s,total_mib,heap_mib,anon_mib,files_mib\n')
    start = time.time()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    rows = []
    while proc.poll() is None:
        try:
            heap, anon, files = split(proc.pid, heap_from, heap_to)
        except (FileNotFoundError, ProcessLookupError):
            break
        row = (time.time() - start, heap + anon + files, heap, anon, files)
        rows.append(row)
        if out:
            out.write('%.1f,%d,%d,%d,%d\n' % row)
            out.flush()
        time.sleep(a.every)
    code = proc.wait()
    if not rows:
        sys.exit(f'the command ended before its memory could be read (exit code {code})')
    peak = max(rows, key=lambda r: r[1])
    print('wall %.1f s, exit code %d, %d polls' % (time.time() - start, code, len(rows)))
    print('peak %d MiB at %.1f s: heap %d, other anonymous %d, files %d MiB' % (peak[1], peak[0], *peak[2:]))
    print('highest: heap %d, other anonymous %d, files %d MiB' % tuple(max(r[i] for r in rows) for i in (2, 3, 4)))
    sys.exit(code)


if __name__ == '__main__':
    main()
