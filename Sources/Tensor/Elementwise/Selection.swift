/// `np.where(cond, x, y)`: elements of x where cond is true, else of y, all broadcast
/// together; the dtype is the common type of x and y.
public func where_(_ condition: NDArray, _ x: Operand, _ y: Operand) throws -> NDArray {
    let dtype = resultType(x, y)
    let shape = try broadcastShapes(try broadcastShapes(condition.shape, x.shape), y.shape)
    let c = condition.dtype == .bool ? condition : try condition.astype(.bool)
    let a = try x.materialized(as: dtype), b = try y.materialized(as: dtype)
    let out = try NDArray(zeros: shape, dtype: dtype, zeroed: false)
    let loop = StridedLoop(shape: shape, strides: [
        broadcastStrides(shape: c.shape, strides: c.strides, to: shape),
        broadcastStrides(shape: a.shape, strides: a.strides, to: shape),
        broadcastStrides(shape: b.shape, strides: b.strides, to: shape),
        out.strides,
    ])
    switch dtype {
    case .float64: select(loop, c, a, b, out, Double.self)
    case .float32: select(loop, c, a, b, out, Float.self)
    case .int64: select(loop, c, a, b, out, Int64.self)
    case .uint8, .bool: select(loop, c, a, b, out, UInt8.self)
    }
    return out
}

private func select<T>(_ loop: StridedLoop, _ c: NDArray, _ a: NDArray, _ b: NDArray, _ out: NDArray, _: T.Type) {
    let pc = c.readPointer(UInt8.self), pa = a.readPointer(T.self), pb = b.readPointer(T.self)
    let po = out.pointer(T.self)
    loop.forEachRow { off, n, s in
        for i in 0..<n {
            po[off[3] &+ i &* s[3]] = pc[off[0] &+ i &* s[0]] != 0 ? pa[off[1] &+ i &* s[1]] : pb[off[2] &+ i &* s[2]]
        }
    }
}

/// `np.clip(a, lo, hi)`: values below `lo` become `lo`, above `hi` become `hi`, everything
/// else (NaN and -0.0 included) is kept as it is, as NumPy's clip loop does.
public func clip(_ a: NDArray, _ lo: Operand?, _ hi: Operand?) throws -> NDArray {
    guard lo != nil || hi != nil else { throw TensorError.value("One of max or min must be given") }
    var r = a
    if let lo { r = try where_(try binary(.less, .array(r), lo), lo, .array(r)) }
    if let hi { r = try where_(try binary(.greater, .array(r), hi), hi, .array(r)) }
    if r === a { r = try a.copy() }
    return r
}
