import numpy as np
x = np.array([[0.1, 0.8, 0.1], [0.3, 0.1, 0.6]])
x = x - np.max(x, axis=1, keepdims=True)
y = np.exp(x) / np.sum(np.exp(x), axis=1, keepdims=True)
y.round(4), np.isclose(y.sum(), 2.0)
