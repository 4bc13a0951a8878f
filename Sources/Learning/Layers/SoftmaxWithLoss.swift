import Tensor

/// Softmax followed by cross-entropy: the output layer of a classifier while training.
/// Its backward is simply `(y - t) / batch_size`.
public final class SoftmaxWithLoss {
    public let kind = "SoftmaxWithLoss"
    public var loss: NDArray?
    /// Probabilities from the last `forward`.
    public var y: NDArray?
    /// Targets from the last `forward` (one-hot rows or labels).
    public var t: NDArray?

    public init() {}

    public func forward(_ x: NDArray, _ t: NDArray) throws -> NDArray {
        self.t = t
        let probabilities = try Activations.softmax(x)
        y = probabilities
        let l = try Losses.crossEntropyError(probabilities, t)
        loss = l
        return l
    }

    /// The incoming gradient is ignored (it is 1 for a loss), as in the book.
    public func backward(_ dout: NDArray? = nil) throws -> NDArray {
        guard let y, let t else { throw TensorError.value("SoftmaxWithLoss.backward called before forward") }
        return try Losses.softmaxCrossEntropyGradient(y, t)
    }
}

/// Identity output with the squared-error loss `0.5 * Σ (y - t)² / batch_size`, for
/// regression; its backward is `(y - t) / batch_size`.
public final class IdentityWithLoss {
    public let kind = "IdentityWithLoss"
    public var loss: NDArray?
    public var y: NDArray?
    public var t: NDArray?

    public init() {}

    public func forward(_ x: NDArray, _ t: NDArray) throws -> NDArray {
        self.t = t
        y = x
        let batch = x.ndim >= 1 ? x.shape[0] : 1
        let l = try binary(.divide, .array(try Losses.sumSquaredError(x, t)), .python(.int(Int64(Swift.max(batch, 1)))))
        loss = l
        return l
    }

    public func backward(_ dout: NDArray? = nil) throws -> NDArray {
        guard let y, let t else { throw TensorError.value("IdentityWithLoss.backward called before forward") }
        let batch = y.ndim >= 1 ? y.shape[0] : 1
        return try binary(.divide, .array(try binary(.subtract, .array(y), .array(t))), .python(.int(Int64(Swift.max(batch, 1)))))
    }
}
