#if canImport(Glibc)
import Glibc
#endif
import CKernels
import Tensor

extension TwoLayerNet {
    /// The same central differences as ``numericalGradient(_:_:progress:)``, computed
    /// incrementally: nudging W1[i, j] changes only hidden unit j, so each perturbed loss is
    /// the base loss plus a change computed from that unit alone (the C kernel in
    /// CKernels/numgrad.c says how). Agrees with the naive method to about 1e-12 (both are
    /// accurate to about 1e-7).
    public func fastNumericalGradient(_ x: NDArray, _ t: NDArray) throws -> [(name: String, array: NDArray)] {
        let flat = try (x.ndim == 2 ? x : x.reshaped([x.shape[0], -1])).astype(.float64).contiguous()
        let n = flat.shape[0], d = inputSize, k = hiddenSize, c = outputSize
        guard flat.shape[1] == d else { throw TensorError.value("x has \(flat.shape[1]) features; the network expects \(d)") }
        let labels = try (t.count == n * c ? argmax(t.reshaped([n, c]), axis: 1) : t.reshaped([n])).astype(.int64).contiguous()
        let L = labels.readPointer(Int64.self)
        for i in 0..<n where L[i] < 0 || L[i] >= Int64(c) {
            throw TensorError.index("label \(L[i]) is out of range for \(c) classes")
        }
        let W1 = try param("W1")!.astype(.float64).contiguous(), b1 = try param("b1")!.astype(.float64).contiguous()
        let W2 = try param("W2")!.astype(.float64).contiguous(), b2 = try param("b2")!.astype(.float64).contiguous()
        guard let kernel = nn_numgrad_create(Int64(n), Int64(d), Int64(k), Int64(c), flat.readPointer(Double.self), L,
                                             W1.readPointer(Double.self), b1.readPointer(Double.self),
                                             W2.readPointer(Double.self), b2.readPointer(Double.self),
                                             activation == .sigmoid ? 1 : 0, NumericalDifferentiation.h)
        else { throw TensorError(.memoryError, "Unable to allocate the numerical gradient's work space") }
        defer { nn_numgrad_free(kernel) }
        let gW1 = try zeros([d, k]), gb1 = try zeros([k]), gW2 = try zeros([k, c]), gb2 = try zeros([c])
        let g1 = gW1.pointer(Double.self), gbias1 = gb1.pointer(Double.self)
        for j in 0..<k {
            try Interrupt.check()
            nn_numgrad_hidden_unit(kernel, Int64(j), g1, gbias1 + j)
        }
        nn_numgrad_output_layer(kernel, gW2.pointer(Double.self), gb2.pointer(Double.self))
        return [("W1", gW1), ("b1", gb1), ("W2", gW2), ("b2", gb2)]
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
