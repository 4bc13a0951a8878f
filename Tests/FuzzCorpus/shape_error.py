import numpy as np
np.ones((2, 3)) @ np.ones((2, 3))
