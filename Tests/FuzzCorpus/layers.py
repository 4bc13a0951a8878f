from common.layers import Affine, Relu, SoftmaxWithLoss
import numpy as np
np.random.seed(1)
a = Affine(np.random.randn(3, 2), np.zeros(2))
r = Relu()
l = SoftmaxWithLoss()
out = l.forward(r.forward(a.forward(np.random.randn(4, 3))), np.array([0, 1, 1, 0]))
a.backward(r.backward(l.backward()))
out, a.dW.shape
