import Tensor

/// ReLU: passes positive inputs, blocks the rest, and lets gradient through where it passed.
public final class Relu: Layer {
    public let kind = "Relu"
    /// True where the input was <= 0 (set by `forward`).
    public var mask: NDArray?

    public init() {}

    public func forward(_ x: NDArray) throws -> NDArray {
        let m = try binary(.lessEqual, .array(x), .python(.int(0)))
        mask = m
        let out = try x.copy()
        try out.set([.array(m)], .python(.int(0)))
        return out
    }

    /// Zeroes `dout` where the input was blocked, in place, as the book does.
    public func backward(_ dout: NDArray) throws -> NDArray {
        guard let mask else { throw TensorError.value("Relu.backward called before forward") }
        try dout.set([.array(mask)], .python(.int(0)))
        return dout
    }
}
