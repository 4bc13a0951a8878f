"""Activation and loss functions as the book's common/functions.py defines them.

Written for the corpus oracle: python3 runs the seed cells against these so that the
expected outputs are what the learners' notebooks compute. The older two-dimensional
softmax (work on the transpose, column by column) is kept because nntutor follows it.
"""
import numpy as np


def identity_function(x):
    return x


def step_function(x):
    return np.array(x > 0, dtype=int)


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def sigmoid_grad(x):
    return (1.0 - sigmoid(x)) * sigmoid(x)


def relu(x):
    return np.maximum(0, x)


def relu_grad(x):
    grad = np.zeros_like(x)
    grad[x >= 0] = 1
    return grad


def softmax(x):
    if x.ndim == 2:
        cols = x.T
        cols = cols - np.max(cols, axis=0)
        out = np.exp(cols) / np.sum(np.exp(cols), axis=0)
        return out.T
    shifted = x - np.max(x)
    return np.exp(shifted) / np.sum(np.exp(shifted))


def mean_squared_error(y, t):
    return 0.5 * np.sum((y - t) ** 2)


def cross_entropy_error(y, t):
    if y.ndim == 1:
        t = t.reshape(1, t.size)
        y = y.reshape(1, y.size)
    # One-hot teacher rows become label indices.
    if t.size == y.size:
        t = t.argmax(axis=1)
    n = y.shape[0]
    return -np.sum(np.log(y[np.arange(n), t] + 1e-7)) / n


def softmax_loss(x, t):
    return cross_entropy_error(softmax(x), t)
