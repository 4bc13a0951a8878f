import Tensor

/// Sigmoid: `1 / (1 + exp(-x))`, whose local gradient is `out * (1 - out)`.
public final class Sigmoid: Layer {
    public let kind = "Sigmoid"
    /// The output of the last `forward`.
    public var out: NDArray?

    public init() {}

    public func forward(_ x: NDArray) throws -> NDArray {
        let y = try Activations.sigmoid(x)
        out = y
        return y
    }

    public func backward(_ dout: NDArray) throws -> NDArray {
        guard let out else { throw TensorError.value("Sigmoid.backward called before forward") }
        let oneMinus = try binary(.subtract, .python(.float(1.0)), .array(out))
        return try binary(.multiply, .array(try binary(.multiply, .array(dout), .array(oneMinus))), .array(out))
    }
}
