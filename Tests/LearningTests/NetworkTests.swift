import Testing
import Tensor
@testable import Learning

/// TwoLayerNet: NumPy's initial weights under a seed, backprop against numerical gradients,
/// and the incremental numerical gradient against the naive one.
@Suite struct NetworkTests {
    /// A small seeded problem: 6 inputs, 5 hidden units, 3 classes, a batch of 4.
    static func problem(_ activation: TwoLayerNet.Activation, seed: UInt32 = 3) throws -> (TwoLayerNet, NDArray, NDArray) {
        let random = RandomState(seed: seed)
        let net = try TwoLayerNet(inputSize: 6, hiddenSize: 5, outputSize: 3, weightInitStd: 0.5,
                                  activation: activation, random: random)
        let x = try random.standardNormal([4, 6])
        let labels = try random.randint(low: 0, high: 3, shape: [4])
        return (net, x, labels)
    }

    @Test func seededInitialWeightsAndLossAreNumPys() throws {
        let random = RandomState(seed: 0)
        let net = try TwoLayerNet(inputSize: 784, hiddenSize: 50, outputSize: 10, random: random)
        let expected = try Support.pythonNumbers("""
            import numpy as np
            np.random.seed(0)
            W1 = 0.01 * np.random.randn(784, 50); W2 = 0.01 * np.random.randn(50, 10)
            print(*[repr(float(v)) for v in (W1[0, 0], W1[783, 49], W1.sum(), W2[0, 0], W2[49, 9], W2.sum())])
            """)
        let W1 = Support.values(net.param("W1")!), W2 = Support.values(net.param("W2")!)
        #expect(W1[0] == expected[0] && W1[W1.count - 1] == expected[1])
        #expect(W2[0] == expected[3] && W2[W2.count - 1] == expected[4])
        #expect(abs(W1.reduce(0, +) - expected[2]) < 1e-12)
        #expect(Support.values(net.param("b1")!).allSatisfy { $0 == 0 })
    }

    @Test(arguments: [TwoLayerNet.Activation.relu, .sigmoid])
    func backpropagationAgreesWithNumericalGradients(_ activation: TwoLayerNet.Activation) throws {
        let (net, x, t) = try Self.problem(activation)
        let backprop = try net.gradient(x, t)
        let numerical = try net.numericalGradient(x, t)
        for (b, n) in zip(backprop, numerical) {
            #expect(b.name == n.name)
            let d = Support.maxAbsDifference(Support.values(b.array), Support.values(n.array))
            // Central differences are accurate to ~1e-7 here (weights of std 0.5, ReLU kinks).
            #expect(d < 1e-6, "\(b.name): \(d)")
        }
    }

    @Test(arguments: [TwoLayerNet.Activation.relu, .sigmoid])
    func fastNumericalGradientMatchesTheNaiveOne(_ activation: TwoLayerNet.Activation) throws {
        let (net, x, t) = try Self.problem(activation, seed: 11)
        let before = net.params.map { Support.values($0.array) }
        let naive = try net.numericalGradient(x, t)
        let fast = try net.fastNumericalGradient(x, t)
        for (a, b) in zip(naive, fast) {
            #expect(a.name == b.name)
            #expect(Support.maxAbsDifference(Support.values(a.array), Support.values(b.array)) < 1e-9, "\(a.name)")
        }
        #expect(net.params.map { Support.values($0.array) } == before, "parameters are restored")
    }

    /// The book's setting — small initial weights, inputs in [0, 1) with many zeros, one-hot
    /// targets — where the kernel's series path does all the work, for both activations.
    @Test(arguments: [TwoLayerNet.Activation.relu, .sigmoid])
    func fastNumericalGradientMatchesTheNaiveOneOnImageLikeInputs(_ activation: TwoLayerNet.Activation) throws {
        let random = RandomState(seed: 21)
        let net = try TwoLayerNet(inputSize: 40, hiddenSize: 12, outputSize: 10, activation: activation, random: random)
        let pixels = try random.randomSample([9, 40])
        let lit = try binary(.greater, .array(try random.randomSample([9, 40])), .python(.float(0.7)))
        let x = try binary(.multiply, .array(pixels), .array(lit))
        guard case .array(let t) = try eye(10).get([.array(try random.randint(low: 0, high: 10, shape: [9]))]) else { return }
        let naive = try net.numericalGradient(x, t)
        let fast = try net.fastNumericalGradient(x, t)
        for (a, b) in zip(naive, fast) {
            let d = Support.maxAbsDifference(Support.values(a.array), Support.values(b.array))
            #expect(d < 1e-9, "\(a.name): \(d)")
        }
    }

    @Test func gradientCheckDifferencesAreTiny() throws {
        let (net, x, t) = try Self.problem(.relu, seed: 5)
        let diffs = try gradientCheck(net, x, t)
        #expect(diffs.map(\.name) == ["W1", "b1", "W2", "b2"])
        for d in diffs { #expect(d.difference < 1e-7, "\(d.name): \(d.difference)") }
    }

    @Test func paramsShareMemoryWithTheLayers() throws {
        let (net, x, t) = try Self.problem(.relu)
        let before = Support.scalar(try net.loss(x, t))
        let W2 = net.param("W2")!
        try binaryInPlace(.multiply, W2, .python(.float(0)))
        // With W2 = 0 every class scores b2 = 0: the loss is log 3 (the 1e-7 guard aside).
        let after = Support.scalar(try net.loss(x, t))
        #expect(after != before)
        #expect(abs(after - 1.0986119553347943) < 1e-6)
    }

    @Test func summaryListsLayersShapesAndCounts() throws {
        let (net, _, _) = try Self.problem(.sigmoid)
        let text = try net.summary()
        #expect(text.contains("TwoLayerNet(6, 5, 3, activation='sigmoid')"))
        #expect(text.contains("Sigmoid1"))
        #expect(text.contains("(6, 5)") && text.contains("(5, 3)"))
    }

    @Test func badSizesAreValueErrors() {
        #expect(throws: TensorError.self) { try TwoLayerNet(inputSize: 0, hiddenSize: 5, outputSize: 3) }
    }
}
