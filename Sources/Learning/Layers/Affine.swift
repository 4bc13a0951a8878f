import Tensor

/// The fully connected layer `x @ W + b`. W and b are shared with whoever passed them in
/// (a network's `params`), so updating those arrays in place updates the layer.
public final class Affine: Layer {
    public let kind = "Affine"
    public var W: NDArray
    public var b: NDArray
    /// The (flattened) input of the last `forward`.
    public var x: NDArray?
    public var originalShape: [Int]?
    /// Gradients from the last `backward`.
    public var dW: NDArray?
    public var db: NDArray?

    public init(W: NDArray, b: NDArray) {
        self.W = W
        self.b = b
    }

    public func forward(_ input: NDArray) throws -> NDArray {
        originalShape = input.shape
        // Images of shape (N, 1, 28, 28) are flattened to rows, as the book's layer does.
        let rows = input.ndim >= 1 ? input.shape[0] : 1
        let flat = input.ndim == 2 ? input : try input.reshaped([rows, -1])
        x = flat
        return try binary(.add, .array(try dot(flat, W)), .array(b))
    }

    public func backward(_ dout: NDArray) throws -> NDArray {
        guard let x, let originalShape else { throw TensorError.value("Affine.backward called before forward") }
        dW = try dot(x.T, dout)
        db = try reduce(.sum, dout, axes: [0])
        // Last: the first layer's dx is never read, and a product is computed only when read
        // unless dout is reached after it.
        let dx = try dot(dout, W.T)
        return try dx.reshaped(originalShape)
    }
}
