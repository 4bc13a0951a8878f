import Testing
@testable import Language

/// Python + NumPy programs (the kind the book's chapter 4 has learners type) run in python3
/// and in nntutor: printed output and the final error line must be identical.
@Suite struct NumPyDifferentialTests {
    static let programs: [String] = [
        // Losses on the book's ten-class example.
        """
        import numpy as np
        def squared_error(y, t):
            return 0.5 * np.sum((y - t) ** 2)
        t = [0, 0, 1, 0, 0, 0, 0, 0, 0, 0]
        good = [0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0]
        bad = [0.1, 0.05, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0]
        print(squared_error(np.array(good), np.array(t)), squared_error(np.array(bad), np.array(t)))
        """,
        """
        import numpy as np
        def cross_entropy(y, t):
            tiny = 1e-7
            return -np.sum(t * np.log(y + tiny))
        t = np.array([0, 0, 1, 0, 0, 0, 0, 0, 0, 0])
        y1 = np.array([0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0])
        y2 = np.array([0.1, 0.05, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0])
        print(cross_entropy(y1, t), cross_entropy(y2, t))
        print(repr(cross_entropy(y1, t)))
        """,
        """
        import numpy as np
        def batch_cross_entropy(y, t):
            if y.ndim == 1:
                t = t.reshape(1, t.size)
                y = y.reshape(1, y.size)
            n = y.shape[0]
            return -np.sum(np.log(y[np.arange(n), t] + 1e-7)) / n
        y = np.array([[0.1, 0.8, 0.1], [0.3, 0.3, 0.4]])
        print(batch_cross_entropy(y, np.array([1, 2])))
        print(batch_cross_entropy(np.array([0.2, 0.7, 0.1]), np.array([1])))
        """,
        // Derivatives.
        """
        import numpy as np
        def derivative(f, x):
            h = 1e-4
            return (f(x + h) - f(x - h)) / (2 * h)
        def curve(x):
            return 0.01 * x ** 2 + 0.1 * x
        print(derivative(curve, 5), derivative(curve, 10))
        x = np.arange(0.0, 20.0, 0.1)
        print(x.shape, curve(x)[:4], x[-1])
        def tangent(f, x):
            d = derivative(f, x)
            return lambda t: d * t + (f(x) - d * x)
        print(tangent(curve, 5)(np.array([0.0, 5.0, 10.0])))
        """,
        """
        import numpy as np
        def f0(x0):
            return x0 * x0 + 4.0 ** 2.0
        def f1(x1):
            return 3.0 ** 2.0 + x1 * x1
        h = 1e-4
        print((f0(3.0 + h) - f0(3.0 - h)) / (2 * h), (f1(4.0 + h) - f1(4.0 - h)) / (2 * h))
        print(np.float32(1e-50), np.float32(1e-50) == 0.0)
        """,
        // The gradient, element by element, with nditer as the book writes it.
        """
        import numpy as np
        def grad(f, x):
            h = 1e-4
            g = np.zeros_like(x)
            it = np.nditer(x, flags=['multi_index'], op_flags=['readwrite'])
            while not it.finished:
                i = it.multi_index
                keep = x[i]
                x[i] = float(keep) + h
                a = f(x)
                x[i] = keep - h
                b = f(x)
                g[i] = (a - b) / (2 * h)
                x[i] = keep
                it.iternext()
            return g
        def f2(x):
            return np.sum(x ** 2)
        for p in ([3.0, 4.0], [0.0, 2.0], [3.0, 0.0]):
            print(grad(f2, np.array(p)))
        print(grad(f2, np.array([[1.0, 2.0], [3.0, 4.0]])))
        """,
        """
        import numpy as np
        def grad1d(f, x):
            h = 1e-4
            g = np.zeros_like(x)
            for i in range(x.size):
                v = x[i]
                x[i] = v + h
                a = f(x)
                x[i] = v - h
                b = f(x)
                g[i] = (a - b) / (2 * h)
                x[i] = v
            return g
        def descend(f, x0, lr=0.01, steps=100):
            x = x0
            for _ in range(steps):
                x -= lr * grad1d(f, x)
            return x
        f2 = lambda x: x[0] ** 2 + x[1] ** 2
        print(descend(f2, np.array([-3.0, 4.0]), lr=0.1))
        print(descend(f2, np.array([-3.0, 4.0]), lr=10.0))
        print(descend(f2, np.array([-3.0, 4.0]), lr=1e-10))
        """,
        // A tiny network's forward pass with seeded weights.
        """
        import numpy as np
        np.random.seed(0)
        W = np.random.randn(2, 3)
        x = np.array([0.6, 0.9])
        p = np.dot(x, W)
        print(W)
        print(p, np.argmax(p))
        e = np.exp(p - np.max(p))
        y = e / np.sum(e)
        t = np.array([0, 0, 1])
        print(y, -np.sum(t * np.log(y + 1e-7)))
        """,
        """
        import numpy as np
        np.random.seed(42)
        idx = np.random.choice(60000, 10)
        print(idx)
        x = np.random.rand(100, 784)
        print(x[idx % 100].shape, np.random.randint(0, 10, size=5), np.random.permutation(5))
        a = np.arange(10)
        np.random.shuffle(a)
        print(a, np.random.uniform(-1, 1, 3), np.random.normal(0, 1, 2))
        """,
        // Broadcasting, reductions and shapes.
        """
        import numpy as np
        a = np.arange(12).reshape(3, 4)
        print(a + np.array([10, 20, 30, 40]), a * 0.5)
        print(a.sum(), a.sum(axis=0), a.sum(axis=1, keepdims=True), a.mean(axis=1), a.max(), a.argmax(axis=0))
        print(np.std(a), np.var(a, axis=0), np.cumsum(a), np.prod(a[1]), np.average(a, axis=1))
        print(a.T, a.reshape(-1, 6).shape, a.flatten()[:3], np.squeeze(a[:, :1]).shape, np.expand_dims(a, 0).shape)
        print(a[1], a[1, 2], a[-1, ::-2], a[:, np.newaxis, 1].shape, a[..., 0], a[a > 5], a[[0, 2]])
        """,
        """
        import numpy as np
        x = np.array([[1.0, -2.0], [-0.5, 3.0]])
        mask = (x <= 0)
        out = x.copy()
        out[mask] = 0
        print(mask, out, x)
        y = 1 / (1 + np.exp(-x))
        print(y, np.maximum(0, x), np.tanh(x), np.sign(x), np.abs(x), np.sqrt(np.abs(x)))
        print(np.where(x > 0, x, 0.0), np.clip(x, -1, 1), np.round(x * 1.2345, 2), np.floor(x), np.isnan(x).any())
        """,
        """
        import numpy as np
        a = np.array([[1, 2], [3, 4]])
        b = np.array([[5, 6], [7, 8]])
        print(np.dot(a, b), a @ b, np.dot(a, np.array([1, 1])), np.outer([1, 2], [3, 4]), np.matmul(b, a))
        print(np.dot(np.ones(3), np.arange(3.0)), a.dtype, (a / 2).dtype, (a // 2), a % 3, a ** 2, -a)
        print(np.float32(0.5) * np.ones(2, dtype=np.float32), (np.ones(2, dtype=np.float32) * 0.1).dtype)
        """,
        """
        import numpy as np
        print(np.zeros((2, 3)), np.ones(3, dtype=int), np.full((2, 2), 7.5), np.eye(3), np.empty(0))
        print(np.arange(5), np.arange(1, 2, 0.25), np.linspace(0, 1, 5), np.linspace(-1, 1, 4))
        X, Y = np.meshgrid(np.arange(-2, 2.5, 1), np.arange(-1, 1.5, 1))
        print(X, Y, X.flatten(), np.concatenate([X, Y]).shape, np.stack([X, Y]).shape, np.vstack([X, Y]).shape, np.hstack([X, Y]).shape)
        """,
        """
        import numpy as np
        a = np.array([0.1, 0.2, 0.3])
        print(a, repr(a), str(a[0]), repr(a[0]), a.tolist(), float(a[1]), int(np.int64(3)), a.item(0))
        print(repr(np.array([1, 2], dtype=np.uint8)), repr(np.array([True, False])), repr(np.array(3.5)), np.array(3.5))
        print(np.array([1e-5, 1.0]), np.array([1e9, 1.0]), np.array([np.nan, np.inf, -np.inf]), np.array([[1e-10, 1.0], [2.0, 3.0]]))
        print(len(a), a.size, a.ndim, a.shape, a.nbytes, a.dtype.name, type(a).__name__, type(a[0]).__name__)
        """,
        """
        import numpy as np
        acc = []
        for i in range(3):
            acc.append(np.float64(i) / 4)
        print(acc, max(acc), sum(acc), np.array(acc))
        print([round(float(v), 3) for v in np.linspace(0, 1, 4)], '%.4f' % np.float64(0.123456), f'{np.float64(2.5):.2f}')
        """,
        """
        import numpy as np
        a = np.arange(6.0).reshape(2, 3)
        v = a[:, 1]
        v += 100
        a[0] *= 2
        a[1, :] -= np.array([1.0, 1.0, 1.0])
        print(a, v)
        b = a
        b /= 2
        print(a is b, a)
        """,
        // Errors as NumPy reports them.
        "import numpy as np\nnp.ones(3) + np.ones(4)",
        "import numpy as np\nnp.dot(np.ones((2, 3)), np.ones((2, 3)))",
        "import numpy as np\nnp.arange(6).reshape(4, 5)",
        "import numpy as np\nnp.arange(3)[5]",
        "import numpy as np\nnp.array([[1, 2], [3]])",
        "import numpy as np\na = np.arange(3)\na += 1.5",
        "import numpy as np\nnp.zeros((2, 2)).sum(axis=2)",
        "import numpy as np\nnp.ones(3) @ np.ones(4)",
        "import numpy as np\nnp.max(np.zeros(0))",
        "import numpy as np\nx = np.ones(3)\nx[np.array([True, False])]",
        "import numpy as np\nprint(np.ones(2) / 0, -np.ones(2) / 0, np.zeros(1) / 0, np.log(0.0), np.array([1, 0]) // 0)",
        // The flat float64 path (a contiguous array with a number, or two of one shape): every
        // operation and comparison, the number on either side, NaN, infinities and signed zeros,
        // and the arrays it must leave to the general path (views, other dtypes, broadcasting).
        """
        import numpy as np
        a = np.array([[1.5, -0.0, 0.0, np.nan], [np.inf, -np.inf, 3.0, -2.0]])
        b = np.array([[0.0, 0.0, 2.0, 1.0], [np.inf, 1.0, np.nan, -2.0]])
        for s in (0, 2, -1.5, 0.0):
            print(repr(a + s), repr(s + a), repr(a - s), repr(s - a))
            print(repr(a * s), repr(s * a), repr(a / s), repr(s / a))
            print(a <= s, s <= a, a < s, s < a, a == s, s == a, a != s, a >= s, s >= a, a > s, s > a)
        print(repr(a + b), repr(a - b), repr(a * b), repr(a / b))
        print(a == b, a != b, a < b, a <= b, a > b, a >= b)
        print(repr(a[:, ::2] * 2), repr(a.T - 1), repr(a + b[0]), repr(a[0] <= b[1]))
        print(repr(np.float64(2.5) * a), repr(a.astype(np.float32) * 2), repr(np.arange(3) / 2))
        print(repr(np.array(4.0) - 1), repr(np.zeros((0, 3)) + 1), (np.zeros((2, 0)) < 1).shape)
        r = np.array([1.0, -0.0, np.nan, 2.0]); c = np.array([[2.0], [np.inf]])
        print(repr(a + r), repr(r - a), repr(a * r[np.newaxis]), repr(a / c), repr(c - a), repr(a - a.max(axis=1, keepdims=True)))
        print(a < r, r >= a, a == c, c > a, repr(np.exp(a) / np.sum(np.exp(a), axis=1, keepdims=True)))
        print(repr(a[:, :1] + r), repr(r[:2].reshape(2, 1) * r), repr(a + np.ones((1, 1))), repr(np.ones((2, 1)) + np.ones((1, 4))))
        z = np.array(4.0)
        print(repr(+z), repr(-z), repr(~np.array(True)), repr(np.exp(z)), repr(np.maximum(z, 1)), repr(z > 1))
        print(repr(z.T), repr(z.copy()), repr(z.round()), repr(np.round(z)), repr(z * np.ones(())))
        """,
        // A generator of one's own: the same stream as NumPy's RandomState for each seed, and
        // independent of np.random's.
        """
        import numpy as np
        r = np.random.RandomState(42)
        print(r.rand(), r.randn(2, 3), r.randint(0, 10, size=5), r.choice(100, 4), r.uniform(1, 2, size=2), r.normal(0, 1))
        r2 = np.random.RandomState([1, 2, 3]); print(r2.random_sample(3), r2.permutation(5))
        np.random.seed(0); a = np.random.rand(); r3 = np.random.RandomState(0); print(a == r3.rand(), np.random.rand() == r3.rand())
        x = np.arange(6); r4 = np.random.RandomState(7); r4.shuffle(x); print(x, type(r4).__name__, r4)
        r4.seed(7); print(r4.randint(5)); np.random.seed(seed=3); print(np.random.randint(100))
        r4.missing
        """,
        """
        import numpy as np
        np.random.RandomState(2**40)
        """,
        // Products whose output is not zeroed first: every route must write (or zero) it all.
        """
        import numpy as np
        print(repr(np.dot(np.ones((2, 0)), np.ones((0, 3)))), repr(np.ones((2, 0)) @ np.ones((0, 3))))
        print(repr(np.dot(np.arange(3.0), np.ones((3, 4)))), repr(np.dot(np.ones((4, 3)), np.arange(3.0))))
        print(repr(np.dot(np.array([[0.0]]), np.array([[np.inf, 1.0, 2.0]]))), repr(np.dot(np.array([0.0]), np.array([np.nan]))))
        print(repr(np.dot(np.ones((3, 2)), np.ones((2, 3)))), repr(np.dot(np.ones((1, 3)), np.ones((3, 1)))))
        print(repr(np.dot(np.ones((3, 4)).T, np.ones((3, 5)))), repr(np.arange(6).reshape(2, 3) @ np.arange(6).reshape(3, 2)))
        """,
        // The book's update W -= lr * grad, which runs as one pass: the same bits as the
        // product then the difference, through names, attributes and dict entries, with W
        // itself on the right, and the cases that take the ordinary path.
        """
        import numpy as np
        np.random.seed(3)
        W = np.random.randn(4, 5); g = np.random.randn(4, 5); g[0, 1] = np.inf; g[1, 2] = np.nan; W[2, 3] = -0.0
        W0 = W.copy()
        W -= 0.1 * g
        print(repr(W), np.array_equal(W, W0 - 0.1 * g, equal_nan=True))
        W += g * 0.37
        W -= 0.3 * W
        print(repr(W))
        class Layer:
            def __init__(self):
                self.W = np.arange(6.0).reshape(2, 3)
        layer = Layer()
        layer.W -= 0.01 * np.ones((2, 3))
        params = {'W1': np.linspace(0, 1, 7), 'b1': np.zeros(3)}
        grads = {'W1': np.linspace(1, 2, 7), 'b1': np.ones(3)}
        alias = params['W1']
        for key in ('W1', 'b1'):
            params[key] -= 0.1 * grads[key]
        print(repr(layer.W), repr(params['W1']), repr(params['b1']), alias is params['W1'])
        m = np.arange(6).reshape(2, 3)
        m += 2 * m
        f = np.ones(3, dtype=np.float32)
        f -= 0.1 * np.ones(3)
        v = np.arange(8.0).reshape(2, 4)
        v[:, ::2] -= 0.5 * np.ones((2, 2))
        x = 1.0
        x -= 0.5 * 3
        print(repr(m), repr(f), repr(v), x)
        W -= 0.1 * np.ones(3)
        """,
        """
        import numpy as np
        W = np.ones((4, 5))
        W -= 0.1 * np.ones((2, 2)) * W
        """,
        // argmax/argmin along rows one after another: ties go to the first, the first NaN wins.
        """
        import numpy as np
        nan, inf = float('nan'), float('inf')
        s = np.array([[0.1, 0.7, 0.7, 0.1], [nan, 5.0, nan, 9.0], [-inf, -inf, 2.0, nan], [3.0, 3.0, 3.0, 3.0]])
        for a in (s, s.astype(np.float32), s[:, ::-1], s.T):
            print(np.argmax(a, axis=1), np.argmin(a, axis=1), a.argmax(axis=-1, keepdims=True).ravel(), np.argmax(a), np.argmin(a))
        print(np.argmax(np.array([2.0]), axis=0), np.argmax(np.array([[1.0], [4.0]]), axis=1))
        """,
        // max/min along rows four at a time and the rest one by one, down columns, of a vector:
        // a NaN sticks (the first one), ties of 0.0 and -0.0 go to the later value.
        """
        import numpy as np
        nan, inf = float('nan'), float('inf')
        a = np.array([[0.0, -0.0, -1.0], [-0.0, 0.0, -2.0], [1.0, nan, 5.0], [nan, 2.0, nan], [-inf, -inf, -inf],
                      [3.0, 3.0, -0.0], [inf, 1.0, nan], [-0.0, -0.0, -0.0], [0.5, 0.25, 0.75]])
        for m in (a, a[:4], a[1:], -a):
            print(repr(np.max(m, axis=1)), repr(np.min(m, axis=-1, keepdims=True).ravel()), repr(m.max(axis=0)), repr(m.min(axis=0)))
        v = np.array([-0.0, 0.0, -0.0]); w = np.array([1.0, nan, 3.0, nan])
        print(repr(np.max(v)), repr(np.min(v)), np.max(w), np.sum(w))
        print(repr(np.sum(np.arange(300.0) * 0.1)), repr(np.max(np.arange(5.0), keepdims=True)), repr(np.min(-np.arange(3.0), axis=0)))
        t = np.arange(24.0).reshape(2, 3, 4) % 5
        print(np.argmax(t, axis=2), np.argmin(t, axis=-1, keepdims=True).shape, np.argmax(t.astype(np.float32), axis=2))
        """,
    ]

    @Test func programsBehaveAsInPythonWithNumPy() throws {
        let expected = try Oracle.pythonBatch(Self.programs.map { "import warnings\nwarnings.simplefilter('ignore')\n" + $0 })
        #expect(expected.count == Self.programs.count)
        for (program, want) in zip(Self.programs, expected) {
            let got = Oracle.nntutor(program)
            #expect(got.stdout == want.stdout, "stdout differs for:\n\(program)")
            #expect(got.error == want.error, "error differs for:\n\(program)")
        }
    }
}
