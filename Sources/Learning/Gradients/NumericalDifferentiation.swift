import Tensor

/// Numerical differentiation as the book teaches it: central differences with h = 1e-4.
public enum NumericalDifferentiation {
    public static let h = 1e-4

    /// `(f(x + h) - f(x - h)) / (2h)` for a function of one number.
    public static func derivative(_ f: (Double) throws -> Double, at x: Double) rethrows -> Double {
        (try f(x + h) - f(x - h)) / (2 * h)
    }

    /// The gradient of `f` at `x` (any shape, float dtype), one element at a time in C order.
    /// Each element of `x` itself is nudged by ±h, `f(x)` called, and the element restored —
    /// so `f` may ignore its argument and read shared state (`lambda w: net.loss(x, t)`).
    /// `progress` is told how many elements are done; Ctrl-C stops between elements with `x`
    /// restored.
    public static func gradient(_ f: (NDArray) throws -> Scalar, at x: NDArray,
                                progress: ((Int, Int) -> Void)? = nil) throws -> NDArray {
        guard x.dtype.isFloatingPoint else {
            throw TensorError.type("numerical_gradient needs a float array; got dtype \(x.dtype.name) (use x.astype(float))")
        }
        let grad = try zerosLike(x)
        var offsets = [Int]()
        offsets.reserveCapacity(x.count)
        x.forEachOffset { offsets.append($0) }
        var gradOffsets = [Int]()
        gradOffsets.reserveCapacity(x.count)
        grad.forEachOffset { gradOffsets.append($0) }
        for (i, o) in offsets.enumerated() {
            try Interrupt.check()
            let keep = x.scalar(atStorageOffset: o)
            // As the book writes it: float(tmp_val) + h in float64, but tmp_val - h in the
            // array's own dtype (a float32 element minus a Python float stays float32).
            x.setScalar(Scalar(keep.doubleValue + h, as: x.dtype), atStorageOffset: o)
            let plus: Scalar
            do { plus = try f(x) } catch { x.setScalar(keep, atStorageOffset: o); throw error }
            if case .float32(let v) = keep { x.setScalar(.float32(v - Float(h)), atStorageOffset: o) }
            else { x.setScalar(.float64(keep.doubleValue - h), atStorageOffset: o) }
            let minus: Scalar
            do { minus = try f(x) } catch { x.setScalar(keep, atStorageOffset: o); throw error }
            let slope: Scalar
            if case .float32(let p) = plus, case .float32(let m) = minus { slope = .float32((p - m) / Float(2 * h)) }
            else { slope = .float64((plus.doubleValue - minus.doubleValue) / (2 * h)) }
            grad.setScalar(Scalar(slope.doubleValue, as: grad.dtype), atStorageOffset: gradOffsets[i])
            x.setScalar(keep, atStorageOffset: o)
            progress?(i + 1, offsets.count)
        }
        return grad
    }

    /// Gradient descent from `start` (left unchanged): `x -= lr * gradient(f, x)` repeated.
    /// Returns the final x and the path, one row per step holding x before that step.
    public static func descend(_ f: (NDArray) throws -> Scalar, from start: NDArray, learningRate lr: Double = 0.01,
                               steps: Int = 100) throws -> (x: NDArray, path: NDArray) {
        let x = try start.astype(start.dtype.isFloatingPoint ? start.dtype : .float64)
        let path = try NDArray(zeros: [Swift.max(steps, 0), x.count], dtype: x.dtype)
        for step in 0..<Swift.max(steps, 0) {
            let row = try path.get([.int(step)])
            if case .array(let r) = row { try r.set([.ellipsis], .array(try x.reshaped([x.count]))) }
            let g = try gradient(f, at: x)
            try binaryInPlace(.subtract, x, .array(try binary(.multiply, .python(.float(lr)), .array(g))))
        }
        return (x, path)
    }
}
