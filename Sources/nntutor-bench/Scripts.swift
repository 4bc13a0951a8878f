/// The seeds' training run written the way the seeds write it: a layer-based TwoLayerNet
/// class and a for loop. The same text runs in python3 and in nntutor's language; only
/// the prelude that loads MNIST differs. It prints the accuracies and `seconds: S`.
enum Scripts {
    static let bookTraining = """
    import time
    import numpy as np
    from collections import OrderedDict

    class Relu:
        def forward(self, x):
            self.mask = (x <= 0)
            out = x.copy()
            out[self.mask] = 0
            return out
        def backward(self, dout):
            dout[self.mask] = 0
            return dout

    class Affine:
        def __init__(self, W, b):
            self.W = W
            self.b = b
        def forward(self, x):
            self.x = x
            return np.dot(x, self.W) + self.b
        def backward(self, dout):
            dx = np.dot(dout, self.W.T)
            self.dW = np.dot(self.x.T, dout)
            self.db = np.sum(dout, axis=0)
            return dx

    def softmax(x):
        x = x - np.max(x, axis=-1, keepdims=True)
        return np.exp(x) / np.sum(np.exp(x), axis=-1, keepdims=True)

    def cross_entropy_error(y, t):
        if t.size == y.size:
            t = t.argmax(axis=1)
        n = y.shape[0]
        return -np.sum(np.log(y[np.arange(n), t] + 1e-7)) / n

    class SoftmaxWithLoss:
        def forward(self, x, t):
            self.t = t
            self.y = softmax(x)
            return cross_entropy_error(self.y, self.t)
        def backward(self, dout=1):
            return (self.y - self.t) / self.t.shape[0]

    class TwoLayerNet:
        def __init__(self, input_size, hidden_size, output_size, weight_init_std=0.01):
            self.params = {}
            self.params['W1'] = weight_init_std * np.random.randn(input_size, hidden_size)
            self.params['b1'] = np.zeros(hidden_size)
            self.params['W2'] = weight_init_std * np.random.randn(hidden_size, output_size)
            self.params['b2'] = np.zeros(output_size)
            self.layers = OrderedDict()
            self.layers['Affine1'] = Affine(self.params['W1'], self.params['b1'])
            self.layers['Relu1'] = Relu()
            self.layers['Affine2'] = Affine(self.params['W2'], self.params['b2'])
            self.lastLayer = SoftmaxWithLoss()
        def predict(self, x):
            for layer in self.layers.values():
                x = layer.forward(x)
            return x
        def loss(self, x, t):
            return self.lastLayer.forward(self.predict(x), t)
        def accuracy(self, x, t):
            y = np.argmax(self.predict(x), axis=1)
            return np.sum(y == np.argmax(t, axis=1)) / float(x.shape[0])
        def gradient(self, x, t):
            self.loss(x, t)
            dout = self.lastLayer.backward(1)
            for layer in reversed(list(self.layers.values())):
                dout = layer.backward(dout)
            grads = {}
            grads['W1'], grads['b1'] = self.layers['Affine1'].dW, self.layers['Affine1'].db
            grads['W2'], grads['b2'] = self.layers['Affine2'].dW, self.layers['Affine2'].db
            return grads

    np.random.seed(0)
    network = TwoLayerNet(784, 50, 10)
    iters_num = ITERATIONS
    train_size = x_train.shape[0]
    batch_size = 100
    learning_rate = 0.1
    iter_per_epoch = max(train_size / batch_size, 1)
    start = time.perf_counter()
    for i in range(iters_num):
        batch_mask = np.random.choice(train_size, batch_size)
        x_batch = x_train[batch_mask]
        t_batch = t_train[batch_mask]
        grad = network.gradient(x_batch, t_batch)
        for key in ('W1', 'b1', 'W2', 'b2'):
            network.params[key] -= learning_rate * grad[key]
        loss = network.loss(x_batch, t_batch)
        if i % iter_per_epoch == 0:
            print("train acc, test acc | %.4f, %.4f" % (network.accuracy(x_train, t_train), network.accuracy(x_test, t_test)))
    print("seconds: %.3f" % (time.perf_counter() - start))
    """

    static func pythonPrelude(mnist: String) -> String {
        """
        import gzip, os
        import numpy as np
        def _idx(name, offset):
            with gzip.open(os.path.join('\(mnist)', name + '.gz'), 'rb') as f:
                return np.frombuffer(f.read(), np.uint8, offset=offset)
        x_train = _idx('train-images-idx3-ubyte', 16).reshape(-1, 784).astype(np.float32) / 255.0
        x_test = _idx('t10k-images-idx3-ubyte', 16).reshape(-1, 784).astype(np.float32) / 255.0
        t_train = np.eye(10)[_idx('train-labels-idx1-ubyte', 8)]
        t_test = np.eye(10)[_idx('t10k-labels-idx1-ubyte', 8)]

        """
    }

    static let nntutorPrelude = """
    from dataset.mnist import load_mnist
    (x_train, t_train), (x_test, t_test) = load_mnist(normalize=True, one_hot_label=True)

    """
}
