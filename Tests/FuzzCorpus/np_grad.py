import numpy as np
def numerical_gradient(f, x):
    h = 1e-4
    grad = np.zeros_like(x)
    it = np.nditer(x, flags=['multi_index'], op_flags=['readwrite'])
    while not it.finished:
        i = it.multi_index
        tmp = x[i]
        x[i] = tmp + h
        a = f(x)
        x[i] = tmp - h
        b = f(x)
        grad[i] = (a - b) / (2 * h)
        x[i] = tmp
        it.iternext()
    return grad
numerical_gradient(lambda x: np.sum(x ** 2), np.array([3.0, 4.0]))
