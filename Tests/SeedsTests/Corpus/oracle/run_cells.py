#!/usr/bin/env python3
"""The corpus oracle: runs a seed document's cells (Corpus/NNN.cells) in python3 + NumPy,
in one namespace as the notebook ran, and prints or records what each cell prints.

    run_cells.py NNN.cells            show each cell's output (and error) as Python gives it
    run_cells.py --check NNN.cells    compare with the expectations in the file; exit 1 if any differ
    run_cells.py --write NNN.cells    rewrite the expected output of `exact`, `approx` and `below`
                                      cells, and the +/- marks of `seed-printout` blocks
    run_cells.py --full NNN.cells     run the cells as the seed has them (no `## replace`), each
                                      headed `## cell N (S s)` with its time (nntutor-bench seeds)

It applies the file's `## seed N` (np.random.seed(N) before the first cell) and `## replace`
lines, puts this folder's helper packages first on sys.path (`book/`, or `course/` then
`book/` for `## oracle course`; `stubs/` for matplotlib), and, like nntutor, lets
os.chdir to a folder that does not exist pass (the seeds were written on other machines).
"""
import ast
import contextlib
import io
import os
import re
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # leave no __pycache__ in the test tree
REGENERATED = ('exact', 'approx', 'below')
NUMBER = re.compile(r'(?<![A-Za-z_0-9.])[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?')


class Cell:
    def __init__(self, number):
        self.number = number
        self.code = []
        self.replacements = []
        self.runs = True
        self.mode = 'none'
        self.argument = ''
        self.expected = []
        self.printout_tolerance = None
        self.printout = []   # (mark, line)

    def runnable(self, full=False):
        code = '\n'.join(self.code).rstrip('\n')
        for old, new in ([] if full else self.replacements):
            code = code.replace(old, new)
        return code


def literals(s):
    out, i = [], 0
    while i < len(s):
        if s[i] == ' ':
            i += 1
            continue
        quote, i, value = s[i], i + 1, ''
        while i < len(s) and s[i] != quote:
            if s[i] == '\\' and i + 1 < len(s):
                value += '\n' if s[i + 1] == 'n' else s[i + 1]
                i += 2
            else:
                value += s[i]
                i += 1
        out.append(value)
        i += 1
    return out


def parse(text):
    header, cells, cell, block = {}, [], None, None
    for line in text.split('\n'):
        if line.startswith('## cell '):
            cell = Cell(line[8:].strip())
            cells.append(cell)
            block = 'code'
        elif cell is None:
            if line.startswith('## seed '):
                header['seed'] = int(line[8:])
            elif line.startswith('## oracle '):
                header['oracle'] = line[10:].strip()
        elif line == '## norun':
            cell.runs = False
        elif line.startswith('## replace '):
            cell.replacements.append(tuple(literals(line[11:])))
            block = None
        elif line.startswith('## expect '):
            parts = line[10:].split(' ', 1)
            cell.mode, cell.argument = parts[0], (parts[1] if len(parts) > 1 else '')
            block = 'expect'
        elif line.startswith('## seed-printout '):
            cell.printout_tolerance = float(line[17:].split()[0])
            block = 'printout'
        elif block == 'code':
            cell.code.append(line)
        elif block == 'expect':
            cell.expected.append(line)
        elif block == 'printout' and line.strip():
            cell.printout.append((line[:1], line[2:]))
    for c in cells:
        while c.expected and not c.expected[-1].strip():
            c.expected.pop()
    return header, cells


def run_cell(source, namespace):
    """(stdout, error name or None, whether something was drawn) for one cell."""
    import matplotlib.pyplot as plt
    out, error = io.StringIO(), None
    with contextlib.redirect_stdout(out):
        try:
            tree = ast.parse(source)
            last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
            exec(compile(tree, '<cell>', 'exec'), namespace)
            if last is not None:
                value = eval(compile(ast.Expression(last.value), '<cell>', 'eval'), namespace)
                if value is not None:
                    print(repr(value))
        except Exception as e:  # the cell's own error, as the notebook shows it
            error = f'{type(e).__name__}: {e}'
            print(f'[{error}]', file=sys.stderr)
    return out.getvalue(), error, bool(plt.take_drawn())


def skeleton(line):
    return ' '.join(NUMBER.sub('#', line).split())


def numbers(line):
    return [float(m.group(0)) for m in NUMBER.finditer(line)]


def within(a, b, tolerance):
    na, nb = numbers(a), numbers(b)
    return skeleton(a) == skeleton(b) and len(na) == len(nb) and all(abs(x - y) <= tolerance for x, y in zip(na, nb))


