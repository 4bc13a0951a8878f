import Tensor

/// The book's 2×3 network of the gradient section: one weight matrix, softmax and
/// cross-entropy, small enough to differentiate by hand.
public final class SimpleNet {
    public var W: NDArray

    public init(random: RandomState = .global) throws {
        W = try random.standardNormal([2, 3])
    }

    public func predict(_ x: NDArray) throws -> NDArray { try dot(x, W) }

    public func loss(_ x: NDArray, _ t: NDArray) throws -> NDArray {
        try Losses.crossEntropyError(try Activations.softmax(try predict(x)), t)
    }
}
