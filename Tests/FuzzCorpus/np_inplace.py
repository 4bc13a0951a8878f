import numpy as np
W = np.ones((2, 2))
W -= 0.1 * W
W[W > 0.5] = 0
W[0] += 1
W[:, 1] *= 3
W, np.where(W > 0, W, -1)
