/// `np.arange` with float arguments (any argument a Python float): float64 unless `dtype` says.
///
/// Like NumPy, the length is `ceil((stop - start) / step)` and element i is
/// `start + i * delta` where `delta = (start + step) - start`, so values match bit for bit.
public func arange(start: Double = 0, stop: Double, step: Double = 1, dtype: DType? = nil) throws -> NDArray {
    let dtype = dtype ?? .float64
    if step == 0 { throw TensorError(.zeroDivisionError, "float division by zero") }
    let q = (stop - start) / step
    if q.isNaN { throw TensorError.value("arange: cannot compute length") }
    let n = try arangeLength(q.rounded(.up))
    let out = try arangeArray(n, dtype)
    if n == 0 { return out }
    let first = start, second = start + step
    switch dtype {
    case .float64:
        let p = out.pointer(Double.self)
        let delta = second - first
        p[0] = first
        for i in 1..<n { p[i] = first + Double(i) * delta }
        if n > 1 { p[1] = second }
    case .float32:
        let p = out.pointer(Float.self)
        let f0 = Float(first), delta = Float(second) - f0
        p[0] = f0
        for i in 1..<n { p[i] = f0 + Float(i) * delta }
        if n > 1 { p[1] = Float(second) }
    case .int64, .uint8, .bool:
        // NumPy casts the first two values, then steps by their difference in the target type.
        let i0 = Int64(clampingToInt64: first), i1 = Int64(clampingToInt64: second)
        try fillIntegerRange(out, first: i0, delta: i1 &- i0, count: n)
    }
    return out
}

/// `np.arange` with integer arguments: int64 unless `dtype` says; exact for any int64 range.
public func arange(start: Int64 = 0, stop: Int64, step: Int64 = 1, dtype: DType? = nil) throws -> NDArray {
    let dtype = dtype ?? .int64
    if step == 0 { throw TensorError(.zeroDivisionError, "division by zero") }
    // ceil((stop - start) / step) without overflow: do it in Double only for the huge cases.
    let (span, o) = stop.subtractingReportingOverflow(start)
    let n: Int
    if o {
        n = try arangeLength(((Double(stop) - Double(start)) / Double(step)).rounded(.up))
    } else {
        let q = span / step, r = span % step
        let c = (r != 0 && ((r > 0) == (step > 0))) ? q + 1 : q
        n = c <= 0 ? 0 : try arangeLength(Double(c))
    }
    let out = try arangeArray(n, dtype)
    if n == 0 { return out }
    switch dtype {
    case .float64:
        let p = out.pointer(Double.self)
        let f0 = Double(start), delta = Double(start &+ step) - f0
        for i in 0..<n { p[i] = f0 + Double(i) * delta }
    case .float32:
        let p = out.pointer(Float.self)
        let f0 = Float(start), delta = Float(start &+ step) - f0
        for i in 0..<n { p[i] = f0 + Float(i) * delta }
    case .int64, .uint8, .bool:
        try fillIntegerRange(out, first: start, delta: step, count: n)
    }
    return out
}

/// Checks a computed arange length: negative means empty, huge is NumPy's size error.
private func arangeLength(_ q: Double) throws -> Int {
    if q <= 0 { return 0 }
    guard q < 9.2e18 else { throw TensorError.value("Maximum allowed size exceeded") }
    return Int(q)
}

private func arangeArray(_ n: Int, _ dtype: DType) throws -> NDArray {
    if dtype == .bool && n > 2 {
        throw TensorError.type("arange() is only supported for booleans when the result has at most length 2.")
    }
    return try NDArray(zeros: [n], dtype: dtype, zeroed: false)
}

private func fillIntegerRange(_ out: NDArray, first: Int64, delta: Int64, count n: Int) throws {
    switch out.dtype {
    case .int64:
        let p = out.pointer(Int64.self)
        var v = first
        for i in 0..<n { p[i] = v; v = v &+ delta }
    default:
        var v = first
        for i in 0..<n { out.setScalar(.int64(v), atStorageOffset: out.offset + i); v = v &+ delta }
    }
}

/// `np.linspace(start, stop, num, endpoint)`, float64 (or `dtype`), bit for bit as NumPy:
/// `step = (stop - start) / div`, element i is `i * step + start`, the last set to `stop`.
public func linspace(_ start: Double, _ stop: Double, num: Int = 50, endpoint: Bool = true,
                     dtype: DType? = nil) throws -> NDArray {
    if num < 0 { throw TensorError.value("Number of samples, \(num), must be non-negative.") }
    let out = try NDArray(zeros: [num], dtype: .float64, zeroed: false)
    let p = out.pointer(Double.self)
    let div = endpoint ? num - 1 : num
    let delta = stop - start
    if div > 0 {
        let step = delta / Double(div)
        if step == 0 {
            for i in 0..<num { p[i] = (Double(i) / Double(div)) * delta + start }
        } else {
            for i in 0..<num { p[i] = Double(i) * step + start }
        }
    } else {
        for i in 0..<num { p[i] = Double(i) * delta + start }
    }
    if endpoint && num > 1 { p[num - 1] = stop }
    guard let dtype, dtype != .float64 else { return out }
    let cast = try NDArray(zeros: [num], dtype: dtype, zeroed: false)
    if dtype.isInteger {
        // NumPy floors before the integer cast so negative values round down.
        for i in 0..<num { p[i] = p[i].rounded(.down) }
    }
    ElementCopy.assign(cast, from: out)
    return cast
}

/// `np.eye(n, m, k, dtype)`: ones on the k-th diagonal of an n×m matrix.
public func eye(_ n: Int, _ m: Int? = nil, k: Int = 0, dtype: DType = .float64) throws -> NDArray {
    let cols = m ?? n
    let out = try NDArray(zeros: [n, cols], dtype: dtype)
    guard n > 0, cols > 0 else { return out }
    let one = Scalar(1, as: dtype)
    // Row i has its one in column i + k, when that column exists.
    let firstRow = max(0, -k)
    var i = firstRow
    while i < n {
        let (c, o) = i.addingReportingOverflow(k)
        if o || c >= cols { break }
        out.setScalar(one, atStorageOffset: i &* cols &+ c)
        i += 1
    }
    return out
}

/// `np.meshgrid(x, y, ...)` with NumPy's default 'xy' indexing; returns fresh copies.
/// Inputs are flattened; with two or more, the first two output axes are swapped.
public func meshgrid(_ arrays: [NDArray]) throws -> [NDArray] {
    let flat = try arrays.map { try $0.ravel() }
    var shape = flat.map { $0.count }
    if shape.count >= 2 { shape.swapAt(0, 1) }
    return try flat.enumerated().map { (i, a) in
        var axis = i
        if flat.count >= 2 && i < 2 { axis = 1 - i }
        var strides = [Int](repeating: 0, count: shape.count)
        strides[axis] = a.strides[0]
        let view = NDArray(storage: a.storage, dtype: a.dtype, shape: shape, strides: strides, offset: a.offset)
        let out = try NDArray(zeros: shape, dtype: a.dtype, zeroed: false)
        ElementCopy.assign(out, from: view)
        return out
    }
}
