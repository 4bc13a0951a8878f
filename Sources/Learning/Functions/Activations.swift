import Tensor

/// The activation functions of the book's `common/functions.py`, element-wise over arrays
/// of any shape, computed with the same operations NumPy performs (so values agree bit for bit).
public enum Activations {
    public static func identity(_ x: NDArray) -> NDArray { x }

    /// `np.array(x > 0, dtype=int)`: 1 where x is positive.
    public static func step(_ x: NDArray) throws -> NDArray {
        try binary(.greater, .array(x), .python(.int(0))).astype(.int64)
    }

    /// `1 / (1 + np.exp(-x))`.
    public static func sigmoid(_ x: NDArray) throws -> NDArray {
        let e = try unary(.exp, try unary(.negative, x))
        return try binary(.divide, .python(.int(1)), .array(try binary(.add, .python(.int(1)), .array(e))))
    }

    /// `(1 - sigmoid(x)) * sigmoid(x)`.
    public static func sigmoidGrad(_ x: NDArray) throws -> NDArray {
        let s = try sigmoid(x)
        return try binary(.multiply, .array(try binary(.subtract, .python(.float(1.0)), .array(s))), .array(s))
    }

    /// `np.maximum(0, x)`.
    public static func relu(_ x: NDArray) throws -> NDArray {
        try binary(.maximum, .python(.int(0)), .array(x))
    }

    /// The book's `relu_grad`: zeros shaped like x with 1 wherever x >= 0.
    public static func reluGrad(_ x: NDArray) throws -> NDArray {
        let out = try zerosLike(x)
        try out.set([.array(try binary(.greaterEqual, .array(x), .python(.int(0))))], .python(.int(1)))
        return out
    }

    /// Softmax with the maximum subtracted first so large scores cannot overflow; a 2-d input
    /// is taken row by row (the book transposes and works on columns, which this reproduces).
    public static func softmax(_ x: NDArray) throws -> NDArray {
        if x.ndim == 2 {
            let t = x.T
            let shifted = try binary(.subtract, .array(t), .array(try reduce(.max, t, axes: [0])))
            let e = try unary(.exp, shifted)
            let y = try binary(.divide, .array(e), .array(try reduce(.sum, try unary(.exp, shifted), axes: [0])))
            return y.T
        }
        let shifted = try binary(.subtract, .array(x), .array(try reduce(.max, x)))
        return try binary(.divide, .array(try unary(.exp, shifted)), .array(try reduce(.sum, try unary(.exp, shifted))))
    }
}
