import numpy as np
np.random.seed(0)
mask = np.random.choice(60000, 10)
np.random.randn(2, 3), mask, np.random.rand(2)
