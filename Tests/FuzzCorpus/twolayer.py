import numpy as np
np.random.seed(0)
net = TwoLayerNet(input_size=4, hidden_size=3, output_size=2)
x = np.random.rand(5, 4)
t = np.array([[1, 0], [0, 1], [1, 0], [0, 1], [1, 0]])
g = net.gradient(x, t)
for k in ('W1', 'b1', 'W2', 'b2'):
    net.params[k] -= 0.1 * g[k]
net.loss(x, t), net.accuracy(x, t)
