"""The functions of the course variant of common/functions.py that seed 003 calls.

That variant puts the teacher data first: loss(d, y), and adds derivative helpers named
d_*. Written for the corpus oracle so that python3 computes what the seed's notebook did.
"""
import numpy as np


def relu(x):
    return np.maximum(0, x)


def d_relu(x):
    return np.where(x > 0, 1, 0)


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def d_sigmoid(x):
    s = sigmoid(x)
    return (1.0 - s) * s


def mean_squared_error(d, y):
    return np.mean(np.square(d - y)) / 2


def d_mean_squared_error(d, y):
    # An array of teacher rows is averaged over the batch; a lone number is not.
    if type(d) == np.ndarray:
        return (y - d) / d.shape[0]
    return y - d


def cross_entropy_error(d, y):
    if y.ndim == 1:
        d = d.reshape(1, d.size)
        y = y.reshape(1, y.size)
    if d.size == y.size:
        d = d.argmax(axis=1)
    n = y.shape[0]
    return -np.sum(np.log(y[np.arange(n), d] + 1e-7)) / n
