"""A recording stand-in for matplotlib.pyplot, for the corpus oracle.

It draws nothing: it checks its arguments the way matplotlib does (same exceptions, same
messages) and remembers whether anything was drawn, so the oracle can tell which cells
plot. The notebook's inline backend shows a figure at the end of a cell; `take_drawn()`
is that moment.
"""
import numpy as np

_drawn = []


class Line2D:
    def __repr__(self):
        return '<matplotlib.lines.Line2D object>'


def take_drawn():
    """What was drawn since the last call (the inline backend's end-of-cell flush)."""
    global _drawn
    out, _drawn = _drawn, []
    return out


def _columns(a):
    a = np.asarray(a)
    if a.ndim > 2:
        return None, a
    return (a.reshape(-1, 1) if a.ndim < 2 else a), a


def _xy(x, y):
    xc, xa = _columns(x)
    yc, ya = _columns(y)
    if xa.shape[:1] != ya.shape[:1]:
        raise ValueError(f"x and y must have same first dimension, but have shapes {xa.shape} and {ya.shape}")
    if xc is None or yc is None:
        raise ValueError(f"x and y can be no greater than 2D, but have shapes {xa.shape} and {ya.shape}")
    nx, ny = xc.shape[1], yc.shape[1]
    if nx != ny and nx != 1 and ny != 1:
        raise ValueError(f"x has {nx} columns but y has {ny} columns")
    return max(nx, ny)


def plot(*args, **kwargs):
    groups, rest = [], list(args)
    while rest:
        # One group: [x,] y [, fmt]
        if len(rest) >= 2 and not isinstance(rest[1], str):
            x, y, rest = rest[0], rest[1], rest[2:]
        else:
            y, rest = rest[0], rest[1:]
            x = np.arange(np.asarray(y).shape[0])
        if rest and isinstance(rest[0], str):
            rest = rest[1:]
        groups.append((x, y))
    lines = []
    for x, y in groups:
        lines += [Line2D() for _ in range(_xy(x, y))]
    _drawn.extend(lines)
    return lines


def scatter(x, y, *args, **kwargs):
    if np.asarray(x).size != np.asarray(y).size:
        raise ValueError("x and y must be the same size")
    _drawn.append('scatter')


def quiver(*args, **kwargs):
    _drawn.append('quiver')


def imshow(x, *args, **kwargs):
    _drawn.append('imshow')


def hist(x, *args, **kwargs):
    _drawn.append('hist')


def _limits(args, kwargs):
    if len(args) == 1:
        lo, hi = args[0]
    elif len(args) == 2:
        lo, hi = args
    else:
        lo, hi = 0.0, 1.0
    return (float(lo), float(hi))


def xlim(*args, **kwargs):
    return _limits(args, kwargs)


def ylim(*args, **kwargs):
    return _limits(args, kwargs)


def _accept(*args, **kwargs):
    return None


xlabel = ylabel = title = legend = grid = figure = subplot = show = savefig = clf = close = draw = _accept
