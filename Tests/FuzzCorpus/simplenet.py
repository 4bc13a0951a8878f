from common.gradient import numerical_gradient
import numpy as np
net = simpleNet()
x = np.array([0.6, 0.9])
f = lambda w: net.loss(x, np.array([0, 0, 1]))
numerical_gradient(f, net.W).shape
