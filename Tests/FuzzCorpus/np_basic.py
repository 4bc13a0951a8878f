import numpy as np
x = np.array([[1.0, 2.0], [3.0, 4.0]])
y = x.T @ x + np.arange(2)
y.sum(axis=1, keepdims=True), y.shape, y.dtype, y[:, 0], y[y > 5]
