import Tensor

/// The loss functions of the book's `common/functions.py`.
public enum Losses {
    /// `0.5 * np.sum((y - t) ** 2)`: the book's "mean squared error" (no division by N).
    /// Returned as a 0-d array so its dtype (float64 or float32) is NumPy's.
    public static func sumSquaredError(_ y: NDArray, _ t: NDArray) throws -> NDArray {
        let d = try binary(.subtract, .array(y), .array(t))
        let s = try reduce(.sum, try binary(.power, .array(d), .python(.int(2))))
        return try binary(.multiply, .python(.float(0.5)), .array(s))
    }

    /// Cross-entropy averaged over the batch, `-Σ log(y[i, t_i] + 1e-7) / N`. Labels may be
    /// one-hot (same size as y) or class indices; a 1-d y is a batch of one.
    public static func crossEntropyError(_ y: NDArray, _ t: NDArray) throws -> NDArray {
        var y = y, t = t
        if y.ndim == 1 {
            t = try t.reshaped([1, t.count])
            y = try y.reshaped([1, y.count])
        }
        if t.count == y.count { t = try argmax(t, axis: 1) }
        let n = y.shape[0]
        guard y.ndim == 2 else { throw TensorError.value("cross_entropy_error expects scores of shape (batch, classes), got \(formatShape(y.shape))") }
        let picked = try y.get([.array(try arange(start: 0, stop: Int64(n))), .array(t)])
        guard case .array(let p) = picked else { throw TensorError.value("labels do not match the batch") }
        let logs = try unary(.log, try binary(.add, .array(p), .python(.float(1e-7))))
        let s = try reduce(.sum, logs)
        // The book divides a NumPy float by an int: -s / n in float64 (or float32 for float32 y).
        return try binary(.divide, .array(try unary(.negative, s)), .python(.int(Int64(n))))
    }

    /// The gradient of softmax-then-cross-entropy with respect to the scores, given the
    /// probabilities `y`: `(y - t) / batch_size` for one-hot `t`; with labels, 1 is taken
    /// off each row's labelled entry first. (`SoftmaxWithLoss.backward`, the course's
    /// `d_softmax_with_loss`.)
    public static func softmaxCrossEntropyGradient(_ y: NDArray, _ t: NDArray) throws -> NDArray {
        let batch = t.ndim >= 1 ? t.shape[0] : 1
        if t.count == y.count {
            return try binary(.divide, .array(try binary(.subtract, .array(y), .array(t))), .python(.int(Int64(batch))))
        }
        let dx = try y.copy()
        let rows = try arange(start: 0, stop: Int64(batch))
        let picked = try dx.get([.array(rows), .array(t)])
        guard case .array(let p) = picked else { throw TensorError.value("labels do not match the batch") }
        try dx.set([.array(rows), .array(t)], .array(try binary(.subtract, .array(p), .python(.int(1)))))
        return try binary(.divide, .array(dx), .python(.int(Int64(batch))))
    }
}
