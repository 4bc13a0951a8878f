import Testing
import Tensor
@testable import Learning

/// The book's functions reproduce the seeds' printed numbers exactly.
@Suite struct FunctionsTests {
    let t = try! NDArray([0, 0, 1, 0, 0, 0, 0, 0, 0, 0])
    let good = try! NDArray([0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0])
    let bad = try! NDArray([0.1, 0.05, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0])

    @Test func squaredErrorMatchesTheBook() throws {
        // The seeds print 0.09750000000000003 and 0.5975.
        #expect(Support.scalar(try Losses.sumSquaredError(good, t)) == 0.09750000000000003)
        #expect(Support.scalar(try Losses.sumSquaredError(bad, t)) == 0.5975)
    }

    @Test func crossEntropyMatchesTheBookInBothLabelForms() throws {
        #expect(Support.scalar(try Losses.crossEntropyError(good, t)) == 0.510825457099338)
        #expect(Support.scalar(try Losses.crossEntropyError(bad, t)) == 2.302584092994546)
        // Label form: class 2, and a batch of two rows averages.
        let label = try NDArray(scalars: [.int64(2)], shape: [], dtype: .int64)
        #expect(Support.scalar(try Losses.crossEntropyError(good, label)) == 0.510825457099338)
        let batch = try concatenate([good.reshaped([1, 10]), bad.reshaped([1, 10])], axis: 0)
        let labels = try NDArray(scalars: [.int64(2), .int64(2)], shape: [2], dtype: .int64)
        let expected = try Support.pythonNumbers("""
            import numpy as np
            y = np.array([[0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0], [0.1, 0.05, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0]])
            print(repr(float(-np.sum(np.log(y[np.arange(2), [2, 2]] + 1e-7)) / 2)))
            """)
        #expect(Support.scalar(try Losses.crossEntropyError(batch, labels)) == expected[0])
    }

    @Test func softmaxIsOverflowSafeAndMatchesNumPy() throws {
        let a = try NDArray([1010, 1000, 990])
        let s = Support.values(try Activations.softmax(a))
        let expected = try Support.pythonNumbers("""
            import numpy as np
            a = np.array([1010, 1000, 990.0]); c = np.max(a); e = np.exp(a - c)
            print(*[repr(float(v)) for v in e / np.sum(e)])
            """)
        #expect(s == expected)
        let batch = try NDArray([0.3, 2.9, 4.0, -1, 0, 1], shape: [2, 3])
        let rows = Support.values(try Activations.softmax(batch))
        #expect(abs(rows[0...2].reduce(0, +) - 1) < 1e-15 && abs(rows[3...5].reduce(0, +) - 1) < 1e-15)
    }

    @Test func activationsAndTheirGradients() throws {
        let x = try NDArray([-1.0, 0.0, 2.0])
        #expect(Support.values(try Activations.relu(x)) == [0, 0, 2])
        #expect(Support.values(try Activations.reluGrad(x)) == [0, 1, 1])   // common/functions.py: grad[x >= 0] = 1
        #expect(Support.values(try Activations.step(x)) == [0, 0, 1])
        let s = Support.values(try Activations.sigmoid(x))
        let g = Support.values(try Activations.sigmoidGrad(x))
        for i in 0..<3 { #expect(abs(g[i] - (1 - s[i]) * s[i]) < 1e-16) }
    }

    @Test func numericalDerivativesAreTheSeedsNumbers() throws {
        func f(_ x: Double) -> Double { 0.01 * (x * x) + 0.1 * x }   // 0.01*x**2 + 0.1*x
        #expect(NumericalDifferentiation.derivative(f, at: 5) == 0.1999999999990898)
        #expect(NumericalDifferentiation.derivative(f, at: 10) == 0.2999999999986347)
        // Partial derivatives of x0² + x1² at (3, 4).
        #expect(NumericalDifferentiation.derivative({ $0 * $0 + 16 }, at: 3) == 6.00000000000378)
        #expect(NumericalDifferentiation.derivative({ 9 + $0 * $0 }, at: 4) == 7.999999999999119)
    }

    @Test func numericalGradientAndDescent() throws {
        let f: (NDArray) throws -> Scalar = { x in
            try reduce(.sum, try binary(.power, .array(x), .python(.int(2)))).scalar(atStorageOffset: 0)
        }
        let expected = try Support.pythonNumbers("""
            import numpy as np
            def f(x): return np.sum(x ** 2)
            def g(x):
                h = 1e-4; grad = np.zeros_like(x)
                for i in range(x.size):
                    v = x[i]; x[i] = float(v) + h; a = f(x); x[i] = v - h; b = f(x); grad[i] = (a - b) / (2 * h); x[i] = v
                return grad
            for p in ([3.0, 4.0], [0.0, 2.0], [3.0, 0.0]):
                print(*[repr(float(v)) for v in g(np.array(p))])
            x = np.array([-3.0, 4.0])
            for _ in range(100): x -= 0.1 * g(x)
            print(*[repr(float(v)) for v in x])
            """)
        for (k, p) in [[3.0, 4.0], [0.0, 2.0], [3.0, 0.0]].enumerated() {
            let x = try NDArray(p)
            #expect(Support.values(try NumericalDifferentiation.gradient(f, at: x)) == Array(expected[2 * k...2 * k + 1]))
            #expect(Support.values(x) == p, "the point is restored")
        }
        let result = try NumericalDifferentiation.descend(f, from: try NDArray([-3.0, 4.0]), learningRate: 0.1, steps: 100)
        #expect(Support.values(result.x) == Array(expected[6...7]))
    }

    @Test func simpleNetLossAndGradientAgreeWithNumPy() throws {
        let random = RandomState(seed: 7)
        let net = try SimpleNet(random: random)
        let x = try NDArray([0.6, 0.9]), t = try NDArray([0, 0, 1])
        let expected = try Support.pythonNumbers("""
            import numpy as np
            np.random.seed(7); W = np.random.randn(2, 3); x = np.array([0.6, 0.9]); t = np.array([0, 0, 1])
            def loss(W):
                z = x @ W; z = z - np.max(z); y = np.exp(z) / np.sum(np.exp(z))
                return -np.sum(t * np.log(y + 1e-7))
            print(repr(float(loss(W))))
            """)
        #expect(abs(Support.scalar(try net.loss(x, t)) - expected[0]) < 1e-15)
    }
}
