import Tensor

/// The book's two-layer network built from layers (chapter 5): Affine → ReLU (or Sigmoid) →
/// Affine, with SoftmaxWithLoss on top while training.
///
/// `params` holds W1, b1, W2, b2 and those arrays *are* the Affine layers' arrays, so an
/// in-place update such as `params["W1"] -= lr * grad` changes the network.
public final class TwoLayerNet {
    public enum Activation: String, Sendable { case relu, sigmoid }

    public let inputSize: Int, hiddenSize: Int, outputSize: Int
    public let activation: Activation
    /// The parameters in the book's order.
    public private(set) var params: [(name: String, array: NDArray)]
    /// Affine1, Relu1 (or Sigmoid1), Affine2.
    public let layers: [(name: String, layer: Layer)]
    public let lastLayer = SoftmaxWithLoss()

    /// Draws W1 then W2 from `random` (`weightInitStd * randn`), biases zero — the order the
    /// book uses, so a seeded generator gives NumPy's initial weights.
    public init(inputSize: Int, hiddenSize: Int, outputSize: Int, weightInitStd: Double = 0.01,
                activation: Activation = .relu, random: RandomState = .global) throws {
        for (name, n) in [("input_size", inputSize), ("hidden_size", hiddenSize), ("output_size", outputSize)] where n <= 0 {
            throw TensorError.value("\(name) must be positive, got \(n)")
        }
        self.inputSize = inputSize
        self.hiddenSize = hiddenSize
        self.outputSize = outputSize
        self.activation = activation
        let std = PythonScalar.float(weightInitStd)
        let W1 = try binary(.multiply, .python(std), .array(try random.standardNormal([inputSize, hiddenSize])))
        let b1 = try zeros([hiddenSize])
        let W2 = try binary(.multiply, .python(std), .array(try random.standardNormal([hiddenSize, outputSize])))
        let b2 = try zeros([outputSize])
        params = [("W1", W1), ("b1", b1), ("W2", W2), ("b2", b2)]
        let middle: (String, Layer) = activation == .relu ? ("Relu1", Relu()) : ("Sigmoid1", Sigmoid())
        layers = [("Affine1", Affine(W: W1, b: b1)), middle, ("Affine2", Affine(W: W2, b: b2))]
    }

    public func param(_ name: String) -> NDArray? { params.first { $0.name == name }?.array }

    /// Points a parameter (and its layer) at a new array, for `net.params['W1'] = ...`
    /// style replacement from Swift callers.
    public func setParam(_ name: String, _ value: NDArray) throws {
        guard let i = params.firstIndex(where: { $0.name == name }) else { throw TensorError.value("no parameter named \(name)") }
        params[i].array = value
        let affine = layers[name.hasSuffix("1") ? 0 : 2].layer as! Affine
        if name.hasPrefix("W") { affine.W = value } else { affine.b = value }
    }

    /// Scores before softmax.
    public func predict(_ x: NDArray) throws -> NDArray {
        var h = x
        for (_, layer) in layers { h = try layer.forward(h) }
        return h
    }

    /// The mean cross-entropy of the batch (a 0-d array).
    public func loss(_ x: NDArray, _ t: NDArray) throws -> NDArray {
        try lastLayer.forward(try predict(x), t)
    }

    /// The share of rows whose highest score is the right class (t as labels or one-hot).
    public func accuracy(_ x: NDArray, _ t: NDArray) throws -> Double {
        let y = try argmax(try predict(x), axis: 1)
        let labels = t.ndim != 1 ? try argmax(t, axis: 1) : t
        let hits = try reduce(.sum, try binary(.equal, .array(y), .array(labels)))
        return hits.scalar(atStorageOffset: hits.offset).doubleValue / Double(x.shape[0])
    }

    /// Backpropagation: the gradient of the loss for every parameter.
    public func gradient(_ x: NDArray, _ t: NDArray) throws -> [(name: String, array: NDArray)] {
        _ = try loss(x, t)
        var dout = try lastLayer.backward()
        for (_, layer) in layers.reversed() { dout = try layer.backward(dout) }
        let a1 = layers[0].layer as! Affine, a2 = layers[2].layer as! Affine
        return [("W1", a1.dW!), ("b1", a1.db!), ("W2", a2.dW!), ("b2", a2.db!)]
    }

    /// The gradient by central differences, one parameter element at a time (slow: two
    /// forward passes per element), as the book computes it.
    public func numericalGradient(_ x: NDArray, _ t: NDArray,
                                  progress: ((Int, Int) -> Void)? = nil) throws -> [(name: String, array: NDArray)] {
        let total = params.reduce(0) { $0 + $1.array.count }
        var done = 0
        var out = [(name: String, array: NDArray)]()
        for (name, p) in params {
            let g = try NumericalDifferentiation.gradient({ _ in
                let l = try self.loss(x, t)
                return l.scalar(atStorageOffset: l.offset)
            }, at: p, progress: { i, _ in progress?(done + i, total) })
            done += p.count
            out.append((name, g))
        }
        return out
    }

    /// Layers, shapes, parameter counts and weight statistics, one line each.
    public func summary() throws -> String {
        var lines = ["TwoLayerNet(\(inputSize), \(hiddenSize), \(outputSize), activation='\(activation.rawValue)')"]
        lines.append("  layer      output     parameters")
        let shapes = [hiddenSize, hiddenSize, outputSize]
        var total = 0
        for (i, (name, _)) in layers.enumerated() {
            let count = i == 1 ? 0 : (i == 0 ? inputSize * hiddenSize + hiddenSize : hiddenSize * outputSize + outputSize)
            total += count
            lines.append("  \(name.padding(toLength: 10, withPad: " ", startingAt: 0)) (N, \(shapes[i]))".padding(toLength: 24, withPad: " ", startingAt: 0) + " \(count)")
        }
        lines.append("  SoftmaxWithLoss                 0")
        lines.append("  total parameters: \(total)")
        for (name, p) in params {
            let mean = try reduce(.mean, p).scalar(atStorageOffset: 0).doubleValue
            let std = try reduce(.std, p).scalar(atStorageOffset: 0).doubleValue
            let lo = try reduce(.min, p).scalar(atStorageOffset: 0).doubleValue
            let hi = try reduce(.max, p).scalar(atStorageOffset: 0).doubleValue
            lines.append("  \(name) \(formatShape(p.shape)): mean \(short(mean)), std \(short(std)), min \(short(lo)), max \(short(hi))")
        }
        return lines.joined(separator: "\n")
    }

    private func short(_ x: Double) -> String {
        let s = scalarStr(.float32(Float(x)))
        return s.count > 10 ? String(s.prefix(10)) : s
    }
}

extension String {
    func padding(toLength n: Int, withPad pad: String, startingAt _: Int) -> String {
        count >= n ? self : self + String(repeating: pad, count: n - count)
    }
}
