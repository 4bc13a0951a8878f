import numpy as np
t = [0, 0, 1, 0, 0, 0, 0, 0, 0, 0]
y = [0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0]
delta = 1e-7
-np.sum(np.array(t) * np.log(np.array(y) + delta)), 0.5 * np.sum((np.array(y) - np.array(t)) ** 2)
