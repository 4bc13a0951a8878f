import matplotlib.pyplot as plt
import numpy as np
x = np.arange(0.0, 20.0, 0.1)
plt.plot(x, 0.01 * x ** 2 + 0.1 * x, label='f')
plt.xlabel('x'); plt.legend(); plt.ylim(-1, 6)
plt.show()
