#if canImport(Glibc)
import Glibc
#endif
import Tensor

extension TwoLayerNet {
    /// The same central differences as ``numericalGradient(_:_:progress:)``, computed
    /// incrementally: nudging W1[i, j] changes only hidden unit j, so only that unit's column
    /// and the output scores are recomputed, not the whole forward pass. Agrees with the naive
    /// method to about 1e-12 (both are accurate to about 1e-7).
    public func fastNumericalGradient(_ x: NDArray, _ t: NDArray) throws -> [(name: String, array: NDArray)] {
        let h = NumericalDifferentiation.h
        let flat = try (x.ndim == 2 ? x : x.reshaped([x.shape[0], -1])).astype(.float64)
        let n = flat.shape[0], d = inputSize, k = hiddenSize, c = outputSize
        guard flat.shape[1] == d else { throw TensorError.value("x has \(flat.shape[1]) features; the network expects \(d)") }
        let labels = try (t.count == n * c ? argmax(t.reshaped([n, c]), axis: 1) : t.reshaped([n])).astype(.int64)
        let W1 = try param("W1")!.astype(.float64), b1 = try param("b1")!.astype(.float64)
        let W2 = try param("W2")!.astype(.float64), b2 = try param("b2")!.astype(.float64)
        let X = flat.readPointer(Double.self), L = labels.readPointer(Int64.self)
        let w1 = W1.readPointer(Double.self), bb1 = b1.readPointer(Double.self)
        let w2 = W2.readPointer(Double.self), bb2 = b2.readPointer(Double.self)
        for i in 0..<n where L[i] < 0 || L[i] >= Int64(c) {
            throw TensorError.index("label \(L[i]) is out of range for \(c) classes")
        }
        // Forward pass, kept: pre-activations A (n×k), activations Z (n×k), scores S (n×c).
        var A = [Double](repeating: 0, count: n * k), Z = A, S = [Double](repeating: 0, count: n * c)
        for r in 0..<n {
            for j in 0..<k {
                var acc = 0.0
                for i in 0..<d { acc += X[r * d + i] * w1[i * k + j] }
                A[r * k + j] = acc + bb1[j]
                Z[r * k + j] = activate(A[r * k + j])
            }
            for o in 0..<c {
                var acc = 0.0
                for j in 0..<k { acc += Z[r * k + j] * w2[j * c + o] }
                S[r * c + o] = acc + bb2[o]
            }
        }
        var scratch = [Double](repeating: 0, count: n * c)
        var column = [Double](repeating: 0, count: n)

        /// Loss of scores `scores` (n×c), the book's way: softmax per row, then
        /// -Σ log(y[r, t_r] + 1e-7) / n.
        func loss(_ scores: UnsafePointer<Double>) -> Double {
            var total = 0.0
            for r in 0..<n {
                let row = scores + r * c
                var m = -Double.infinity
                for o in 0..<c where row[o] > m || row[o].isNaN { m = row[o] }
                var s = 0.0
                for o in 0..<c { s += exp(row[o] - m) }
                total += log(exp(row[Int(L[r])] - m) / s + 1e-7)
            }
            return -total / Double(n)
        }
        /// Scores after hidden unit j's activations change to `column`.
        func lossWithHidden(_ j: Int, _ newColumn: UnsafePointer<Double>) -> Double {
            scratch.withUnsafeMutableBufferPointer { sc in
                S.withUnsafeBufferPointer { s in
                    Z.withUnsafeBufferPointer { z in
                        for r in 0..<n {
                            let delta = newColumn[r] - z[r * k + j]
                            for o in 0..<c { sc[r * c + o] = s[r * c + o] + delta * w2[j * c + o] }
                        }
                    }
                }
            }
            return scratch.withUnsafeBufferPointer { loss($0.baseAddress!) }
        }

        let gW1 = try zeros([d, k]), gb1 = try zeros([k]), gW2 = try zeros([k, c]), gb2 = try zeros([c])
        let g1 = gW1.pointer(Double.self), gbias1 = gb1.pointer(Double.self)
        let g2 = gW2.pointer(Double.self), gbias2 = gb2.pointer(Double.self)
        try column.withUnsafeMutableBufferPointer { col in
            let cp = col.baseAddress!
            for j in 0..<k {
                try Interrupt.check()
                // W1[i, j] ± h moves A[:, j] by ± h·x[:, i]; b1[j] ± h by ± h.
                for i in 0...d {
                    var plusMinus = [0.0, 0.0]
                    for (s, sign) in [1.0, -1.0].enumerated() {
                        for r in 0..<n {
                            let input: Double = i < d ? X[r * d + i] : 1.0
                            let shift: Double = sign * h * input
                            cp[r] = activate(A[r * k + j] + shift)
                        }
                        plusMinus[s] = lossWithHidden(j, cp)
                    }
                    let g = (plusMinus[0] - plusMinus[1]) / (2 * h)
                    if i < d { g1[i * k + j] = g } else { gbias1[j] = g }
                }
            }
        }
        // W2[j, o] ± h moves S[:, o] by ± h·Z[:, j]; b2[o] ± h by ± h.
        for o in 0..<c {
            try Interrupt.check()
            for j in 0...k {
                var plusMinus = [0.0, 0.0]
                for (s, sign) in [1.0, -1.0].enumerated() {
                    for r in 0..<n {
                        for q in 0..<c { scratch[r * c + q] = S[r * c + q] }
                        let input: Double = j < k ? Z[r * k + j] : 1.0
                        scratch[r * c + o] += sign * h * input
                    }
                    plusMinus[s] = scratch.withUnsafeBufferPointer { loss($0.baseAddress!) }
                }
                let g = (plusMinus[0] - plusMinus[1]) / (2 * h)
                if j < k { g2[j * c + o] = g } else { gbias2[o] = g }
            }
        }
        return [("W1", gW1), ("b1", gb1), ("W2", gW2), ("b2", gb2)]
    }

    @inline(__always)
    private func activate(_ a: Double) -> Double {
        activation == .relu ? Swift.max(0, a) : 1 / (1 + exp(-a))
    }
}

/// The mean absolute difference, per parameter, between backpropagation and numerical
/// gradients (the book's gradient check; differences of 1e-10 to 1e-7 mean backprop is right).
public func gradientCheck(_ net: TwoLayerNet, _ x: NDArray, _ t: NDArray, fast: Bool = true) throws -> [(name: String, difference: Double)] {
    let numerical = fast ? try net.fastNumericalGradient(x, t) : try net.numericalGradient(x, t)
    let backprop = try net.gradient(x, t)
    return try zip(backprop, numerical).map { b, n in
        let diff = try reduce(.mean, try unary(.absolute, try binary(.subtract, .array(b.array), .array(n.array))))
        return (b.name, diff.scalar(atStorageOffset: 0).doubleValue)
    }
}
