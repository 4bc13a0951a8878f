import numpy as np
np.save('w.npy', np.arange(3))
np.load('w.npy')
