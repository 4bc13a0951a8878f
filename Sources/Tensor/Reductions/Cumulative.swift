/// `np.cumsum(a, axis)`: running sums along an axis (the flattened array without one),
/// added left to right as NumPy does. Integer and bool inputs accumulate in int64.
public func cumsum(_ a: NDArray, axis: Int? = nil) throws -> NDArray {
    let dtype: DType = a.dtype.isFloatingPoint ? a.dtype : .int64
    let source = axis == nil ? try a.contiguous().reshaped([a.count]) : a
    let out = try source.astype(dtype)
    let ax = try normalizeAxis(axis ?? 0, ndim: out.ndim)
    let n = out.shape[ax], step = out.strides[ax]
    if n <= 1 { return out }
    var rowsShape = out.shape, rowsStrides = out.strides
    rowsShape.remove(at: ax)
    rowsStrides.remove(at: ax)
    func accumulate<T>(_: T.Type, _ add: (T, T) -> T) {
        let p = out.pointer(T.self)
        NDArray.forEachOffset(shape: rowsShape, strides: rowsStrides, offset: 0) { start in
            var acc = p[start]
            for i in 1..<n {
                acc = add(acc, p[start &+ i &* step])
                p[start &+ i &* step] = acc
            }
        }
    }
    switch dtype {
    case .float64: accumulate(Double.self, +)
    case .float32: accumulate(Float.self, +)
    default: accumulate(Int64.self, &+)
    }
    return out
}

/// `np.average(a, axis, weights)`: the mean, or `sum(a * w) / sum(w)` with weights
/// (1-d weights along a single axis, or weights shaped like `a`).
public func average(_ a: NDArray, axes: [Int]? = nil, weights: NDArray? = nil) throws -> NDArray {
    guard let weights else { return try reduce(.mean, a, axes: axes) }
    var w = weights
    if w.shape != a.shape {
        guard let axes, axes.count == 1 else {
            throw TensorError.type("Axis must be specified when shapes of a and weights differ.")
        }
        guard w.ndim == 1 else { throw TensorError.type("1D weights expected when shapes of a and weights differ.") }
        let ax = try normalizeAxis(axes[0], ndim: a.ndim)
        guard w.shape[0] == a.shape[ax] else { throw TensorError.value("Length of weights not compatible with specified axis.") }
        var shape = [Int](repeating: 1, count: a.ndim)
        shape[ax] = w.shape[0]
        w = try w.reshaped(shape)
        w = try broadcast(w, to: a.shape)
    }
    let total = try reduce(.sum, w, axes: axes)
    let weighted = try reduce(.sum, try binary(.multiply, .array(a), .array(w)), axes: axes)
    return try binary(.divide, .array(weighted), .array(total))
}
