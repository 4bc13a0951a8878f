import matplotlib.pyplot as plt
import numpy as np
X, Y = np.meshgrid(np.arange(-2, 2.5, 0.5), np.arange(-2, 2.5, 0.5))
plt.quiver(X, Y, -2 * X, -2 * Y, angles='xy')
plt.grid(); plt.show()
