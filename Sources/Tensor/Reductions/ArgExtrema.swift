import CKernels

/// `np.argmax(a, axis)`: the index of the first largest element (a NaN counts as largest,
/// as in NumPy). Without an axis the array is read in C order and a 0-d int64 array returned.
public func argmax(_ a: NDArray, axis: Int? = nil, keepdims: Bool = false) throws -> NDArray {
    try argExtremum(a, axis: axis, keepdims: keepdims, largest: true)
}

/// `np.argmin(a, axis)`: like ``argmax(_:axis:keepdims:)`` for the smallest element.
public func argmin(_ a: NDArray, axis: Int? = nil, keepdims: Bool = false) throws -> NDArray {
    try argExtremum(a, axis: axis, keepdims: keepdims, largest: false)
}

private func argExtremum(_ a: NDArray, axis: Int?, keepdims: Bool, largest: Bool) throws -> NDArray {
    let name = largest ? "argmax" : "argmin"
    // Work on a view whose last axis is the one searched: the array itself when it is already
    // (`t.argmax(axis=1)` on a batch), so its rows stay as they lie.
    let view: NDArray
    var outShape: [Int]
    if let axis {
        let ax = try normalizeAxis(axis, ndim: a.ndim)
        if ax == a.ndim - 1 {
            view = a
        } else {
            var order = Array(0..<a.ndim)
            order.remove(at: ax)
            order.append(ax)
            view = try a.transposed(order)
        }
        outShape = a.shape
        if keepdims { outShape[ax] = 1 } else { outShape.remove(at: ax) }
    } else {
        view = try a.contiguous().reshaped([a.count])
        outShape = keepdims ? [Int](filling: 1, count: a.ndim) : []
    }
    let n = view.shape.last ?? 1
    let out = try NDArray(zeros: outShape, dtype: .int64, zeroed: false)
    if out.count == 0 { return out }
    if n == 0 { throw TensorError.value("attempt to get \(name) of an empty sequence") }
    let o = out.pointer(Int64.self)
    // Rows one after another (np.argmax(scores, axis=1) on a batch): a plain loop a row.
    if view.isContiguous, a.dtype == .float64 || a.dtype == .float32 {
        if a.dtype == .float64 { nn_arg_extremum_rows_f64(view.readPointer(Double.self), Int64(out.count), Int64(n), largest ? 1 : 0, o) }
        else { nn_arg_extremum_rows_f32(view.readPointer(Float.self), Int64(out.count), Int64(n), largest ? 1 : 0, o) }
        return out
    }
    let rowsShape = Array(view.shape.dropLast()), rowsStrides = Array(view.strides.dropLast())
    let step = view.strides.last ?? 1
    var k = 0
    func scan<T>(_: T.Type, _ better: (T, T) -> Bool) {
        let p = view.storage.readBase.assumingMemoryBound(to: T.self)
        NDArray.forEachOffset(shape: rowsShape, strides: rowsStrides, offset: view.offset) { start in
            var best = p[start], index = 0
            for i in 1..<Swift.max(n, 1) where better(p[start &+ i &* step], best) {
                best = p[start &+ i &* step]
                index = i
            }
            o[k] = Int64(index)
            k += 1
        }
    }
    func scanFloat<T: FloatElement>(_: T.Type) {
        // The first NaN wins; otherwise strictly better values replace the current one.
        if largest { scan(T.self) { x, best in !best.isNaN && (x > best || x.isNaN) } }
        else { scan(T.self) { x, best in !best.isNaN && (x < best || x.isNaN) } }
    }
    switch a.dtype {
    case .float64: scanFloat(Double.self)
    case .float32: scanFloat(Float.self)
    case .int64: if largest { scan(Int64.self, >) } else { scan(Int64.self, <) }
    case .uint8, .bool: if largest { scan(UInt8.self, >) } else { scan(UInt8.self, <) }
    }
    return out
}