def printout_marks(cell, lines):
    """For each of the seed's printed lines, '+' when this run's line at the same place
    (the k-th line of the same shape) is within the tolerance, else '-'."""
    marks, seen = [], {}
    for _, seed_line in cell.printout:
        key = skeleton(seed_line)
        k = seen.get(key, 0)
        seen[key] = k + 1
        same = [l for l in lines if skeleton(l) == key]
        ok = k < len(same) and within(same[k], seed_line, cell.printout_tolerance)
        marks.append('+' if ok else '-')
    return marks


def mismatch(cell, lines, error, drawn):
    if cell.mode not in ('error', 'skip') and error:
        return f'raised {error}'
    expected = [l.rstrip() for l in cell.expected]
    if cell.mode == 'none':
        return None if not lines else 'printed output'
    if cell.mode == 'exact':
        return None if lines == expected else 'output differs'
    if cell.mode in ('approx', 'below'):
        if len(lines) != len(expected):
            return 'line count differs'
        tol = float(cell.argument)
        for a, e in zip(lines, expected):
            if cell.mode == 'approx' and not within(a, e, tol):
                return f'{a!r} vs {e!r}'
            if cell.mode == 'below' and (skeleton(a) != skeleton(e) or any(abs(x) >= tol for x in numbers(a))):
                return f'{a!r} not below {tol}'
        return None
    if cell.mode == 'plot':
        return None if drawn else 'nothing drawn'
    if cell.mode == 'error':
        return None if error and error.startswith(cell.argument) else f'expected {cell.argument}, got {error}'
    if cell.mode == 'lines':
        return None if len(lines) == int(cell.argument) else 'line count differs'
    if cell.mode == 'contains':
        return None if cell.argument in '\n'.join(lines) else 'text missing'
    return None


def main(argv):
    action = argv[1] if argv[1] in ('--check', '--write', '--full') else None
    path = argv[-1]
    with open(path, encoding='utf-8') as f:
        text = f.read()
    header, cells = parse(text)
    variant = header.get('oracle', 'book')
    for folder in (['book', 'course'] if variant == 'course' else ['book']) + ['stubs']:
        sys.path.insert(0, os.path.join(HERE, folder))
    real_chdir = os.chdir
    os.chdir = lambda p: real_chdir(p) if os.path.isdir(p) else None
    import numpy as np
    namespace = {'__name__': '__main__'}
    if 'seed' in header:
        np.random.seed(header['seed'])
    results, failures = {}, 0
    for cell in cells:
        if not cell.runs:
            continue
        started = time.perf_counter()
        output, error, drawn = run_cell(cell.runnable(full=action == '--full'), namespace)
        seconds = time.perf_counter() - started
        lines = output.rstrip('\n').split('\n') if output.strip() else []
        lines = [l.rstrip() for l in lines]
        results[cell.number] = (lines, error, drawn)
        problem = mismatch(cell, lines, error, drawn) if action == '--check' else None
        if action is None:
            print(f'## cell {cell.number}' + (f'  [{error}]' if error else '') + ('  [drew]' if drawn else ''))
            print('\n'.join(lines))
        if action == '--full':
            print(f'## cell {cell.number} ({seconds:.3f} s)' + (f'  [{error}]' if error else ''))
            print('\n'.join(lines), flush=True)
        if problem:
            failures += 1
            print(f'cell {cell.number} ({cell.mode}): {problem}')
        if action == '--check' and cell.printout:
            marks = printout_marks(cell, lines)
            if marks != [m for m, _ in cell.printout]:
                failures += 1
                print(f'cell {cell.number}: seed-printout marks should be {"".join(marks)}')
    if action == '--write':
        out, current, skipping = [], None, False
        by_number = {c.number: c for c in cells}
        for line in text.split('\n'):
            if line.startswith('## '):
                skipping = False
            if line.startswith('## cell '):
                current = by_number[line[8:].strip()]
            if skipping:
                continue
            if current and line.startswith('## expect ') and current.mode in REGENERATED and current.number in results:
                out.append(line)
                out.extend(results[current.number][0])
                skipping = True
                continue
            if current and line.startswith('## seed-printout ') and current.number in results:
                out.append(line)
                marks = printout_marks(current, results[current.number][0])
                out.extend(f'{m} {l}' for m, (_, l) in zip(marks, current.printout))
                skipping = True
                continue
            out.append(line)
        with open(path, 'w', encoding='utf-8') as f:
            f.write('\n'.join(out).rstrip('\n') + '\n')
    if action == '--check':
        print(f'{path}: {failures} cell(s) differ from python3')
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
