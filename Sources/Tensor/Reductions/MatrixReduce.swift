/// `np.sum`, `np.max` and `np.min` of a C-contiguous float64 vector, or matrix along one axis — the
/// book's softmax (`np.max(x, axis=-1, keepdims=True)`, `np.sum(..., axis=-1, ...)`) and
/// Affine backward (`np.sum(dout, axis=0)`) on a batch — as plain loops over the rows. The
/// general walk (``ReductionLayout``) makes its layout, axis sets and closures per call, which
/// cost more than the sums of a 100 × 10 batch. Same order as that walk, so the same bits:
/// along rows, each output is the identity combined with the row's (pairwise) result; down
/// columns, each output starts at the identity and takes the rows one after another.
func matrixReduce(_ op: ReduceOp, _ a: NDArray, axis: Int, keepdims: Bool) throws -> NDArray? {
    guard op == .sum || op == .max || op == .min, a.dtype == .float64, a.isContiguous else { return nil }
    if a.ndim == 1, a.count > 0 {
        // A vector (the cross-entropy's `np.sum(np.log(...))`): the walk's one row.
        let out = try NDArray(zeros: keepdims ? [1] : [], dtype: .float64, zeroed: false)
        let p = a.readPointer(Double.self)
        switch op {
        case .sum: out.pointer(Double.self)[0] = 0 + pairwiseSum(p, a.count, 1)
        case .max: out.pointer(Double.self)[0] = fold(p, a.count, -.infinity, largest: true)
        default: out.pointer(Double.self)[0] = fold(p, a.count, .infinity, largest: false)
        }
        return out
    }
    guard a.ndim == 2, a.shape[0] > 1, a.shape[1] > 1 else { return nil }
    let rows = a.shape[0], n = a.shape[1]
    let shape = keepdims ? (axis == 1 ? [rows, 1] : [1, n]) : [axis == 1 ? rows : n]
    let out = try NDArray(zeros: shape, dtype: .float64, zeroed: false)
    let p = a.readPointer(Double.self), o = out.pointer(Double.self)
    if axis == 1 {
        switch op {
        case .sum: for r in 0..<rows { o[r] = 0 + pairwiseSum(p + r &* n, n, 1) }
        case .max: foldRows(p, rows, n, into: o, largest: true)
        default: foldRows(p, rows, n, into: o, largest: false)
        }
        return out
    }
    switch op {
    case .sum:
        o.update(repeating: 0, count: n)
        for r in 0..<rows {
            let row = p + r &* n
            for j in 0..<n { o[j] += row[j] }
        }
    case .max:
        o.update(repeating: -.infinity, count: n)
        for r in 0..<rows { combineRow(p + r &* n, into: o, n, largest: true) }
    default:
        o.update(repeating: .infinity, count: n)
        for r in 0..<rows { combineRow(p + r &* n, into: o, n, largest: false) }
    }
    return out
}

/// max/min's step, for every reduction: a NaN sticks; among equal values (0.0 and -0.0) the
/// later one wins, as in NumPy. Written as "acc stays only when strictly better, or NaN" so
/// that it compiles to compares and a blend, without branches.
@inline(__always)
func extremum<T: FloatingPoint>(_ acc: T, _ x: T, largest: Bool) -> T {
    (largest ? acc > x : acc < x) || acc.isNaN ? acc : x
}

@inline(__always)
private func fold(_ row: UnsafePointer<Double>, _ n: Int, _ identity: Double, largest: Bool) -> Double {
    var acc = identity
    for i in 0..<n { acc = extremum(acc, row[i], largest: largest) }
    return acc
}

/// The maximum (or minimum) of each row, four rows at a time: a row's steps depend on one
/// another, four rows' do not, so the CPU overlaps them (a 100 × 10 batch's softmax).
private func foldRows(_ p: UnsafePointer<Double>, _ rows: Int, _ n: Int, into o: UnsafeMutablePointer<Double>, largest: Bool) {
    let identity = largest ? -Double.infinity : .infinity
    var r = 0
    while r + 4 <= rows {
        let a = p + r &* n, b = a + n, c = b + n, d = c + n
        var x0 = identity, x1 = identity, x2 = identity, x3 = identity
        for i in 0..<n {
            x0 = extremum(x0, a[i], largest: largest); x1 = extremum(x1, b[i], largest: largest)
            x2 = extremum(x2, c[i], largest: largest); x3 = extremum(x3, d[i], largest: largest)
        }
        (o[r], o[r + 1], o[r + 2], o[r + 3]) = (x0, x1, x2, x3)
        r += 4
    }
    for k in r..<rows { o[k] = fold(p + k &* n, n, identity, largest: largest) }
}

@inline(__always)
private func combineRow(_ row: UnsafePointer<Double>, into o: UnsafeMutablePointer<Double>, _ n: Int, largest: Bool) {
    for j in 0..<n { o[j] = extremum(o[j], row[j], largest: largest) }
}
