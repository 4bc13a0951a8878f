"""The book's numerical gradient (common/gradient.py): central differences, element by element."""
import numpy as np


def numerical_gradient(f, x):
    h = 1e-4
    grad = np.zeros_like(x)
    it = np.nditer(x, flags=['multi_index'], op_flags=['readwrite'])
    while not it.finished:
        idx = it.multi_index
        saved = x[idx]
        x[idx] = float(saved) + h
        up = f(x)
        x[idx] = saved - h
        down = f(x)
        grad[idx] = (up - down) / (2 * h)
        x[idx] = saved
        it.iternext()
    return grad
